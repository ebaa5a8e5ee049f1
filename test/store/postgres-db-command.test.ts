import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbCommand } from '../../src/cli/db-command.js';
import type { Output } from '../../src/cli/terminal.js';
import { LATEST_SCHEMA_VERSION, PostgresStore, SCHEMA_MIGRATIONS } from '../../src/store/postgres/index.js';
import { PG_URL, assertDatabaseReachable, dropSchema, testSchemaName } from './postgres-test-db.js';

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), log: (l) => lines.push(l), err: (l) => errors.push(l) };
}

describe('bpmn-runner db', () => {
  let schema: string;
  beforeAll(assertDatabaseReachable);
  beforeEach(() => {
    schema = testSchemaName();
  });
  afterEach(() => dropSchema(schema));

  it('migrates a fresh schema once, reports it up to date after, and engines that may not migrate then open it', async () => {
    const refused = new PostgresStore({ connectionString: PG_URL, schema, migrate: false });
    const all = SCHEMA_MIGRATIONS.map((m) => m.version);
    await expect(refused.open()).rejects.toThrow(`lacks migrations ${all.join(', ')}; run \`npx bpmn-runner db migrate --schema ${schema}\``);

    const first = capture();
    expect(await dbCommand(['status', '--url', PG_URL, '--schema', schema], first)).toBe(1);
    expect(await dbCommand(['migrate', '--url', PG_URL, '--schema', schema], first)).toBe(0);
    const again = capture();
    expect(await dbCommand(['migrate', '--url', PG_URL, '--schema', schema, '--json'], again)).toBe(0);
    expect(await dbCommand(['status', '--url', PG_URL, '--schema', schema], again)).toBe(0);

    expect(first.lines[0]).toBe(`schema ${schema}: applied none; pending ${all.join(', ')}`);
    expect(first.lines.slice(1).map((l) => l.replace(/ — .*/, ''))).toEqual(all.map((v) => `schema ${schema}: applied ${v}`));
    expect(JSON.parse(again.lines[0]!)).toEqual({ schema, applied: [], version: LATEST_SCHEMA_VERSION });
    expect(again.lines[1]).toBe(`schema ${schema}: applied ${all.join(', ')}; pending none`);
    const store = new PostgresStore({ connectionString: PG_URL, schema, migrate: false });
    await store.open();
    await store.close();
  });

  it('says which database it could not reach', async () => {
    const io = capture();
    const run = dbCommand(['migrate', '--url', 'postgres://nobody:secret@127.0.0.1:1/none', '--schema', schema], io);
    await expect(run).rejects.toThrow(/cannot reach PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  });

  it('needs an action and a URL', async () => {
    const saved = process.env.BPMN_RUNNER_PG_URL;
    delete process.env.BPMN_RUNNER_PG_URL;
    try {
      await expect(dbCommand(['migrate'], capture())).rejects.toThrow(/db needs --url/);
      await expect(dbCommand(['drop', '--url', PG_URL], capture())).rejects.toThrow(/one action: migrate or status/);
    } finally {
      if (saved !== undefined) process.env.BPMN_RUNNER_PG_URL = saved;
    }
  });
});
