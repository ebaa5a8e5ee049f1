import { BpmnRunnerError, FormValidationError, NotFoundError } from '../errors/index.js';
import type { InstanceState, Variables } from '../engine/state.js';
import { toJsonVariables } from '../engine/variable-values.js';
import { CallActivities } from './call-activities.js';
import type { EngineCore, OutboxItem } from './engine-core.js';
import { SharedMessages } from './shared-messages.js';

export interface CorrelateOptions {
  correlationKey?: string | number;
  variables?: Record<string, unknown>;
  /** Keep an unmatched message this long for a subscription that opens later (default 0). */
  ttlMs?: number;
  /** A message id is accepted once; a repeat gets the first delivery's answer. */
  messageId?: string;
}

export interface CorrelateResult {
  instanceIds: string[];
  buffered: boolean;
}

interface Buffered {
  name: string;
  correlationKey?: string;
  variables: Variables;
  expiresAt: number;
}

/**
 * Messages and signals from outside (and thrown by instances): correlation to subscriptions through
 * the index, message/signal start events, TTL buffering and message-id de-duplication. The buffer and
 * the seen ids live in memory: a restart forgets them (documented in the README).
 */
export class EventDelivery {
  private readonly buffer: Buffered[] = [];
  private readonly seen = new Map<string, { result: Promise<CorrelateResult>; expiresAt: number }>();
  private draining = false;
  private readonly calls: CallActivities;
  /** Buffer and message ids in the store's tables, when other processes share it. */
  private readonly shared: SharedMessages | undefined;

  constructor(private readonly core: EngineCore) {
    this.calls = new CallActivities(core);
    this.shared = core.shared ? new SharedMessages(core.shared, core.clock) : undefined;
    // Nothing thrown and nothing buffered (no shared store): no work, and no promise to await.
    core.onOutbox = (effects, state) =>
      effects.length === 0 && this.shared === undefined && this.buffer.length === 0 ? undefined : this.outbox(effects, state);
  }

  async correlate(name: string, opts: CorrelateOptions = {}): Promise<CorrelateResult> {
    const now = this.core.clock.now().getTime();
    if (opts.messageId === undefined) return this.correlateOnce(name, opts, now);
    if (this.shared) return this.shared.once(opts.messageId, opts.ttlMs ?? 0, () => this.correlateOnce(name, opts, now));
    const prior = this.seen.get(opts.messageId);
    if (prior && prior.expiresAt > now) return prior.result;
    // Claimed before delivering: concurrent repeats of the id wait for this delivery's answer.
    const result = this.correlateOnce(name, opts, now);
    this.seen.set(opts.messageId, { result, expiresAt: now + Math.max(opts.ttlMs ?? 0, 3_600_000) });
    result.catch(() => this.seen.delete(opts.messageId!));
    return result;
  }

  private async correlateOnce(name: string, opts: CorrelateOptions, now: number): Promise<CorrelateResult> {
    const vars = toJsonVariables(opts.variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    const key = opts.correlationKey === undefined ? undefined : String(opts.correlationKey);
    let instanceIds = await this.deliver(name, key, vars.value);
    if (instanceIds.length === 0) instanceIds = await this.startBy('message', name, vars.value, key);
    let buffered = false;
    if (instanceIds.length === 0 && (opts.ttlMs ?? 0) > 0 && this.shared) {
      const message = { name, ...(key !== undefined ? { correlationKey: key } : {}), variables: vars.value, expiresAt: new Date(now + opts.ttlMs!).toISOString() };
      instanceIds = await this.shared.buffer(message, (n, k, v) => this.deliver(n, k, v));
      buffered = instanceIds.length === 0;
    } else if (instanceIds.length === 0 && (opts.ttlMs ?? 0) > 0) {
      this.buffer.push({ name, ...(key !== undefined ? { correlationKey: key } : {}), variables: vars.value, expiresAt: now + opts.ttlMs! });
      buffered = true;
    }
    return { instanceIds, buffered };
  }

  /** `businessKey` and `async` come from a signal thrown inside an instance (Camunda 7 `camunda:in`, `camunda:async`). */
  async broadcast(name: string, opts: { variables?: Record<string, unknown>; businessKey?: string; async?: boolean } = {}): Promise<{ instanceIds: string[] }> {
    const vars = toJsonVariables(opts.variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    const subscribers = this.core.shared ? await this.core.shared.subscriptionsByName('signal', name) : this.core.index.subscribers('signal', name);
    const targets = [...new Set(subscribers.map((s) => s.instanceId))];
    const instanceIds: string[] = [];
    for (const id of targets) {
      try {
        await this.core.command(id, { type: 'signal', name, variables: vars.value, ...(opts.async ? { async: true } : {}) });
        instanceIds.push(id);
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) throw e;
      }
    }
    instanceIds.push(...(await this.startBy('signal', name, vars.value, opts.businessKey, opts.async)));
    return { instanceIds };
  }

  /** One subscription per instance receives the message (the oldest). */
  private async deliver(name: string, key: string | undefined, variables: Variables): Promise<string[]> {
    if (this.core.shared) return this.deliverShared(name, key, variables);
    const byInstance = new Map<string, string>();
    for (const s of this.core.index.subscribers('message', name)) {
      if (key !== undefined && s.correlationKey !== key) continue;
      if (!byInstance.has(s.instanceId)) byInstance.set(s.instanceId, s.id);
    }
    const out: string[] = [];
    for (const [instanceId, subscriptionId] of byInstance) {
      try {
        await this.core.command(instanceId, { type: 'deliverMessage', subscriptionId, variables });
        out.push(instanceId);
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) throw e; // taken meanwhile: not delivered there
      }
    }
    return out;
  }

