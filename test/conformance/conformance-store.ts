import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { FileStore, MemoryStore, PostgresStore } from '../../src/index.js';
import type { Store } from '../../src/index.js';

/**
 * The store each engine of a conformance run gets: MemoryStore unless BPMN_RUNNER_CONFORMANCE_STORE says
 * `file` (a FileStore in a temporary directory) or `postgres` (a PostgresStore on a fresh schema of
 * BPMN_RUNNER_PG_URL, which runs the engine's shared-store path). Every hop makes a new engine and
 * store, so each store cleans up after itself on close. `npm run test:conformance-stores` runs both.
 */
export function conformanceStore(): Store {
  const kind = process.env.BPMN_RUNNER_CONFORMANCE_STORE ?? 'memory';
  if (kind === 'memory') return new MemoryStore();
  if (kind === 'file') {
    const dir = mkdtempSync(join(tmpdir(), 'bpmn-conformance-'));
    const store = new FileStore({ dir });
    const close = store.close.bind(store);
    store.close = async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    };
    return store;
  }
  if (kind === 'postgres') {
    const url = process.env.BPMN_RUNNER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bpmn_conformance_${randomBytes(6).toString('hex')}`;
    const store = new PostgresStore({ connectionString: url, schema, maxConnections: 3 });
    const close = store.close.bind(store);
    store.close = async () => {
      await close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    };
    return store;
  }
  throw new Error(`BPMN_RUNNER_CONFORMANCE_STORE must be memory, file or postgres, got "${kind}"`);
}
