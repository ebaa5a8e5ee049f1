/**
 * Several engine processes (engine-process.ts, forked with tsx) over one PostgreSQL schema, and what the
 * scale-out test and bench need to drive and check them: start orders in a process, let a process
 * approve an assignee's tasks, kill one with SIGKILL, count instance statuses and service calls.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const PROCESS_FILE = fileURLToPath(new URL('./engine-process.ts', import.meta.url));

export interface ClusterOptions {
  url: string;
  schema: string;
  processes: number;
  callsDir: string;
  failEvery?: number;
  lockMs?: number;
  pollMs?: number;
}

interface Member {
  child: ChildProcess;
  pid: number;
  alive: boolean;
  started: ((m: { count: number; skipped: number }) => void)[];
  measured: ((latenciesMs: number[]) => void)[];
  usage: ((cpuMs: number) => void)[];
  /** CPU time the process used, reported when it stopped gracefully. */
  cpuMs?: number;
}

type Message =
  | { type: 'ready'; pid: number }
  | { type: 'started'; count: number; skipped: number }
  | { type: 'measured'; latenciesMs: number[] }
  | { type: 'stopped' | 'usage'; cpuMs: number }
  | { type: 'failed'; message: string };

export class EngineCluster {
  readonly members: Member[] = [];
  /** The first failure any process reported (or an unexpected exit); checked by every wait. */
  failure: Error | undefined;
  private readonly failureListeners = new Set<(e: Error) => void>();

  private constructor(private readonly opts: ClusterOptions) {}

  static async start(opts: ClusterOptions): Promise<EngineCluster> {
    const cluster = new EngineCluster(opts);
    await Promise.all(Array.from({ length: opts.processes }, () => cluster.spawn()));
    return cluster;
  }

  private spawn(): Promise<void> {
    const child = fork(PROCESS_FILE, [], {
      // SCALE_OUT_CPU_PROF=<dir>: a V8 profile of each engine process (see bench/profile-summary.ts).
      execArgv: ['--import', 'tsx', ...(process.env.SCALE_OUT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCALE_OUT_CPU_PROF}`] : [])],
      env: {
        ...process.env,
        SCALE_OUT_PG_URL: this.opts.url,
        SCALE_OUT_SCHEMA: this.opts.schema,
        SCALE_OUT_CALLS_DIR: this.opts.callsDir,
        SCALE_OUT_FAIL_EVERY: String(this.opts.failEvery ?? 0),
        SCALE_OUT_LOCK_MS: String(this.opts.lockMs ?? 3000),
        SCALE_OUT_POLL_MS: String(this.opts.pollMs ?? 500),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const member: Member = { child, pid: child.pid ?? -1, alive: true, started: [], measured: [], usage: [] };
    this.members.push(member);
    return new Promise((resolve, reject) => {
      child.on('message', (m: Message) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'started') member.started.shift()?.(m);
        else if (m.type === 'measured') member.measured.shift()?.(m.latenciesMs);
        else if (m.type === 'stopped') member.cpuMs = m.cpuMs;
        else if (m.type === 'usage') member.usage.shift()?.(m.cpuMs);
        else if (m.type === 'failed') this.fail(new Error(`engine process ${member.pid} failed: ${m.message}`));
      });
      child.on('exit', (code, signal) => {
        const expected = !member.alive;
        member.alive = false;
        if (!expected && code !== 0) this.fail(new Error(`engine process ${member.pid} exited with ${code ?? signal}`));
        reject(this.failure ?? new Error(`engine process ${member.pid} exited before it was ready`));
      });
      this.onFailure(reject);
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const l of this.failureListeners) l(this.failure);
  }

  private onFailure(l: (e: Error) => void): () => void {
    if (this.failure) l(this.failure);
    this.failureListeners.add(l);
    return () => this.failureListeners.delete(l);
  }

  /** Start orders `so-<index>` in process `i`; each is approved by the assignee given beside it. */
  startOrders(i: number, indexes: number[], approvers: string[], wait = 'PT1S'): Promise<{ count: number; skipped: number }> {
    const m = this.members[i]!;
    return new Promise((resolve, reject) => {
      const off = this.onFailure(reject);
      m.started.push((r) => {
        off();
        resolve(r);
      });
      m.child.send({ cmd: 'start', indexes, approvers, wait });
    });
  }

  /** Process `i` completes `count` tasks of `assignee` one at a time; resolves to each completion's ms. */
  measureApprovals(i: number, assignee: string, count: number): Promise<number[]> {
    const m = this.members[i]!;
    return new Promise((resolve, reject) => {
      const off = this.onFailure(reject);
      m.measured.push((ms) => {
        off();
        resolve(ms);
      });
      m.child.send({ cmd: 'measure', assignee, count });
    });
  }

  /** CPU ms every live process has used so far, summed. */
  async cpuMs(): Promise<number> {
    const each = await Promise.all(
      this.members
        .filter((m) => m.alive)
        .map(
          (m) =>
            new Promise<number>((resolve) => {
              m.usage.push(resolve);
              m.child.send({ cmd: 'usage' });
            }),
        ),
    );
    return each.reduce((a, b) => a + b, 0);
  }

  approve(i: number, assignee: string): void {
    this.members[i]!.child.send({ cmd: 'approve', assignee });
  }

  /** kill -9: no close, no lease released, whatever it was doing is cut off. */
  kill(i: number): number {
    const m = this.members[i]!;
    m.alive = false;
    m.child.kill('SIGKILL');
    return m.pid;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.members
        .filter((m) => m.alive)
        .map(
          (m) =>
            new Promise<void>((resolve) => {
              m.alive = false;
              m.child.once('exit', () => resolve());
              m.child.send({ cmd: 'stop' });
              setTimeout(() => m.child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
    );
  }

  /** Poll `check` until it returns true; fails on a process failure or after `timeoutMs` with `what`. */
  async until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (await check()) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface InstanceCounts {
  byStatus: Record<string, number>;
  withIncidents: number;
}

export async function instanceCounts(client: pg.Client, schema: string): Promise<InstanceCounts> {
  const rows = await client.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM "${schema}".instances GROUP BY status`);
  const incidents = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".instances WHERE jsonb_array_length(snapshot -> 'incidents') > 0`,
  );
  return { byStatus: Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)])), withIncidents: Number(incidents.rows[0]!.n) };
}

/** Every logged service call, by `instanceId element attempt`, with the pids that made it. */
export async function readCalls(dir: string): Promise<Map<string, number[]>> {
  const calls = new Map<string, number[]>();
  for (const f of await readdir(dir)) {
    if (!f.startsWith('calls-')) continue;
    for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) {
      if (line === '') continue;
      const [instanceId, element, attempt, pid] = line.split(' ');
      const key = `${instanceId} ${element} ${attempt}`;
      const pids = calls.get(key) ?? [];
      pids.push(Number(pid));
      calls.set(key, pids);
    }
  }
  return calls;
}
