/**
 * The builder's draft: what the fluent calls have described so far, as plain data. It is not the spec
 * graph (that comes from parsing the XML the draft serialises to, so both paths share one truth); it is
 * the smallest record the XML writer and the layout need.
 */
import { ConflictError, ParseError } from '../errors/index.js';

export type BuilderFlavour = 'camunda7' | 'camunda8';

/** A user task / start form field, written as `camunda:formField` (C7) or a form-js component (C8). */
export interface FormFieldInput {
  readonly id: string;
  readonly label?: string;
  readonly type?: 'string' | 'long' | 'boolean' | 'date' | 'enum';
  readonly required?: boolean;
  readonly readonly?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly minlength?: number;
  readonly maxlength?: number;
  /** Options of an enum field: ids, or ids with display names. */
  readonly values?: readonly (string | { readonly id: string; readonly name: string })[];
  readonly defaultValue?: string | number | boolean;
}

/**
 * Multi-instance on an activity. `forEach` is an expression in the flavour's language (`${items}` /
 * `=items`) or a bare variable name, which the writer turns into one.
 */
export interface MultiInstanceOptions {
  readonly forEach?: string;
  readonly as?: string;
  /** Default true, as in BPMN (`isSequential="false"`). */
  readonly parallel?: boolean;
  /** loopCardinality: a number or an expression. */
  readonly times?: number | string;
  readonly completionCondition?: string;
  /** Camunda 8 only: the variable that collects `outputElement` of every instance, in input order. */
  readonly outputCollection?: string;
  readonly outputElement?: string;
}

export interface TimerInput {
  readonly duration?: string;
  readonly date?: string;
  readonly cycle?: string;
}
export interface MessageInput {
  readonly name: string;
  /** Camunda 8 only (`zeebe:subscription`); Camunda 7 correlates by API arguments. */
  readonly correlationKey?: string;
}

// ---- what callers pass -------------------------------------------------------------------------------

export interface FlowOptions {
  /** Id of the sequence flow that enters the branch. */
  readonly id?: string;
  /** Label of that flow ("yes", "no"). */
  readonly name?: string;
}
export interface GatewayOptions {
  readonly id?: string;
  /** Id of the join gateway created when several branches stay open. */
  readonly joinId?: string;
}
export interface ConditionalGatewayOptions extends GatewayOptions {
  /** Id of the default flow, i.e. of the `otherwise` branch. */
  readonly default?: string;
}
export interface StartOptions {
  readonly name?: string;
  readonly form?: readonly FormFieldInput[];
}
export interface EndOptions {
  readonly name?: string;
  /** A terminate end event: ends every other token of its scope too. */
  readonly terminate?: boolean;
}
export interface UserTaskOptions extends MultiInstanceOptions {
  readonly name?: string;
  readonly assignee?: string;
  readonly candidateGroups?: string | readonly string[];
  readonly candidateUsers?: string | readonly string[];
  readonly form?: readonly FormFieldInput[];
}
export interface ServiceTaskOptions extends MultiInstanceOptions {
  readonly name?: string;
  /** Handler type: `camunda:topic` (C7 external task, a registered handler wins) or `zeebe:taskDefinition type`. */
  readonly type: string;
  /** Camunda 8 job retries (attempts, the first included). */
  readonly retries?: number;
  readonly headers?: Readonly<Record<string, string>>;
}
export interface ScriptTaskOptions extends MultiInstanceOptions {
  readonly name?: string;
  /** JavaScript (Camunda 7) or a FEEL expression starting with `=` (Camunda 8). */
  readonly script: string;
  readonly resultVariable?: string;
}
export interface TimerOptions extends TimerInput {
  readonly name?: string;
}
export interface MessageOptions extends MessageInput {
  /** Display label of the event (`name` is the message name). */
  readonly label?: string;
}
export interface SubProcessOptions extends MultiInstanceOptions {
  readonly name?: string;
}

// ---- the draft ---------------------------------------------------------------------------------------

