import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, StoreError } from '../errors/index.js';
import { createInstanceState } from '../engine/step.js';
import type { InstanceState, UserTaskState } from '../engine/state.js';
import { DEFAULT_RETRY_POLICY, type Command, type Effect, type RetryPolicy } from '../engine/types.js';
import { MemoryStore } from '../store/memory-store.js';
import { isSharedStore, type SharedStore } from '../store/shared-store.js';
import type { Store } from '../store/types.js';
import type { UserTaskSpec } from '../spec/types.js';
import { SystemClock, isoTextOf, type Clock } from './clock.js';
import { runCommand, type RunnerDeps } from './command-runner.js';
import { publishEffects } from './effect-events.js';
import { EventBus } from './event-bus.js';
import { toUserTask } from './instance-view.js';
import { KeyedQueue } from '../store/keyed-queue.js';
import { DecisionRegistry } from './decision-registry.js';
import { ProcessRegistry, type DeployedVersion } from './registry.js';
import { RuntimeIndex } from './runtime-index.js';
import { createScriptSandbox, type ScriptSandbox } from './script-sandbox.js';
import { LostRace, calledHandlers, instanceOfId, retryLostRaces } from './shared-command.js';
import type { EngineOptions, ServiceHandler, UserTask, VariableMapping } from './types.js';

/** Effects that reach beyond the instance; handled after it is stored and its lock released. */
const OUTBOX_EFFECTS: ReadonlySet<Effect['type']> = new Set(['throwSignal', 'publishMessage', 'startChild', 'cancelChild', 'instanceEnded', 'escalateToParent']);

export interface OutboxItem {
  /** The instance that produced the effect, as stored. */
  state: InstanceState;
  effect: Effect;
}

const startsChild = (i: OutboxItem): boolean => i.effect.type === 'startChild';

/**
 * randomUUID() builds its text from two-character pieces, a rope of ~400 B that the indexes and stores
 * keep as their key for as long as the instance lives; reading one character flattens it to 36 bytes.
 */
function flatUuid(): string {
  const id = randomUUID();
  id.charCodeAt(0);
  return id;
}

/**
 * The effectful shell around the pure engine: loads an instance, runs one command through
 * `runCommand`, persists the snapshot (optimistically versioned) and its history, refreshes the
 * indexes and only then tells listeners. Each command on an instance runs alone (a KeyedQueue).
 */
export class EngineCore {
  readonly store: Store;
  /** The store again when other engine processes share it: then no in-memory index is kept or asked. */
  readonly shared: SharedStore | undefined;
  readonly clock: Clock;
  readonly registry = new ProcessRegistry();
  readonly decisions = new DecisionRegistry();
  readonly index = new RuntimeIndex();
  readonly bus = new EventBus();
  /** Commands on one instance run one at a time, in call order (the store's own per-key queue). */
  readonly mutex = new KeyedQueue();
  readonly services = new Map<string, ServiceHandler>();
  readonly variableMappings = new Map<string, VariableMapping>();
  readonly aborts = new Map<string, AbortController>();
  readonly historyEnabled: boolean;
  private readonly retry: RetryPolicy;
  private readonly retryByType: Record<string, RetryPolicy>;
  private sandboxPromise: Promise<ScriptSandbox> | undefined;
  readonly deps: RunnerDeps;
  /** Set by the job loop: told the due time of every job created with one. */
  onDue: ((at: string) => void) | undefined;

