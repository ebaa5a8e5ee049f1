import { ConflictError } from '../errors/index.js';
import type { InstanceState, Variables } from '../engine/state.js';
import type { BufferedMessage, SharedStore } from '../store/shared-store.js';
import type { Clock } from './clock.js';

/** How long a repeat of a message id waits for the first delivery (in another process) to answer. */
const REPEAT_WAIT_MS = 10_000;

/** Delivers a message to every instance with a matching subscription; returns the instances reached. */
export type Deliver = (name: string, correlationKey: string | undefined, variables: Variables) => Promise<string[]>;

/**
 * Message buffering (ttlMs) and message-id de-duplication when many processes share the store: both
 * live in its tables instead of this process's memory. A process knows from the other processes'
 * notifications (and one look at start) until when anything is buffered, so a command on a store
 * with an empty buffer costs no query for it.
 */
export class SharedMessages {
  private bufferedUntilMs = 0;
  private opening: Promise<void> | undefined;
  private draining = false;

  constructor(
    private readonly store: SharedStore,
    private readonly clock: Clock,
  ) {}

  private open(): Promise<void> {
    this.opening ??= (async () => {
      await this.store.listenForWork((e) => {
        if (e.kind === 'message') this.noteBuffered(e.expiresAt);
      });
      const until = await this.store.bufferedUntil(this.clock.now());
      if (until !== undefined) this.noteBuffered(until);
    })().catch((e: unknown) => {
      this.opening = undefined;
      throw e;
    });
    return this.opening;
  }

  private noteBuffered(expiresAt: string): void {
    this.bufferedUntilMs = Math.max(this.bufferedUntilMs, Date.parse(expiresAt));
  }

  /** The first correlation of `messageId` runs `deliver`; a repeat (in any process) gets its answer. */
  async once<T>(messageId: string, ttlMs: number, deliver: () => Promise<T>): Promise<T> {
    const claim = await this.store.claimMessageId(messageId, this.clock.now(), Math.max(ttlMs, 3_600_000));
    if (!claim.claimed) return this.answerOf<T>(messageId, claim.result);
    try {
      const result = await deliver();
      await this.store.recordMessageResult(messageId, result);
      return result;
    } catch (e) {
      await this.store.forgetMessageId(messageId).catch(() => {});
      throw e;
    }
  }

  private async answerOf<T>(messageId: string, result: unknown): Promise<T> {
    const until = Date.now() + REPEAT_WAIT_MS;
    while (result === undefined && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      const again = await this.store.claimMessageId(messageId, this.clock.now(), 3_600_000);
      if (again.claimed) {
        // The first delivery failed and let go of the id meanwhile; give it back rather than deliver here.
        await this.store.forgetMessageId(messageId);
        break;
      }
      result = again.result;
    }
    if (result === undefined) throw new ConflictError(`message id ${messageId} is being delivered by another engine; try again`);
    return result as T;
  }

  /**
   * Keep an unmatched message, then look once more for a taker: a subscription stored by another
   * process between our look and our insert would otherwise not see it (each side writes, then reads).
   */
  async buffer(message: BufferedMessage, deliver: Deliver): Promise<string[]> {
    await this.open();
    await this.store.bufferMessage(message);
    this.noteBuffered(message.expiresAt);
    this.store.notifyWork({ kind: 'message', expiresAt: message.expiresAt });
    const sub = { name: message.name, ...(message.correlationKey !== undefined ? { correlationKey: message.correlationKey } : {}) };
    const takers = await this.store.subscriptionsByName('message', message.name, message.correlationKey);
    if (takers.length === 0) return [];
    return this.deliverTaken(await this.store.takeBufferedMessages([sub], this.clock.now(), 1), deliver);
  }

  /** After `state` was stored: buffered messages its message subscriptions take. */
  async drainFor(state: InstanceState, deliver: Deliver): Promise<void> {
    if (this.draining || state.subscriptions.length === 0) return;
    await this.open();
    const now = this.clock.now();
    if (now.getTime() >= this.bufferedUntilMs) return;
    const subs: { name: string; correlationKey?: string }[] = [];
    for (const s of state.subscriptions) {
      if (s.kind === 'message') subs.push({ name: s.name, ...(s.correlationKey !== undefined ? { correlationKey: s.correlationKey } : {}) });
    }
    if (subs.length === 0) return;
    this.draining = true;
    try {
      await this.deliverTaken(await this.store.takeBufferedMessages(subs, now, 100), deliver);
    } finally {
      this.draining = false;
    }
  }

  /** Taken messages go out; one nobody takes after all (the subscription went meanwhile) goes back. */
  private async deliverTaken(messages: BufferedMessage[], deliver: Deliver): Promise<string[]> {
    const reached: string[] = [];
    for (const m of messages) {
      const ids = await deliver(m.name, m.correlationKey, m.variables);
      if (ids.length === 0) await this.store.bufferMessage(m);
      reached.push(...ids);
    }
    return reached;
  }
}
