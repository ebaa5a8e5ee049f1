/**
 * The SQL of one instance save: a single statement whose data-modifying CTEs write the instance row
 * and rewrite its user task, job, timer and subscription rows from the snapshot. One statement is one
 * round trip and one implicit transaction; when the version check fails the instance CTE returns no
 * row and every projection CTE (guarded by `EXISTS (SELECT 1 FROM inst)`) does nothing.
 *
 * Parameters: $1 id, $2 expected version (update only), $3 new version, $4 process key,
 * $5 process version, $6 status, $7 business key, $8 parent instance id, $9 the snapshot text,
 * $10 the history events of this save as a JSON array, or NULL. The history rows are inserted by a CTE
 * of the same statement under the same guard, so they commit with the snapshot or not at all.
 *
 * Projection rows are upserted and the ones no longer in the snapshot deleted (never delete-then-insert:
 * sibling CTEs run in no defined order, so re-inserting a deleted key in the same statement could
 * collide). An upsert that would change nothing is skipped by its WHERE, so unchanged rows cost no
 * new row version.
 */

const INSERT_INSTANCE = (s: string): string => `
  INSERT INTO ${s}.instances
    (id, version, process_key, process_version, status, business_key, parent_instance_id, snapshot, started_at)
  SELECT $1, $3, $4, $5, $6, $7, $8, $9::jsonb, coalesce($9::jsonb ->> 'startedAt', '') WHERE $2::bigint IS NULL
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

const UPDATE_INSTANCE = (s: string): string => `
  UPDATE ${s}.instances SET
    version = $3, process_key = $4, process_version = $5, status = $6, business_key = $7,
    parent_instance_id = $8, snapshot = $9::jsonb, updated_at = now()
  WHERE id = $1 AND version = $2::bigint
  RETURNING id`;

/** Upsert `rows` into `table` and delete this instance's rows whose id is not among them. */
function projection(s: string, name: string, table: string, columns: string[], rows: string, leaseReset?: string): string {
  const set = columns.map((c) => `${c} = EXCLUDED.${c}`);
  if (leaseReset !== undefined) {
    const changed = `(${table}.${leaseReset.split(',').join(`, ${table}.`)}) IS DISTINCT FROM (EXCLUDED.${leaseReset.split(',').join(', EXCLUDED.')})`;
    set.push(`lease_owner = CASE WHEN ${changed} THEN NULL ELSE ${table}.lease_owner END`);
    set.push(`lease_expires_at = CASE WHEN ${changed} THEN NULL ELSE ${table}.lease_expires_at END`);
  }
  const old = columns.map((c) => `${table}.${c}`).join(', ');
  const neu = columns.map((c) => `EXCLUDED.${c}`).join(', ');
  return `
  ${name}_rows AS (${rows}),
  ${name}_del AS (
    DELETE FROM ${s}.${table} t
    WHERE t.instance_id = $1 AND EXISTS (SELECT 1 FROM inst) AND t.id NOT IN (SELECT id FROM ${name}_rows)),
  ${name}_up AS (
    INSERT INTO ${s}.${table} (instance_id, id, ${columns.join(', ')})
    SELECT $1, id, ${columns.join(', ')} FROM ${name}_rows WHERE EXISTS (SELECT 1 FROM inst)
    ON CONFLICT (instance_id, id) DO UPDATE SET ${set.join(', ')}
    WHERE (${old}) IS DISTINCT FROM (${neu}))`;
}

const USER_TASK_ROWS = `
  SELECT r.id, $4::text AS process_key, $6::text AS instance_status, $7::text AS business_key,
    r."elementId" AS element_id, r.name, r.assignee,
    coalesce(r."candidateUsers", '{}') AS candidate_users, coalesce(r."candidateGroups", '{}') AS candidate_groups,
    r."dueDate" AS due_date, r."followUpDate" AS follow_up_date, r.priority, r."createdAt" AS created_at, r.description
  FROM jsonb_to_recordset($9::jsonb -> 'userTasks') AS r(
    id text, "elementId" text, name text, assignee text, "candidateUsers" text[], "candidateGroups" text[],
    "dueDate" text, "followUpDate" text, priority double precision, "createdAt" text, description text)`;

/** A job's or timer's priority (absent = 0); a JavaScript number past Java's long range is held at its end. */
const PRIORITY = `least(greatest(coalesce(r.priority, 0), -9223372036854775808), 9223372036854775807)::bigint AS priority`;

const JOB_ROWS = `
  SELECT r.id, $6::text AS instance_status, r.kind, r."elementId" AS element_id, r."tokenId" AS token_id,
    r.type, coalesce(r.attempt, 0) AS attempt, r.retries,
    coalesce(r."dueAt", '-infinity') AS due_at, r."workerId" AS worker_id,
    r."lockExpiresAt" AS lock_expires_at,
    EXISTS (SELECT 1 FROM jsonb_array_elements($9::jsonb -> 'incidents') i WHERE i ->> 'jobId' = r.id) AS has_incident,
    ${PRIORITY}
  FROM jsonb_to_recordset($9::jsonb -> 'jobs') AS r(
    id text, kind text, "elementId" text, "tokenId" text, type text, attempt integer, retries integer,
    "dueAt" timestamptz, "workerId" text, "lockExpiresAt" timestamptz, priority numeric)`;

const TIMER_ROWS = `
  SELECT r.id, $6::text AS instance_status, r."elementId" AS element_id, r."tokenId" AS token_id,
    r."scopeId" AS scope_id, r."dueAt" AS due_at, r.repeat, r.cycle, ${PRIORITY}
  FROM jsonb_to_recordset($9::jsonb -> 'timers') AS r(
    id text, "elementId" text, "tokenId" text, "scopeId" text, "dueAt" timestamptz, repeat integer, cycle text, priority numeric)`;

const SUBSCRIPTION_ROWS = `
  SELECT r.id, $4::text AS process_key, $6::text AS instance_status, r.kind, r.name,
    r."correlationKey" AS correlation_key, r."elementId" AS element_id, r."tokenId" AS token_id,
    r."scopeId" AS scope_id
  FROM jsonb_to_recordset($9::jsonb -> 'subscriptions') AS r(
    id text, kind text, name text, "correlationKey" text, "elementId" text, "tokenId" text, "scopeId" text)`;

/**
 * History rows from a JSON array of events in $<param>, in array order (the identity `position` follows
 * the SELECT's order). `seq` is copied out for queries; an event without a numeric seq gets NULL.
 */
function historyInsert(s: string, param: number, guard: string): string {
  return `INSERT INTO ${s}.history (instance_id, seq, event)
    SELECT $1, CASE WHEN jsonb_typeof(e -> 'seq') = 'number' THEN (e ->> 'seq')::numeric::bigint END, e
    FROM jsonb_array_elements($${param}::jsonb) WITH ORDINALITY AS x(e, n)
    ${guard}
    ORDER BY n`;
}

/** Append the events in $2 (a JSON array) to the history of instance $1. */
export function appendHistorySql(s: string): string {
  return historyInsert(s, 2, '');
}

/** The four projection tables, as bits of a mask: a save rewrites only those whose rows may change. */
export const PROJECTIONS = { userTasks: 1, jobs: 2, timers: 4, subscriptions: 8 } as const;
export const ALL_PROJECTIONS = 15;

function saveSql(s: string, instanceSql: string, mask: number): string {
  const parts = [`inst AS (${instanceSql})`];
  if (mask & PROJECTIONS.userTasks) {
    parts.push(projection(s, 'ut', 'user_tasks', ['process_key', 'instance_status', 'business_key', 'element_id', 'name', 'assignee', 'candidate_users', 'candidate_groups', 'due_date', 'follow_up_date', 'priority', 'created_at', 'description'], USER_TASK_ROWS));
  }
  if (mask & PROJECTIONS.jobs) {
    parts.push(projection(s, 'job', 'jobs', ['instance_status', 'kind', 'element_id', 'token_id', 'type', 'attempt', 'retries', 'due_at', 'worker_id', 'lock_expires_at', 'has_incident', 'priority'], JOB_ROWS, 'attempt,due_at'));
  }
  if (mask & PROJECTIONS.timers) {
    parts.push(projection(s, 'tm', 'timers', ['instance_status', 'element_id', 'token_id', 'scope_id', 'due_at', 'repeat', 'cycle', 'priority'], TIMER_ROWS, 'due_at'));
  }
  if (mask & PROJECTIONS.subscriptions) {
    parts.push(projection(s, 'sub', 'subscriptions', ['process_key', 'instance_status', 'kind', 'name', 'correlation_key', 'element_id', 'token_id', 'scope_id'], SUBSCRIPTION_ROWS));
  }
  parts.push(`hist AS (${historyInsert(s, 10, 'WHERE EXISTS (SELECT 1 FROM inst)')})`);
  return `WITH
  ${parts.join(',\n  ')}
  SELECT count(*)::int AS saved FROM inst`;
}

export interface SaveStatements {
  /** The insert of a new instance, writing the projections in `mask`. */
  insert(mask: number): string;
  /** The versioned update, rewriting the projections in `mask`. */
  update(mask: number): string;
  appendHistory: string;
}

/**
 * The save statements for the schema `s` (already quoted), one text per projection mask (made when first
 * asked for; each is a prepared statement of its own).
 */
export function saveStatements(s: string): SaveStatements {
  const made = new Map<number, string>();
  const text = (insert: boolean, mask: number): string => {
    const key = (insert ? 16 : 0) | mask;
    let sql = made.get(key);
    if (sql === undefined) made.set(key, (sql = saveSql(s, insert ? INSERT_INSTANCE(s) : UPDATE_INSTANCE(s), mask)));
    return sql;
  };
  return { insert: (mask) => text(true, mask), update: (mask) => text(false, mask), appendHistory: appendHistorySql(s) };
}