  constructor(readonly opts: EngineOptions) {
    this.store = opts.store ?? new MemoryStore();
    this.shared = isSharedStore(this.store) ? this.store : undefined;
    this.clock = opts.clock ?? new SystemClock();
    this.historyEnabled = opts.history !== false;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.retryByType = Object.fromEntries(
      Object.entries(opts.retryByType ?? {}).map(([k, v]) => [k, { ...this.retry, ...v }]),
    );
    for (const [type, h] of Object.entries(opts.services ?? {})) this.services.set(type, h);
    for (const [name, m] of Object.entries(opts.variableMappings ?? {})) this.variableMappings.set(name, m);
    const scripts = opts.scripts ?? {};
    this.deps = {
      now: isoTextOf(this.clock),
      handlerFor: (type) => this.services.get(type),
      variableMappingFor: (name) => this.variableMappings.get(name),
      evaluateDecision: (key, variables) => this.decisions.evaluate(key, variables),
      flavourOf: (state) => this.registry.find(state.process.key, state.process.version)?.flavour ?? 'bpmn',
      elementEvents: () => this.bus.has('element.entered') || this.bus.has('element.completed'),
      retryPolicyFor: (type) => (type !== undefined ? this.retryByType[type] : undefined) ?? this.retry,
      sandbox: () => (scripts.enabled === false ? Promise.resolve(undefined) : this.sandbox()),
      scriptLimits: { timeoutMs: scripts.timeoutMs ?? 1000, memoryLimitMb: scripts.memoryLimitMb ?? 32 },
    };
  }

  private sandbox(): Promise<ScriptSandbox> {
    const p = this.sandboxPromise ?? createScriptSandbox();
    this.sandboxPromise = p;
    return p;
  }

  async disposeSandbox(): Promise<void> {
    if (this.sandboxPromise) (await this.sandboxPromise).dispose();
    this.sandboxPromise = undefined;
  }

  static hash(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }

  versionOf(state: InstanceState): DeployedVersion {
    const v = this.registry.find(state.process.key, state.process.version);
    if (!v) {
      throw new StoreError(`instance ${state.instanceId} needs process ${state.process.key} version ${state.process.version}, which is not deployed`, {
        instanceId: state.instanceId,
      });
    }
    if (v.hash !== state.process.specHash) {
      throw new StoreError(`instance ${state.instanceId} was started on a different definition of ${state.process.key} v${state.process.version} (spec hash mismatch)`, {
        instanceId: state.instanceId,
      });
    }
    return v;
  }

  refreshIndex(state: InstanceState): void {
    if (this.shared) return;
    const proc = this.registry.find(state.process.key, state.process.version);
    this.index.refresh(
      state,
      (elementId) => proc?.prepared.spec.elements[elementId] as UserTaskSpec | undefined,
      (type, kind) => kind === 'service' && type !== undefined && (this.services.has(type) || this.decisions.has(type)),
    );
  }

  async load(instanceId: string): Promise<InstanceState> {
    const s = await this.store.loadInstance(instanceId);
    if (!s) throw new NotFoundError(`instance ${instanceId} not found`, { instanceId });
    return s;
  }

  /** Set by the engine: deliver signals and messages that instances threw, once they are stored. */
  onOutbox: ((effects: OutboxItem[], state: InstanceState) => Promise<void> | undefined) | undefined;
  /** Set by the lifecycle on a shared store: load deployments other processes made since we looked. */
  onUnknownVersion: (() => Promise<void>) | undefined;

  /**
   * Called after every command even with nothing thrown: buffered messages may now have a taker.
   * Undefined when there was nothing to do, so the common command skips the await (microtask hops).
   */
  private flush(outbox: OutboxItem[], state: InstanceState): Promise<void> | undefined {
    return this.onOutbox?.(outbox, state);
  }

  /** Start a new instance with `command` (a 'start'), persisted as version 1. */
  async create(
    version: DeployedVersion,
    init: { instanceId?: string; businessKey?: string; parentInstanceId?: string },
    command: Command,
  ): Promise<InstanceState> {
    // A fresh random UUID cannot be in use: only a caller's id is looked up (a lookup in a map of every
    // instance is a cache miss or two, twice per start).
    const chosen = init.instanceId !== undefined;
    const instanceId = init.instanceId ?? flatUuid();
    if (chosen && this.index.instances.has(instanceId)) {
      throw new ConflictError(`instance id ${instanceId} is already in use`, { instanceId });
    }
    const outbox: OutboxItem[] = [];
    const state = await this.mutex.run(instanceId, async () => {
      if (chosen && this.index.instances.has(instanceId)) throw new ConflictError(`instance id ${instanceId} is already in use`, { instanceId });
      const fresh = createInstanceState(version.prepared, { ...init, instanceId, now: this.deps.now() });
      return this.execute(version, fresh, command, undefined, outbox);
    });
    const flushing = this.flush(outbox, state);
    if (flushing) await flushing;
    return outbox.length > 0 && outbox.some(startsChild) ? this.load(instanceId) : state;
  }

