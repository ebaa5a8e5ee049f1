import type { PoolClient } from 'pg';
import { StoreError } from '../../errors/index.js';

/**
 * The database schema, as ordered steps. A released step is frozen: a later change is a new step with
 * the next version, never an edit (databases in the field have already run the old text). Each step
 * runs with `search_path` set to the store's schema, so the SQL names tables without a schema.
 */
export interface SchemaMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'instances, history, deployments, user tasks, jobs, timers, subscriptions',
    sql: `
CREATE TABLE instances (
  id text PRIMARY KEY,
  process_key text NOT NULL,
  process_version integer NOT NULL,
  status text NOT NULL,
  business_key text,
  parent_instance_id text,
  version bigint NOT NULL,
  snapshot jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instances_process_key_status ON instances (process_key, status);
CREATE INDEX instances_status ON instances (status);
CREATE INDEX instances_business_key ON instances (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX instances_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;

-- position, not the event's seq, orders a read: the contract is "append order".
CREATE TABLE history (
  instance_id text NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  seq bigint,
  event jsonb NOT NULL,
  PRIMARY KEY (instance_id, position)
);

CREATE TABLE deployments (
  id text PRIMARY KEY,
  name text,
  hash text NOT NULL,
  deployed_at text NOT NULL,
  deployment jsonb NOT NULL
);

-- The tables below are projections of the snapshot, rewritten by every save in the same statement.
-- Process key and instance status are copied in so that queries on them need no join.
CREATE TABLE user_tasks (
  instance_id text NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
  id text NOT NULL,
  process_key text NOT NULL,
  instance_status text NOT NULL,
  business_key text,
  element_id text NOT NULL,
  name text,
  assignee text,
  candidate_users text[] NOT NULL,
  candidate_groups text[] NOT NULL,
  due_date text,
  follow_up_date text,
  priority double precision,
  created_at text NOT NULL,
  PRIMARY KEY (instance_id, id)
);
CREATE INDEX user_tasks_id ON user_tasks (id);
CREATE INDEX user_tasks_assignee ON user_tasks (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX user_tasks_process_key ON user_tasks (process_key);
CREATE INDEX user_tasks_candidate_users ON user_tasks USING gin (candidate_users);
CREATE INDEX user_tasks_candidate_groups ON user_tasks USING gin (candidate_groups);

-- due_at is -infinity for "due now" so one index serves every due query.
-- lease_*: a claim by dueJobs; cleared by a save that changes the job's attempt or due time.
CREATE TABLE jobs (
  instance_id text NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
  id text NOT NULL,
  instance_status text NOT NULL,
  kind text NOT NULL,
  element_id text NOT NULL,
  token_id text NOT NULL,
  type text,
  attempt integer NOT NULL,
  retries integer,
  due_at timestamptz NOT NULL,
  worker_id text,
  lock_expires_at timestamptz,
  has_incident boolean NOT NULL,
  lease_owner text,
  lease_expires_at timestamptz,
  PRIMARY KEY (instance_id, id)
);
CREATE INDEX jobs_runnable_due ON jobs (due_at) WHERE instance_status = 'RUNNING' AND NOT has_incident;
CREATE INDEX jobs_type ON jobs (type) WHERE type IS NOT NULL;

CREATE TABLE timers (
  instance_id text NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
  id text NOT NULL,
  instance_status text NOT NULL,
  element_id text NOT NULL,
  token_id text,
  scope_id text,
  due_at timestamptz NOT NULL,
  repeat integer,
  cycle text,
  lease_owner text,
  lease_expires_at timestamptz,
  PRIMARY KEY (instance_id, id)
);
CREATE INDEX timers_running_due ON timers (due_at) WHERE instance_status = 'RUNNING';

CREATE TABLE subscriptions (
  instance_id text NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
  id text NOT NULL,
  process_key text NOT NULL,
  instance_status text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  correlation_key text,
  element_id text NOT NULL,
  token_id text,
  scope_id text,
  PRIMARY KEY (instance_id, id)
);
CREATE INDEX subscriptions_kind_name ON subscriptions (kind, name, correlation_key);
`,
  },
  {
    version: 2,
    name: 'instance start times for listing; buffered messages and message ids shared by engine processes',
    sql: `
ALTER TABLE instances ADD COLUMN started_at text;
UPDATE instances SET started_at = snapshot ->> 'startedAt';
ALTER TABLE instances ALTER COLUMN started_at SET NOT NULL;
-- listInstances: newest first, ties by id.
CREATE INDEX instances_started ON instances (started_at DESC, id COLLATE "C");
CREATE INDEX instances_key_started ON instances (process_key, started_at DESC, id COLLATE "C");

-- Messages that matched no subscription, kept for their ttlMs; taken (deleted) by the process that delivers them.
CREATE TABLE message_buffer (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  correlation_key text,
  variables jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX message_buffer_name ON message_buffer (name, expires_at);

-- A messageId is accepted once while its row lives; result is the first delivery's answer (NULL while it runs).
CREATE TABLE message_ids (
  message_id text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  result jsonb
);
`,
  },
  {
    version: 3,
    name: 'job and timer priorities (Camunda 7 camunda:jobPriority / camunda:taskPriority)',
    // Snapshots written before this version have no priorities (0).
    sql: `
ALTER TABLE jobs ADD COLUMN priority bigint NOT NULL DEFAULT 0;
ALTER TABLE timers ADD COLUMN priority bigint NOT NULL DEFAULT 0;
`,
  },
  {
    version: 4,
    name: 'claims by priority without sorting every due row',
    // Claims walk the priorities in use from the highest down (a loose index scan) and take each one's due
    // rows by due time (queries.ts, dueInPriorityOrder): both need priority, then due_at.
    sql: `
CREATE INDEX jobs_runnable_priority ON jobs (priority DESC, due_at) WHERE instance_status = 'RUNNING' AND NOT has_incident;
CREATE INDEX timers_running_priority ON timers (priority DESC, due_at) WHERE instance_status = 'RUNNING';
`,
  },
  {
    version: 5,
    name: 'user task descriptions set by task listeners',
    // Only a description a listener set is stored; the <documentation> comes from the deployment.
    sql: `
ALTER TABLE user_tasks ADD COLUMN description text;
`,
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_MIGRATIONS[SCHEMA_MIGRATIONS.length - 1]!.version;

/** Double-quote an SQL identifier after checking it is a plain lower-case name (no quoting games). */
export function quoteSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`PostgreSQL schema name must match [a-z_][a-z0-9_]* (at most 63 characters), got '${schema}'`);
  }
  return `"${schema}"`;
}

