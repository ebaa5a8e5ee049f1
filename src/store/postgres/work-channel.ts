import { createHash } from 'node:crypto';
import type { Notification, Pool, PoolClient } from 'pg';
import type { WorkEvent } from '../shared-store.js';

/** Notifications that arrive within this window go out as one (a burst of starts is one NOTIFY). */
const COALESCE_MS = 10;
const RECONNECT_MS = 1000;

/** The NOTIFY channel of a schema: a fixed-length name, whatever the schema is called. */
export function workChannelName(schema: string): string {
  return `bpmn_runner_${createHash('sha1').update(schema).digest('hex').slice(0, 20)}`;
}

interface Payload {
  o: string;
  k: WorkEvent['kind'];
  at?: string;
}

/**
 * LISTEN/NOTIFY between the engine processes of one schema: a process that stores work due soon
 * notifies, idle processes wake their job loop instead of waiting for the next poll. Only a hint: a
 * lost notification (connection drop, a crash before it was sent) costs at most one poll interval,
 * so nothing is ever run because of a notification alone, only looked for.
 */
export class WorkChannel {
  /** Earliest due time waiting to be sent; '' = now; undefined = none. */
  private pendingDue: string | undefined;
  private pendingMessage: string | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(event: WorkEvent) => void>();
  private client: PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: () => Pool,
    readonly channel: string,
    private readonly ownerId: string,
  ) {}

  notify(event: WorkEvent): void {
    if (this.closed) return;
    if (event.kind === 'due') {
      const at = event.dueAt ?? '';
      if (this.pendingDue === undefined || at < this.pendingDue) this.pendingDue = at;
    } else if (this.pendingMessage === undefined || event.expiresAt > this.pendingMessage) {
      this.pendingMessage = event.expiresAt;
    }
    this.flushTimer ??= setTimeout(() => void this.flush(), COALESCE_MS);
  }

  /** Send what is pending now (close calls it so a last notification is not lost). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const payloads: Payload[] = [];
    if (this.pendingDue !== undefined) payloads.push({ o: this.ownerId, k: 'due', ...(this.pendingDue !== '' ? { at: this.pendingDue } : {}) });
    if (this.pendingMessage !== undefined) payloads.push({ o: this.ownerId, k: 'message', at: this.pendingMessage });
    this.pendingDue = undefined;
    this.pendingMessage = undefined;
    for (const p of payloads) {
      // A hint only (see the class comment): a failed NOTIFY is made up for by the next poll.
      await this.pool().query('SELECT pg_notify($1, $2)', [this.channel, JSON.stringify(p)]).catch(() => {});
    }
  }

  async listen(listener: (event: WorkEvent) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    if (this.client === undefined) await (this.connecting ??= this.connect());
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) await this.disconnect();
    };
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.listeners.clear();
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    let client: PoolClient | undefined;
    try {
      client = await this.pool().connect();
      const mine = client;
      client.on('notification', (n) => this.hear(n));
      client.on('error', () => this.lost(mine));
      await client.query(`LISTEN "${this.channel}"`);
      if (this.closed || this.listeners.size === 0) {
        client.release();
        return;
      }
      this.client = client;
    } catch {
      client?.release(true);
      this.scheduleReconnect();
    } finally {
      this.connecting = undefined;
    }
  }

  private lost(client: PoolClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(true);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0 || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void (this.connecting ??= this.connect()).then(() => {
        // Whatever was notified while we were deaf: look once.
        if (this.client) for (const l of this.listeners) l({ kind: 'due' });
      });
    }, RECONNECT_MS);
    this.reconnectTimer.unref?.();
  }

  private async disconnect(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await client.query(`UNLISTEN "${this.channel}"`).catch(() => {});
    client.release();
  }

  private hear(n: Notification): void {
    if (n.channel !== this.channel || n.payload === undefined) return;
    let p: Payload;
    try {
      p = JSON.parse(n.payload) as Payload;
    } catch {
      return;
    }
    if (p.o === this.ownerId) return;
    const event: WorkEvent = p.k === 'message' ? { kind: 'message', expiresAt: p.at ?? '' } : { kind: 'due', ...(p.at !== undefined ? { dueAt: p.at } : {}) };
    for (const l of this.listeners) l(event);
  }
}
