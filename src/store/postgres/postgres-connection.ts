import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';
import { BpmnRunnerError, ConflictError, StoreError } from '../../errors/index.js';
import type { Snapshot } from '../../engine/state.js';
import { readSnapshot } from '../snapshot-schema.js';
import { migrateSchema, quoteSchemaName } from './migrations.js';
import { traceQueries } from './query-trace.js';
import { localSocketUrl } from './local-socket.js';

export interface PostgresStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/test`; the store makes (and on close ends) its own pool. */
  connectionString?: string;
  /**
   * A pool the caller owns: the store uses it and leaves it open on close. Give it
   * `options: '-c plan_cache_mode=force_generic_plan'` as the store's own pool has (see GENERIC_PLANS).
   */
  pool?: Pool;
  /** Schema holding the tables; default `bpmn_runner`. Lower-case letters, digits and `_` only. */
  schema?: string;
  /**
   * Default true: `open()` applies pending schema migrations (under an advisory lock, so engines starting
   * together migrate once). false: `open()` fails when any are pending; run `bpmn-runner db migrate`.
   */
  migrate?: boolean;
  /** Connections of a pool the store makes itself; default 10. */
  maxConnections?: number;
  /**
   * Default true: when `connectionString` names this host (127.0.0.1, localhost, ::1) and the same server
   * answers on its Unix socket, the store's pool uses the socket (cheaper per round trip; see
   * local-socket.ts). A directory string says where the socket is; false keeps TCP.
   */
  localSocket?: boolean | string;
}

/**
 * The save is one statement of some twenty CTEs: planning it costs ~4 ms, running it ~0.3 ms. A named
 * prepared statement alone does not avoid that, because PostgreSQL keeps making custom plans for it
 * (their estimated cost stays below the generic plan's); forcing the generic plan measured 4.2 → 1.0 ms
 * per save. Every statement the store prepares is a lookup by key, where a generic plan is the right one.
 */
const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

/**
 * The connection side of PostgresStore: the pool, the schema migration at open, prepared statements,
 * and the translation of driver errors into StoreError / ConflictError with the schema as location.
 */
export abstract class PostgresConnection {
  readonly schema: string;
  protected readonly q: string;
  private readonly ownsPool: boolean;
  private readonly migrate: boolean;
  private pool: Pool | undefined;
  private opened = false;
  /**
   * Every statement the store sends is one of a fixed few texts, so each runs as a named prepared
   * statement: a connection parses it once and, with GENERIC_PLANS, plans it once.
   */
  private readonly statementNames = new Map<string, string>();

  constructor(protected readonly options: PostgresStoreOptions) {
    if (options?.pool === undefined && (typeof options?.connectionString !== 'string' || options.connectionString === '')) {
      throw new StoreError('PostgresStore needs { connectionString } or { pool }');
    }
    this.schema = options.schema ?? 'bpmn_runner';
    this.q = quoteSchemaName(this.schema);
    this.ownsPool = options.pool === undefined;
    this.migrate = options.migrate ?? true;
  }

  protected get isOpen(): boolean {
    return this.opened;
  }

  protected async connect(): Promise<void> {
    if (this.opened) return;
    const local = this.options.localSocket ?? true;
    const url = this.options.pool === undefined && local !== false && this.options.connectionString !== undefined
      ? ((await localSocketUrl(this.options.connectionString, typeof local === 'string' ? local : undefined)) ?? this.options.connectionString)
      : this.options.connectionString;
    const pool = this.options.pool ?? new pg.Pool({ connectionString: url, max: this.options.maxConnections ?? 10, options: GENERIC_PLANS });
    if (this.ownsPool) pool.on('error', () => {}); // an idle client's lost connection; the next query reports it
    try {
      const client = await pool.connect();
      try {
        await migrateSchema(client, this.schema, this.migrate);
      } finally {
        client.release();
      }
    } catch (e) {
      if (this.ownsPool) await pool.end().catch(() => {});
      throw this.storeError('open', e);
    }
    traceQueries(pool);
    this.pool = pool;
    this.opened = true;
  }

  protected async disconnect(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    const pool = this.pool;
    this.pool = undefined;
    if (this.ownsPool && pool !== undefined) await pool.end();
  }

  protected db(): Pool {
    if (this.pool === undefined) throw new StoreError('PostgresStore is not open: call open() first', this.where());
    return this.pool;
  }

  protected run(what: string, sql: string, params: unknown[], instanceId?: string): Promise<pg.QueryResult<Record<string, unknown>>> {
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `bpmn-runner-${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      this.statementNames.set(sql, name);
    }
    const query = { name, text: sql, values: params };
    return this.guard(what, () => this.db().query<Record<string, unknown>>(query), instanceId);
  }

  protected async guard<T>(what: string, work: () => Promise<T>, instanceId?: string): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw this.storeError(what, e, instanceId);
    }
  }

  protected storeError(what: string, e: unknown, instanceId?: string): BpmnRunnerError {
    if (e instanceof BpmnRunnerError) return e;
    const code = (e as { code?: unknown })?.code;
    const message = e instanceof Error ? e.message : String(e);
    const details: Record<string, unknown> = { ...this.where(), ...(instanceId !== undefined && { instanceId }) };
    if (typeof code === 'string') details.pgCode = code;
    // 40001/40P01: the database picked this transaction as the loser of a race; the caller may retry.
    if (code === '40001' || code === '40P01') return new ConflictError(`PostgreSQL ${what} lost a race: ${message}`, details, { cause: e });
    return new StoreError(`PostgreSQL ${what} failed: ${message}`, details, { cause: e });
  }

  protected where(table?: string): { file: string } {
    return { file: `postgres:${this.schema}${table === undefined ? '' : `/${table}`}` };
  }

  protected parseJson(text: string, table: string): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new StoreError(`stored JSON is not valid: ${e instanceof Error ? e.message : String(e)}`, this.where(table), { cause: e });
    }
  }

  protected parseSnapshot(text: string, id: string): Snapshot {
    const snapshot = readSnapshot(this.parseJson(text, `instances/${id}`), this.where(`instances/${id}`));
    if (snapshot.instanceId !== id) {
      throw new StoreError(`row '${id}' holds instance '${snapshot.instanceId}'`, { ...this.where(`instances/${id}`), instanceId: id });
    }
    return snapshot;
  }
}