/**
 * Bring `schema` up to the latest version, or with `apply: false` only check that it is there.
 * Everything runs in one transaction under a transaction-scoped advisory lock keyed on the schema name:
 * a second process starting at the same moment waits, then finds the work done. PostgreSQL DDL is
 * transactional, so a failing step leaves the schema as it was.
 */
export async function migrateSchema(client: PoolClient, schema: string, apply: boolean): Promise<number[]> {
  const q = quoteSchemaName(schema);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('bpmn-runner:migrate:' || $1, 0))`, [schema]);
    const applied = await appliedVersions(client, schema, q, apply);
    const newest = applied.length === 0 ? 0 : Math.max(...applied);
    if (newest > LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        `PostgreSQL schema '${schema}' is at version ${newest}, newer than this bpmn-runner knows ` +
          `(${LATEST_SCHEMA_VERSION}); upgrade bpmn-runner`,
      );
    }
    const pending = SCHEMA_MIGRATIONS.filter((m) => !applied.includes(m.version));
    if (pending.length > 0 && !apply) {
      throw new StoreError(
        `PostgreSQL schema '${schema}' lacks migrations ${pending.map((m) => m.version).join(', ')}; ` +
          'run `npx bpmn-runner db migrate --schema ' + schema + '` (or open the store with migrate: true)',
      );
    }
    await client.query(`SET LOCAL search_path TO ${q}`);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function appliedVersions(client: PoolClient, schema: string, q: string, create: boolean): Promise<number[]> {
  if (create) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  } else {
    const found = await client.query('SELECT to_regclass($1) AS t', [`${q}.schema_migrations`]);
    if (found.rows[0]?.t === null) return [];
  }
  const rows = await client.query<{ version: number }>(`SELECT version FROM ${q}.schema_migrations`);
  return rows.rows.map((r) => r.version);
}

/** Versions applied to `schema` and those this bpmn-runner would still apply (nothing is changed). */
export async function schemaStatus(client: PoolClient, schema: string): Promise<{ applied: number[]; pending: number[] }> {
  const applied = (await appliedVersions(client, schema, quoteSchemaName(schema), false)).sort((a, b) => a - b);
  return { applied, pending: SCHEMA_MIGRATIONS.map((m) => m.version).filter((v) => !applied.includes(v)) };
}