  /**
   * The store says which instances subscribe; each instance's snapshot, read inside its command, says
   * which subscription is the oldest. A subscription taken by another process meanwhile is simply not
   * there on that read: the command fails and the message does not count as delivered there.
   */
  private async deliverShared(name: string, key: string | undefined, variables: Variables): Promise<string[]> {
    const rows = await this.core.shared!.subscriptionsByName('message', name, key);
    const out: string[] = [];
    for (const instanceId of new Set(rows.map((r) => r.instanceId))) {
      try {
        await this.core.command(instanceId, (s) => {
          const sub = s.subscriptions.find((x) => x.kind === 'message' && x.name === name && (key === undefined || x.correlationKey === key));
          if (!sub) throw new NotFoundError(`instance ${instanceId} no longer waits for message ${name}`, { instanceId });
          return { type: 'deliverMessage', subscriptionId: sub.id, variables };
        });
        out.push(instanceId);
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) throw e;
      }
    }
    return out;
  }

  private async startBy(kind: 'message' | 'signal', name: string, variables: Variables, businessKey: string | undefined, async = false): Promise<string[]> {
    const out: string[] = [];
    for (const { version, startEventId } of this.core.registry.startEvents(kind, name)) {
      const state = await this.core.create(version, businessKey !== undefined ? { businessKey } : {}, { type: 'start', startEventId, variables, ...(async ? { async: true } : {}) });
      out.push(state.instanceId);
    }
    return out;
  }

  private async outbox(items: OutboxItem[], state: InstanceState): Promise<void> {
    for (const { state, effect: e } of items) {
      if (e.type === 'startChild' || e.type === 'cancelChild' || e.type === 'instanceEnded' || e.type === 'escalateToParent') await this.calls.handle(state, e);
      else if (e.type === 'throwSignal') {
        const { variables, businessKey, async } = e;
        await this.broadcast(e.name, { ...(variables ? { variables } : {}), ...(businessKey !== undefined ? { businessKey } : {}), ...(async ? { async } : {}) });
      }
      else if (e.type === 'publishMessage') await this.correlate(e.name, e.correlationKey !== undefined ? { correlationKey: e.correlationKey } : {});
    }
    if (this.shared) await this.shared.drainFor(state, (n, k, v) => this.deliver(n, k, v));
    else await this.drainBuffer();
  }

  /** Buffered messages go to subscriptions that opened since they arrived. */
  private async drainBuffer(): Promise<void> {
    if (this.buffer.length === 0 || this.draining) return;
    this.draining = true;
    try {
      const now = this.core.clock.now().getTime();
      for (let i = 0; i < this.buffer.length; ) {
        const m = this.buffer[i]!;
        if (m.expiresAt <= now) {
          this.buffer.splice(i, 1);
          continue;
        }
        const ids = await this.deliver(m.name, m.correlationKey, m.variables);
        if (ids.length > 0) this.buffer.splice(i, 1);
        else i++;
      }
    } finally {
      this.draining = false;
    }
  }
}
