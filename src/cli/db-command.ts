import pg from 'pg';
import { StoreError } from '../errors/index.js';
import { LATEST_SCHEMA_VERSION, SCHEMA_MIGRATIONS, migrateSchema, schemaStatus } from '../store/postgres/index.js';
import { parseCommandArgs, stringOption } from './command-args.js';
import type { Output } from './terminal.js';
import { UsageError } from './variables.js';

export const DB_USAGE = `Usage: bpmn-runner db <migrate|status> [--url <postgres-url>] [--schema <name>] [--json]

PostgreSQL schema of a PostgresStore (the store of many engine processes over one database).
  migrate   apply the schema migrations this bpmn-runner has and the database lacks; safe to run from
            several places at once (one applies them, the others find them done)
  status    list applied and pending migrations; changes nothing (exit 1 when any are pending)

Options:
  --url <url>      connection string; default $BPMN_RUNNER_PG_URL
  --schema <name>  schema holding the tables (default bpmn_runner)
  --json           print JSON
  -h, --help       this text

Engines open a PostgresStore with { migrate: false } to refuse to start on a schema that lacks
migrations instead of applying them themselves.`;

/** `bpmn-runner db migrate|status`: the schema of a PostgresStore, outside any engine. */
export async function dbCommand(args: readonly string[], io: Output): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, { url: { type: 'string' }, schema: { type: 'string' }, json: { type: 'boolean' } });
  if (help) {
    io.out(DB_USAGE);
    return 0;
  }
  const [action, ...rest] = positionals;
  if ((action !== 'migrate' && action !== 'status') || rest.length > 0) throw new UsageError('db needs one action: migrate or status');
  const url = stringOption(values, 'url') ?? process.env.BPMN_RUNNER_PG_URL;
  if (url === undefined || url === '') throw new UsageError('db needs --url <postgres-url> (or BPMN_RUNNER_PG_URL)');
  const schema = stringOption(values, 'schema') ?? 'bpmn_runner';
  const json = values.json === true;

  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  try {
    const client = await pool.connect().catch((e: unknown) => {
      throw new StoreError(`cannot reach PostgreSQL at ${redact(url)}: ${e instanceof Error ? e.message : String(e)}`, { file: `postgres:${schema}` });
    });
    try {
      if (action === 'migrate') {
        const applied = await migrateSchema(client, schema, true);
        if (json) io.out(JSON.stringify({ schema, applied, version: LATEST_SCHEMA_VERSION }));
        else if (applied.length === 0) io.out(`schema ${schema} is up to date (version ${LATEST_SCHEMA_VERSION})`);
        else for (const v of applied) io.out(`schema ${schema}: applied ${v} — ${SCHEMA_MIGRATIONS.find((m) => m.version === v)!.name}`);
        return 0;
      }
      const status = await schemaStatus(client, schema);
      if (json) io.out(JSON.stringify({ schema, ...status, latest: LATEST_SCHEMA_VERSION }));
      else {
        io.out(`schema ${schema}: applied ${status.applied.join(', ') || 'none'}; pending ${status.pending.join(', ') || 'none'}`);
      }
      return status.pending.length === 0 ? 0 : 1;
    } finally {
      client.release();
    }
  } finally {
    await pool.end().catch(() => {});
  }
}

/** A password in the URL stays out of error messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}
