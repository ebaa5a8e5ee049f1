import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/index.js';

/** The database the Postgres tests use; `scripts/ensure-postgres.sh` starts the local one. */
export const PG_URL = process.env.BPMN_RUNNER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Fails (never skips) when the database cannot be reached, so a missing server shows up as a red
 * test run with the reason rather than as a green one that tested nothing.
 */
export async function assertDatabaseReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `cannot reach PostgreSQL at ${PG_URL} (set BPMN_RUNNER_PG_URL, or start it with scripts/ensure-postgres.sh): ` +
        (e instanceof Error ? e.message : String(e)),
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** A schema of this test run alone, so parallel runs and leftovers never meet. */
export function testSchemaName(): string {
  return `bpmn_runner_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A raw connection for what a test does behind the store's back (holding row locks, reading tables). */
export async function rawClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  return client;
}

/**
 * Registers the hooks every Postgres test suite needs: fail early when the database is unreachable,
 * and give each test an opened store on a schema of its own, closed and dropped afterwards.
 */
export function freshPostgresStore(use: (store: PostgresStore, schema: string) => void): void {
  let store: PostgresStore | undefined;
  let schema = '';
  beforeAll(assertDatabaseReachable);
  beforeEach(async () => {
    schema = testSchemaName();
    store = new PostgresStore({ connectionString: PG_URL, schema });
    await store.open();
    use(store, schema);
  });
  afterEach(async () => {
    await store?.close();
    await dropSchema(schema);
  });
}
