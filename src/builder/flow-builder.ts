/**
 * The fluent half of the builder: each call appends one element to the current scope and connects every
 * open tail to it. Branching calls return a gateway builder whose close (`otherwise`, `join`) joins the
 * branches that did not end, with a gateway of the same kind when more than one is still open.
 */
import { ExpressionError, ParseError, UnsupportedElementError } from '../errors/index.js';
import { parseDefinitions } from '../parse/index.js';
import type { DefinitionsSpec } from '../spec/types.js';
import { claimId, generateId, newDraft, validateDraft } from './model.js';
import { ConditionalGateway, ParallelGateway } from './gateway-builders.js';
import type {
  BuilderFlavour,
  ConditionalGatewayOptions,
  Draft,
  DraftNode,
  EndOptions,
  FlowOptions,
  GatewayOptions,
  MessageInput,
  MessageOptions,
  MultiInstanceOptions,
  NodeData,
  Scope,
  ScriptTaskOptions,
  ServiceTaskOptions,
  StartOptions,
  SubProcessOptions,
  TimerInput,
  TimerOptions,
  UserTaskOptions,
} from './model.js';
import { writeDefinitions } from './xml-writer.js';

/** A piece of process: takes the builder where it stands and returns where the flow continues. */
export type Step = (b: FlowBuilder) => FlowBuilder;

/** Where the next element connects from: a node, plus the condition of the flow if a branch starts there. */
export interface Tail {
  readonly from: string;
  readonly condition?: string;
  readonly flow?: FlowOptions;
  readonly isDefault?: boolean;
}

/** Anything with the Engine's deploy signature; keeps the builder free of the runtime layer. */
export interface Deployer<D> {
  deploy(xml: string, opts?: { name?: string }): Promise<D>;
}

const MI_KEYS = ['forEach', 'as', 'parallel', 'times', 'completionCondition', 'outputCollection', 'outputElement'] as const;

function loopOf(opts: MultiInstanceOptions, draft: Draft, id: string): MultiInstanceOptions | undefined {
  if (opts.forEach === undefined && opts.times === undefined) {
    const stray = MI_KEYS.find((k) => opts[k] !== undefined);
    if (stray) throw new ParseError(`"${stray}" needs forEach or times on "${id}"`, { elementId: id });
    return undefined;
  }
  if (draft.flavour === 'camunda7' && (opts.outputCollection !== undefined || opts.outputElement !== undefined)) {
    throw new UnsupportedElementError(
      `"${id}": Camunda 7 has no multi-instance output collection; build with flavour 'camunda8' or collect results in the subprocess`,
      { elementId: id },
    );
  }
  const loop: Record<string, unknown> = {};
  for (const k of MI_KEYS) if (opts[k] !== undefined) loop[k] = opts[k];
  return loop as MultiInstanceOptions;
}

