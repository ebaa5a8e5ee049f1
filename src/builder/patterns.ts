/**
 * The shapes people bring from other engines, as Steps for `.then(…)`: Celery's chain / group / chord,
 * Durable Functions' fan-out over a collection, and "wait for an event or a timeout, whichever first".
 * Each is sugar over the fluent calls, so what they build is plain BPMN a modeler can open and edit.
 */
import { ParseError } from '../errors/index.js';
import type { FlowBuilder, Step } from './flow-builder.js';
import type { MessageInput, ServiceTaskOptions, TimerInput } from './model.js';

/** One step after the other (Celery `chain`, function chaining). */
export function chain(...steps: readonly Step[]): Step {
  return (b) => steps.reduce((acc, step) => step(acc), b);
}

/** Every step at once, continuing when all are done: a parallel split and join (Celery `group`). */
export function group(steps: readonly Step[], opts: { id?: string; joinId?: string; name?: string } = {}): Step {
  if (steps.length === 0) throw new ParseError('group() needs at least one step');
  return (b) => {
    const split = b.parallel(opts.name, { ...(opts.id ? { id: opts.id } : {}), ...(opts.joinId ? { joinId: opts.joinId } : {}) });
    for (const step of steps) split.branch(step);
    return split.join();
  };
}

/** A group whose results feed one callback step (Celery `chord`). */
export function chord(steps: readonly Step[], callback: Step, opts: { id?: string; joinId?: string; name?: string } = {}): Step {
  return chain(group(steps, opts), callback);
}

export interface ForEachOptions {
  /** Id of the multi-instance subprocess; default `SubProcess_<n>`. */
  readonly id?: string;
  readonly name?: string;
  /** Variable holding the current item in each instance; default `item`. */
  readonly as?: string;
  /** Default true; false runs the items one after the other. */
  readonly parallel?: boolean;
  /** Camunda 8: variable that receives `outputElement` of every instance, in input order. */
  readonly outputCollection?: string;
  /** Camunda 8: FEEL expression evaluated in each instance when it completes, e.g. `=result`. */
  readonly outputElement?: string;
  readonly completionCondition?: string;
}

/**
 * Runs `body` once per item of `collection` (fan-out / fan-in) inside a multi-instance subprocess.
 * `collection` is a variable name or an expression of the flavour (`${items}`, `=items`).
 */
export function forEach(collection: string, body: Step, opts: ForEachOptions = {}): Step {
  return (b) =>
    b.subProcess(opts.id, (inner) => body(inner.start()).end(), {
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      forEach: collection,
      as: opts.as ?? 'item',
      parallel: opts.parallel ?? true,
      ...(opts.outputCollection !== undefined ? { outputCollection: opts.outputCollection } : {}),
      ...(opts.outputElement !== undefined ? { outputElement: opts.outputElement } : {}),
      ...(opts.completionCondition !== undefined ? { completionCondition: opts.completionCondition } : {}),
    });
}

/** An event to wait for, with what happens once it arrived (only meaningful inside firstOf). */
export type WaitEvent =
  | { readonly kind: 'message'; readonly message: MessageInput; readonly id?: string; readonly label?: string; readonly then?: Step }
  | { readonly kind: 'timer'; readonly timer: TimerInput; readonly id?: string; readonly label?: string; readonly then?: Step };
export interface FirstOf {
  readonly kind: 'firstOf';
  readonly events: readonly WaitEvent[];
}

export function message(name: string, opts: { id?: string; label?: string; correlationKey?: string; then?: Step } = {}): WaitEvent {
  const { correlationKey, ...rest } = opts;
  return { kind: 'message', message: { name, ...(correlationKey !== undefined ? { correlationKey } : {}) }, ...rest };
}

/** A timer: an ISO 8601 duration (`PT24H`), or `{ date }` / `{ cycle }`. */
export function timer(when: string | TimerInput, opts: { id?: string; label?: string; then?: Step } = {}): WaitEvent {
  return { kind: 'timer', timer: typeof when === 'string' ? { duration: when } : when, ...opts };
}

/** Whichever event happens first wins; the others are withdrawn (an event-based gateway). */
export function firstOf(...events: readonly WaitEvent[]): FirstOf {
  if (events.length < 2) throw new ParseError('firstOf() needs at least two events');
  return { kind: 'firstOf', events };
}

function catchEvent(b: FlowBuilder, e: WaitEvent): FlowBuilder {
  const caught =
    e.kind === 'message'
      ? b.message(e.id, { ...e.message, ...(e.label !== undefined ? { label: e.label } : {}) })
      : b.timer(e.id, { ...e.timer, ...(e.label !== undefined ? { name: e.label } : {}) });
  return e.then ? e.then(caught) : caught;
}

/** Waits at this point for a message, a timer, or the first of several (durabletask "human interaction"). */
export function waitFor(event: WaitEvent | FirstOf, opts: { id?: string; joinId?: string; name?: string } = {}): Step {
  if (event.kind !== 'firstOf') return (b) => catchEvent(b, event);
  return (b) => {
    const gw = b.eventBased(opts.name, { ...(opts.id ? { id: opts.id } : {}), ...(opts.joinId ? { joinId: opts.joinId } : {}) });
    for (const e of event.events) gw.branch((branch) => catchEvent(branch, e));
    return gw.join();
  };
}

/** A service task step whose id defaults to its type: `chain(service('fetch'), service('parse'))`. */
export function service(type: string, opts: Partial<ServiceTaskOptions> & { id?: string } = {}): Step {
  const { id, ...rest } = opts;
  return (b) => b.serviceTask(id ?? type, { ...rest, type });
}