export type NodeData =
  | { readonly kind: 'startEvent'; readonly form?: readonly FormFieldInput[] }
  | { readonly kind: 'endEvent'; readonly terminate?: boolean }
  | { readonly kind: 'task' | 'manualTask' }
  | {
      readonly kind: 'userTask';
      readonly assignee?: string;
      readonly candidateGroups?: readonly string[];
      readonly candidateUsers?: readonly string[];
      readonly form?: readonly FormFieldInput[];
    }
  | { readonly kind: 'serviceTask'; readonly type: string; readonly retries?: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'scriptTask'; readonly script: string; readonly resultVariable?: string }
  | { readonly kind: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway' | 'eventBasedGateway' }
  | { readonly kind: 'timerCatch'; readonly timer: TimerInput }
  | { readonly kind: 'messageCatch'; readonly message: MessageInput }
  | { readonly kind: 'subProcess'; readonly scope: Scope };

export type NodeKind = NodeData['kind'];

export interface DraftNode {
  readonly id: string;
  readonly name?: string;
  readonly data: NodeData;
  readonly loop?: MultiInstanceOptions;
  /** Set when an `otherwise` branch leaves this gateway. */
  defaultFlowId?: string;
}

export interface DraftFlow {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly condition?: string;
}

/** The process body or the inside of an embedded subprocess. */
export interface Scope {
  readonly id: string;
  readonly nodes: DraftNode[];
  readonly flows: DraftFlow[];
}

export interface Draft {
  readonly id: string;
  readonly name?: string;
  readonly flavour: BuilderFlavour;
  readonly versionTag?: string;
  readonly root: Scope;
  readonly ids: Set<string>;
  /** Gateways whose branches were opened and not yet closed with otherwise()/join(). */
  readonly openGateways: Set<string>;
  readonly counters: Record<string, number>;
}

const NCNAME = /^[A-Za-z_][\w.-]*$/;

export function newDraft(id: string, opts: { name?: string; flavour?: BuilderFlavour; versionTag?: string }): Draft {
  if (!NCNAME.test(id)) throw new ParseError(`process id "${id}" is not a valid XML id (letters, digits, _ . -, not starting with a digit)`, { elementId: id });
  return {
    id,
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    flavour: opts.flavour ?? 'camunda7',
    ...(opts.versionTag !== undefined ? { versionTag: opts.versionTag } : {}),
    root: { id, nodes: [], flows: [] },
    ids: new Set([id]),
    openGateways: new Set(),
    counters: {},
  };
}

/** Claims `id` for one element of the draft; ids are unique per file, subprocesses included. */
export function claimId(draft: Draft, id: string): string {
  if (!NCNAME.test(id)) throw new ParseError(`"${id}" is not a valid XML id (letters, digits, _ . -, not starting with a digit)`, { elementId: id });
  if (draft.ids.has(id)) throw new ConflictError(`id "${id}" is already used in process "${draft.id}"`, { elementId: id });
  draft.ids.add(id);
  return id;
}

/** `Prefix_n` with the first n that no element uses (explicit ids may take generated-looking names). */
export function generateId(draft: Draft, prefix: string): string {
  let n = draft.counters[prefix] ?? 0;
  let id: string;
  do id = `${prefix}_${++n}`;
  while (draft.ids.has(id));
  draft.counters[prefix] = n;
  return claimId(draft, id);
}

/**
 * The checks that need the whole draft: every path starts at a start event and stops at an end event,
 * so a forgotten `.end()` is reported here instead of becoming an instance that never completes.
 */
export function validateDraft(draft: Draft): void {
  if (draft.openGateways.size > 0) {
    const id = [...draft.openGateways][0] as string;
    throw new ParseError(`gateway "${id}" still has open branches: close it with .otherwise(...) or .join()`, { elementId: id });
  }
  const visit = (scope: Scope): void => {
    if (!scope.nodes.some((n) => n.data.kind === 'startEvent')) {
      throw new ParseError(`scope "${scope.id}" has no start event`, { elementId: scope.id });
    }
    const outgoing = new Set(scope.flows.map((f) => f.sourceId));
    const incoming = new Set(scope.flows.map((f) => f.targetId));
    for (const n of scope.nodes) {
      if (n.data.kind !== 'endEvent' && !outgoing.has(n.id)) {
        throw new ParseError(`dangling branch: "${n.id}" has no outgoing flow; finish the branch with .end()`, { elementId: n.id });
      }
      if (n.data.kind !== 'startEvent' && !incoming.has(n.id)) {
        throw new ParseError(`"${n.id}" cannot be reached: no flow leads to it`, { elementId: n.id });
      }
      if (n.data.kind === 'eventBasedGateway') {
        for (const f of scope.flows.filter((x) => x.sourceId === n.id)) {
          const target = scope.nodes.find((x) => x.id === f.targetId);
          if (target?.data.kind !== 'timerCatch' && target?.data.kind !== 'messageCatch') {
            throw new ParseError(`every branch of event-based gateway "${n.id}" must start with a timer or message event`, { elementId: n.id });
          }
        }
      }
      if (n.data.kind === 'subProcess') visit(n.data.scope);
    }
  };
  visit(draft.root);
}