const list = (v: string | readonly string[] | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;

export class FlowBuilder {
  readonly #draft: Draft;
  readonly #scope: Scope;
  #tails: Tail[];

  /** @internal use process() */
  constructor(draft: Draft, scope: Scope, tails: Tail[]) {
    this.#draft = draft;
    this.#scope = scope;
    this.#tails = tails;
  }

  get flavour(): BuilderFlavour {
    return this.#draft.flavour;
  }

  start(id?: string, opts: StartOptions = {}): this {
    if (this.#scope.nodes.length > 0) {
      throw new ParseError(`start() must come first in "${this.#scope.id}"`, { elementId: id ?? this.#scope.id });
    }
    return this.#add('StartEvent', id, opts.name, { kind: 'startEvent', ...(opts.form ? { form: opts.form } : {}) });
  }

  end(id?: string, opts: EndOptions = {}): this {
    this.#add('EndEvent', id, opts.name, { kind: 'endEvent', ...(opts.terminate ? { terminate: true } : {}) });
    this.#tails = [];
    return this;
  }

  task(id: string, opts: { name?: string; manual?: boolean } = {}): this {
    return this.#add('Activity', id, opts.name, { kind: opts.manual ? 'manualTask' : 'task' });
  }

  userTask(id: string, opts: UserTaskOptions = {}): this {
    const groups = list(opts.candidateGroups);
    const users = list(opts.candidateUsers);
    const data: NodeData = {
      kind: 'userTask',
      ...(opts.assignee !== undefined ? { assignee: opts.assignee } : {}),
      ...(groups ? { candidateGroups: groups } : {}),
      ...(users ? { candidateUsers: users } : {}),
      ...(opts.form ? { form: opts.form } : {}),
    };
    return this.#add('Activity', id, opts.name, data, opts);
  }

  serviceTask(id: string, opts: ServiceTaskOptions): this {
    if (!opts.type) throw new ParseError(`service task "${id}" needs a type`, { elementId: id });
    const data: NodeData = {
      kind: 'serviceTask',
      type: opts.type,
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
    };
    return this.#add('Activity', id, opts.name, data, opts);
  }

  scriptTask(id: string, opts: ScriptTaskOptions): this {
    if (this.#draft.flavour === 'camunda8' && !opts.script.trim().startsWith('=')) {
      throw new ExpressionError(`script task "${id}": Camunda 8 scripts are FEEL expressions starting with "="`, { elementId: id });
    }
    const data: NodeData = { kind: 'scriptTask', script: opts.script, ...(opts.resultVariable !== undefined ? { resultVariable: opts.resultVariable } : {}) };
    return this.#add('Activity', id, opts.name, data, opts);
  }

  timer(id: string | undefined, opts: TimerOptions): this {
    const timer: TimerInput = { ...(opts.duration ? { duration: opts.duration } : {}), ...(opts.date ? { date: opts.date } : {}), ...(opts.cycle ? { cycle: opts.cycle } : {}) };
    if (Object.keys(timer).length !== 1) {
      throw new ParseError(`timer "${id ?? ''}" needs exactly one of duration, date or cycle`, { elementId: id ?? this.#scope.id });
    }
    return this.#add('Event', id, opts.name, { kind: 'timerCatch', timer });
  }

  message(id: string | undefined, opts: MessageOptions): this {
    if (!opts.name) throw new ParseError(`message event "${id ?? ''}" needs a message name`, { elementId: id ?? this.#scope.id });
    if (opts.correlationKey !== undefined && this.#draft.flavour === 'camunda7') {
      throw new UnsupportedElementError(
        `message event "${id ?? opts.name}": Camunda 7 files carry no correlation key; pass it to correlateMessage, or build with flavour 'camunda8'`,
        { elementId: id ?? this.#scope.id },
      );
    }
    const message: MessageInput = { name: opts.name, ...(opts.correlationKey !== undefined ? { correlationKey: opts.correlationKey } : {}) };
    return this.#add('Event', id, opts.label, { kind: 'messageCatch', message });
  }

  /** An embedded subprocess; `body` gets a builder for its inside (a start event is added if it has none). */
  subProcess(id: string | undefined, body: Step, opts: SubProcessOptions = {}): this {
    const scope: { -readonly [K in keyof Scope]: Scope[K] } = { id: '', nodes: [], flows: [] };
    this.#add('SubProcess', id, opts.name, { kind: 'subProcess', scope }, opts);
    scope.id = this.#tails[0]!.from;
    const inner = body(new FlowBuilder(this.#draft, scope, []));
    if (inner.#tails.length > 0) {
      const open = inner.#tails[0]!.from;
      throw new ParseError(`dangling branch in subprocess "${scope.id}": "${open}" has no outgoing flow; finish it with .end()`, { elementId: open });
    }
    return this;
  }

  exclusive(name?: string, opts: ConditionalGatewayOptions = {}): ConditionalGateway {
    return new ConditionalGateway(this, this.#split('exclusiveGateway', name, opts), 'exclusiveGateway', opts);
  }

  inclusive(name?: string, opts: ConditionalGatewayOptions = {}): ConditionalGateway {
    return new ConditionalGateway(this, this.#split('inclusiveGateway', name, opts), 'inclusiveGateway', opts);
  }

  parallel(name?: string, opts: GatewayOptions = {}): ParallelGateway {
    return new ParallelGateway(this, this.#split('parallelGateway', name, opts), opts);
  }

  /** An event-based gateway: the first of the branches' catch events to happen wins. */
  eventBased(name?: string, opts: GatewayOptions = {}): ParallelGateway {
    return new ParallelGateway(this, this.#split('eventBasedGateway', name, opts), opts, 'exclusiveGateway');
  }

  then(step: Step): FlowBuilder {
    return step(this);
  }

  toXml(): string {
    if (this.#tails.length > 0) {
      const open = this.#tails[0]!.from;
      throw new ParseError(`dangling branch: "${open}" has no outgoing flow; finish the flow with .end()`, { elementId: open });
    }
    validateDraft(this.#draft);
    return writeDefinitions(this.#draft);
  }

  /** The spec graph our parser reads from toXml(): what the engine will run. */
  toDefinitions(): Promise<DefinitionsSpec> {
    return parseDefinitions(this.toXml());
  }

  deploy<D>(engine: Deployer<D>, opts: { name?: string } = {}): Promise<D> {
    return engine.deploy(this.toXml(), { name: opts.name ?? `${this.#draft.id}.bpmn` });
  }

  // ---- internals shared with the gateway builders ------------------------------------------------------

  /** @internal */
  branchFrom(tail: Tail, step: Step): Tail[] {
    const b = step(new FlowBuilder(this.#draft, this.#scope, [tail]));
    if (b.#scope !== this.#scope) throw new ParseError(`a branch must continue the builder it was given`, { elementId: tail.from });
    return b.#tails;
  }

  /** @internal */
  close(gatewayId: string, tails: Tail[], joinKind: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway', joinId: string | undefined): this {
    this.#draft.openGateways.delete(gatewayId);
    this.#tails = tails;
    if (tails.length > 1) this.#add('Gateway', joinId ?? `${gatewayId}_join`, undefined, { kind: joinKind });
    return this;
  }

  /** @internal */
  setDefault(gatewayId: string, flowId: string): void {
    const gw = this.#scope.nodes.find((n) => n.id === gatewayId) as DraftNode;
    gw.defaultFlowId = flowId;
  }

  /** @internal */
  checkCondition(gatewayId: string, condition: string): void {
    const ok = this.#draft.flavour === 'camunda8' ? condition.trim().startsWith('=') : /^\s*[$#]\{[\s\S]*\}\s*$/.test(condition);
    if (!ok) {
      const form = this.#draft.flavour === 'camunda8' ? 'a FEEL expression starting with "="' : 'a JUEL expression like ${approved}';
      throw new ExpressionError(`condition "${condition}" on a branch of "${gatewayId}" must be ${form}`, { elementId: gatewayId });
    }
  }

  #split(kind: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway' | 'eventBasedGateway', name: string | undefined, opts: GatewayOptions): string {
    this.#add('Gateway', opts.id, name, { kind });
    const id = this.#tails[0]!.from;
    this.#tails = [];
    this.#draft.openGateways.add(id);
    return id;
  }

  #add(prefix: string, id: string | undefined, name: string | undefined, data: NodeData, mi: MultiInstanceOptions = {}): this {
    const draft = this.#draft;
    const scope = this.#scope;
    if (scope.nodes.length === 0 && data.kind !== 'startEvent') this.start();
    else if (scope.nodes.length > 0 && this.#tails.length === 0) {
      throw new ParseError(
        `"${id ?? data.kind}" cannot be reached: the flow before it has ended (or its gateway is not closed)`,
        { elementId: id ?? scope.id },
      );
    }
    const nodeId = id === undefined ? generateId(draft, prefix) : claimId(draft, id);
    const loop = loopOf(mi, draft, nodeId);
    scope.nodes.push({ id: nodeId, ...(name ? { name } : {}), data, ...(loop ? { loop } : {}) });
    for (const tail of this.#tails) {
      const flowId = tail.flow?.id !== undefined ? claimId(draft, tail.flow.id) : generateId(draft, 'Flow');
      scope.flows.push({
        id: flowId,
        sourceId: tail.from,
        targetId: nodeId,
        ...(tail.flow?.name !== undefined ? { name: tail.flow.name } : {}),
        ...(tail.condition !== undefined ? { condition: tail.condition } : {}),
      });
      if (tail.isDefault) this.setDefault(tail.from, flowId);
    }
    this.#tails = [{ from: nodeId }];
    return this;
  }
}

/** Begins a process definition: `process('order', { name }).start()…end().toXml()`. */
export function process(id: string, opts: { name?: string; flavour?: BuilderFlavour; versionTag?: string } = {}): FlowBuilder {
  const draft = newDraft(id, opts);
  return new FlowBuilder(draft, draft.root, []);
}