  /** Run `command` (or the one `make` derives from the current state) on a stored instance. */
  async command(instanceId: string, make: Command | ((s: InstanceState) => Command)): Promise<InstanceState> {
    const outbox: OutboxItem[] = [];
    const result = await this.mutex.run(instanceId, async () => {
      if (this.shared) return retryLostRaces(() => this.attemptShared(instanceId, make, outbox));
      const state = await this.load(instanceId);
      const cmd = typeof make === 'function' ? make(state) : make;
      return this.execute(this.versionOf(state), state, cmd, state.version, outbox);
    });
    const flushing = this.flush(outbox, result);
    if (flushing) await flushing;
    // A child that ran to its end inside the flush moved this instance on: answer with that state.
    return outbox.length > 0 && outbox.some(startsChild) ? this.load(instanceId) : result;
  }

  /** One try on a shared store: always the latest snapshot, since any process may have moved it. */
  private async attemptShared(instanceId: string, make: Command | ((s: InstanceState) => Command), outbox: OutboxItem[]): Promise<InstanceState> {
    const state = await this.load(instanceId);
    if (!this.registry.find(state.process.key, state.process.version)) await this.onUnknownVersion?.();
    const cmd = typeof make === 'function' ? make(state) : make;
    return this.execute(this.versionOf(state), state, cmd, state.version, outbox);
  }

  private async execute(v: DeployedVersion, state: InstanceState, cmd: Command, expected: number | undefined, outbox: OutboxItem[]): Promise<InstanceState> {
    const id = state.instanceId;
    let ctrl: AbortController | undefined;
    const signal = (): AbortSignal => {
      if (!ctrl) {
        ctrl = new AbortController();
        this.aborts.set(id, ctrl);
      }
      return ctrl.signal;
    };
    let outcome;
    try {
      outcome = await runCommand(this.deps, v.prepared, state, cmd, signal, () => ctrl?.signal.aborted === true);
    } finally {
      if (ctrl) this.aborts.delete(id);
    }
    state.version = (expected ?? 0) + 1;
    const history = outcome.history;
    // One durable write for both: a crash can no longer keep the snapshot and lose its history.
    const saving = this.store.saveInstance(state, expected, this.historyEnabled && history.length > 0 ? history : undefined);
    if (this.shared && expected !== undefined) {
      await saving.catch((e: unknown) => {
        throw e instanceof ConflictError ? new LostRace(e, !calledHandlers(outcome.effects, this.deps)) : e;
      });
    } else await saving;
    this.refreshIndex(state);
    publishEffects(this, state, outcome.effects, expected === undefined);
    for (const e of outcome.effects) {
      // The end of an instance without a parent has nobody to tell: leaving it out lets the common
      // command skip the outbox (and its awaits) entirely.
      if (!OUTBOX_EFFECTS.has(e.type) || (e.type === 'instanceEnded' && state.parentInstanceId === undefined)) continue;
      outbox.push({ state, effect: e });
    }
    return state;
  }

  /** The public view of an open user task of `state` (with its form), or undefined when it is not open. */
  userTaskOf(state: InstanceState, taskId: string): UserTask | undefined {
    const t = state.userTasks.find((x) => x.id === taskId);
    if (!t) return undefined;
    const el = this.registry.find(state.process.key, state.process.version)?.prepared.spec.elements[t.elementId];
    return toUserTask(state, t, el as UserTaskSpec | undefined);
  }

  findUserTask(taskId: string): { instanceId: string; task?: UserTaskState } {
    // On a shared store the command itself finds out whether the task is (still) open.
    if (this.shared) return { instanceId: instanceOfId(taskId, 'user task') };
    const t = this.index.userTasks.get(taskId);
    if (!t) throw new NotFoundError(`user task ${taskId} not found`);
    return { instanceId: t.instanceId };
  }
}
