import { readFile } from 'node:fs/promises';
import { FormValidationError, NotFoundError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
import type { Command } from '../engine/types.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { EngineEventName, EngineListener } from './event-bus.js';
import type { DecisionResult } from '../dmn/types.js';
import { EngineCore } from './engine-core.js';
import { EventDelivery, type CorrelateOptions, type CorrelateResult } from './event-delivery.js';
import { ExternalTasks } from './external-tasks.js';
import { toInstance } from './instance-view.js';
import { Lifecycle } from './lifecycle.js';
import { SharedQueries } from './shared-queries.js';
import { importSnapshot } from './snapshot-import.js';
import type {
  Deployment,
  EngineOptions,
  Instance,
  InstanceQuery,
  ServiceHandler,
  StartOptions,
  UserTask,
  UserTaskQuery,
  VariableMapping,
} from './types.js';

/** The public entry point: see API.md. Every method that touches the store is async. */
export class Engine extends ExternalTasks {
  private readonly lifecycle: Lifecycle;
  private readonly delivery: EventDelivery;
  /** Set when other engine processes share the store: reads then go to the store, not to memory. */
  private readonly shared: SharedQueries | undefined;
  private initPromise: Promise<void> | undefined;

  constructor(opts: EngineOptions = {}) {
    const core = new EngineCore(opts);
    super(core);
    this.lifecycle = new Lifecycle(core, () => this.init());
    this.delivery = new EventDelivery(core);
    this.shared = core.shared ? new SharedQueries(core, core.shared) : undefined;
  }

  /** Opens the store and rebuilds deployments and indexes from it, once. */
  protected init(): Promise<void> {
    this.initPromise ??= this.lifecycle.open();
    return this.initPromise;
  }

  async deploy(xml: string, opts: { name?: string } = {}): Promise<Deployment> {
    await this.init();
    return this.lifecycle.deploy(xml, opts.name);
  }

  async deployFile(path: string): Promise<Deployment> {
    const xml = await readFile(path, 'utf8');
    return this.deploy(xml, { name: path });
  }

  registerService(type: string, handler: ServiceHandler): void {
    this.core.services.set(type, handler);
  }

  /** A call activity's delegated variable mapping, under its `camunda:variableMappingClass` or `${name}`. */
  registerVariableMapping(name: string, mapping: VariableMapping): void {
    this.core.variableMappings.set(name, mapping);
  }

  async start(processKey: string, opts: StartOptions = {}): Promise<Instance> {
    await this.init();
    const version = this.shared ? await this.shared.resolve(processKey, opts.version) : this.core.registry.get(processKey, opts.version);
    const vars = toJsonVariables(opts.variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    const init: { instanceId?: string; businessKey?: string } = {};
    if (opts.instanceId !== undefined) init.instanceId = opts.instanceId;
    if (opts.businessKey !== undefined) init.businessKey = opts.businessKey;
    const cmd: Extract<Command, { type: 'start' }> = { type: 'start', variables: vars.value };
    if (opts.user !== undefined) cmd.user = opts.user;
    return toInstance(await this.core.create(version, init, cmd));
  }

  async getInstance(instanceId: string): Promise<Instance | undefined> {
    await this.init();
    const s = await this.core.store.loadInstance(instanceId);
    return s ? toInstance(s) : undefined;
  }

  /** Newest first; `cursor` is the opaque value a previous page returned. */
  async listInstances(q: InstanceQuery = {}): Promise<{ items: Instance[]; cursor?: string }> {
    await this.init();
    if (this.shared) return this.shared.listInstances(q);
    const matches = [...this.core.index.instances.values()]
      .filter((i) => (q.processKey === undefined || i.processKey === q.processKey) && (q.status === undefined || i.status === q.status) && (q.businessKey === undefined || i.businessKey === q.businessKey))
      .sort((a, b) => (a.startedAt === b.startedAt ? a.id.localeCompare(b.id) : a.startedAt < b.startedAt ? 1 : -1));
    const offset = q.cursor !== undefined ? Number.parseInt(Buffer.from(q.cursor, 'base64url').toString(), 10) || 0 : 0;
    const limit = Math.max(1, Math.min(q.limit ?? 100, 1000));
    const page = matches.slice(offset, offset + limit);
    const items: Instance[] = [];
    for (const m of page) {
      const s = await this.core.store.loadInstance(m.id);
      if (s) items.push(toInstance(s));
    }
    const next = offset + limit < matches.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    return next !== undefined ? { items, cursor: next } : { items };
  }

  async setVariables(instanceId: string, variables: Record<string, unknown>): Promise<Instance> {
    await this.init();
    const vars = toJsonVariables(variables);
    if (!vars.ok) throw new FormValidationError(vars.errors, { instanceId });
    return toInstance(await this.core.command(instanceId, { type: 'setVariables', variables: vars.value }));
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    await this.init();
    if (this.shared) await this.shared.assertExists(instanceId);
    else if (!this.core.index.instances.has(instanceId)) throw new NotFoundError(`instance ${instanceId} not found`, { instanceId });
    return this.core.store.readHistory(instanceId);
  }

  waitForCompletion(instanceId: string, opts: { timeoutMs?: number } = {}): Promise<Instance> {
    return this.lifecycle.waitForCompletion(instanceId, opts.timeoutMs);
  }

  on<K extends EngineEventName>(event: K, listener: EngineListener<K>): () => void {
    return this.core.bus.on(event, listener);
  }

  /** Evaluate a deployed DMN decision on its own, like Camunda's DecisionService. */
  async evaluateDecision(decisionKey: string, variables: Record<string, unknown> = {}, opts: { version?: number } = {}): Promise<DecisionResult> {
    await this.init();
    const vars = toJsonVariables(variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    return this.core.decisions.evaluate(decisionKey, vars.value, opts.version);
  }

  /**
   * Move on a token that waits at a receive task without a message (Camunda 7's
   * `runtimeService.signal(executionId)`).
   */
  async trigger(instanceId: string, elementId: string, variables: Record<string, unknown> = {}): Promise<Instance> {
    await this.init();
    const vars = toJsonVariables(variables);
    if (!vars.ok) throw new FormValidationError(vars.errors, { instanceId });
    return toInstance(await this.core.command(instanceId, { type: 'trigger', elementId, variables: vars.value }));
  }

  /**
   * Start every (latest) process whose conditional start event holds for `variables` — Camunda 7's
   * `createConditionEvaluation().setVariables(…).evaluateStartConditions()`.
   */
  async evaluateStartConditions(variables: Record<string, unknown>, opts: { processKey?: string; businessKey?: string } = {}): Promise<Instance[]> {
    await this.init();
    const vars = toJsonVariables(variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    const started: Instance[] = [];
    for (const { version, startEventId, condition, variableNames } of this.core.registry.conditionalStarts(opts.processKey)) {
      // camunda:variableName: the start event only listens to that variable, so it must be among the given ones.
      if (variableNames && !variableNames.some((n) => Object.hasOwn(vars.value, n))) continue;
      let holds = false;
      try {
        holds = condition.evaluate(vars.value) === true;
      } catch {
        holds = false; // a variable the condition needs is not there: it does not hold
      }
      if (!holds) continue;
      const init = opts.businessKey !== undefined ? { businessKey: opts.businessKey } : {};
      started.push(toInstance(await this.core.create(version, init, { type: 'start', startEventId, variables: vars.value })));
    }
    return started;
  }

  // ---- events from outside ---------------------------------------------------------------------

  async correlateMessage(name: string, opts: CorrelateOptions = {}): Promise<CorrelateResult> {
    await this.init();
    return this.delivery.correlate(name, opts);
  }

  async broadcastSignal(name: string, opts: { variables?: Record<string, unknown> } = {}): Promise<{ instanceIds: string[] }> {
    await this.init();
    return this.delivery.broadcast(name, opts);
  }

  // ---- user tasks -------------------------------------------------------------------------------

  async listUserTasks(q: UserTaskQuery = {}): Promise<UserTask[]> {
    await this.init();
    if (this.shared) return this.shared.listUserTasks(q);
    const out: UserTask[] = [];
    for (const t of this.core.index.userTasks.values()) {
      if (q.instanceId !== undefined && t.instanceId !== q.instanceId) continue;
      if (q.processKey !== undefined && t.processKey !== q.processKey) continue;
      if (q.assignee !== undefined && t.assignee !== q.assignee) continue;
      if (q.candidateUser !== undefined && !t.candidateUsers.includes(q.candidateUser)) continue;
      if (q.candidateGroup !== undefined && !t.candidateGroups.includes(q.candidateGroup)) continue;
      out.push(t);
    }
    return out;
  }

  async getUserTask(taskId: string): Promise<UserTask | undefined> {
    await this.init();
    if (this.shared) return this.shared.getUserTask(taskId);
    return this.core.index.userTasks.get(taskId);
  }

  async claimUserTask(taskId: string, user: string | undefined): Promise<UserTask> {
    await this.init();
    const { instanceId } = this.core.findUserTask(taskId);
    const state = await this.core.command(instanceId, { type: 'claimUserTask', taskId, user });
    return this.shared ? this.core.userTaskOf(state, taskId)! : this.core.index.userTasks.get(taskId)!;
  }

  async completeUserTask(taskId: string, values: Record<string, unknown> = {}, opts: { user?: string } = {}): Promise<Instance> {
    await this.init();
    const { instanceId } = this.core.findUserTask(taskId);
    const cmd: Extract<Command, { type: 'completeUserTask' }> = { type: 'completeUserTask', taskId, values };
    if (opts.user !== undefined) cmd.user = opts.user;
    return toInstance(await this.core.command(instanceId, cmd));
  }

  // ---- lifecycle, snapshots, time ---------------------------------------------------------------

  async suspend(instanceId: string, reason?: string): Promise<Instance> {
    await this.init();
    return this.lifecycle.suspend(instanceId, reason);
  }

  async resume(instanceId: string): Promise<Instance> {
    await this.init();
    return toInstance(await this.core.command(instanceId, { type: 'resume' }));
  }

  async terminate(instanceId: string, reason?: string): Promise<Instance> {
    await this.init();
    return this.lifecycle.terminate(instanceId, reason);
  }

  async purge(instanceId: string): Promise<void> {
    await this.init();
    return this.lifecycle.purge(instanceId);
  }

  async exportSnapshot(instanceId: string): Promise<Snapshot> {
    await this.init();
    return this.core.load(instanceId);
  }

  async importSnapshot(snapshot: unknown): Promise<Instance> {
    await this.init();
    return toInstance(await importSnapshot(this.core, snapshot));
  }

  async runDueTimers(): Promise<number> {
    await this.init();
    return this.lifecycle.runDueJobs();
  }

  async retryIncident(incidentId: string, opts: { retries?: number } = {}): Promise<Instance> {
    await this.init();
    const instanceId = incidentId.slice(0, incidentId.lastIndexOf(':'));
    if (this.shared) await this.shared.assertExists(instanceId, `incident ${incidentId}`);
    else if (!this.core.index.instances.has(instanceId)) throw new NotFoundError(`incident ${incidentId} not found`);
    const cmd = { type: 'retryIncident' as const, incidentId, ...(opts.retries !== undefined ? { retries: opts.retries } : {}) };
    return toInstance(await this.core.command(instanceId, cmd));
  }

  async close(): Promise<void> {
    if (!this.initPromise) return;
    await this.initPromise.catch(() => undefined);
    await this.lifecycle.close();
  }
}

