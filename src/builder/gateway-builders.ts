/**
 * The builders a branching call returns. Closing one (`otherwise`, `join`) hands the flow back to the
 * builder that opened it, which joins the branches still open.
 */
import { ParseError } from '../errors/index.js';
import type { FlowBuilder, Step, Tail } from './flow-builder.js';
import type { ConditionalGatewayOptions, FlowOptions, GatewayOptions } from './model.js';

/** Branches of an exclusive or inclusive gateway: `when(condition, …)` … then `otherwise(…)` or `join()`. */
export class ConditionalGateway {
  readonly #parent: FlowBuilder;
  readonly #id: string;
  readonly #joinKind: 'exclusiveGateway' | 'inclusiveGateway';
  readonly #opts: ConditionalGatewayOptions;
  readonly #tails: Tail[] = [];
  #branches = 0;

  /** @internal */
  constructor(parent: FlowBuilder, id: string, joinKind: 'exclusiveGateway' | 'inclusiveGateway', opts: ConditionalGatewayOptions) {
    this.#parent = parent;
    this.#id = id;
    this.#joinKind = joinKind;
    this.#opts = opts;
  }

  get id(): string {
    return this.#id;
  }

  when(condition: string, branch: Step, flow: FlowOptions = {}): this {
    this.#parent.checkCondition(this.#id, condition);
    this.#tails.push(...this.#parent.branchFrom({ from: this.#id, condition, flow }, branch));
    this.#branches++;
    return this;
  }

  /** The default branch, taken when no condition holds; closes the gateway. */
  otherwise(branch: Step, flow: FlowOptions = {}): FlowBuilder {
    const withId = this.#opts.default !== undefined && flow.id === undefined ? { ...flow, id: this.#opts.default } : flow;
    this.#tails.push(...this.#parent.branchFrom({ from: this.#id, flow: withId, isDefault: true }, branch));
    this.#branches++;
    return this.join();
  }

  join(opts: { id?: string } = {}): FlowBuilder {
    if (this.#branches === 0) throw new ParseError(`gateway "${this.#id}" has no branches`, { elementId: this.#id });
    return this.#parent.close(this.#id, this.#tails, this.#joinKind, opts.id ?? this.#opts.joinId);
  }
}

/** Branches of a parallel (or event-based) gateway: `branch(…)` as often as needed, then `join()`. */
export class ParallelGateway {
  readonly #parent: FlowBuilder;
  readonly #id: string;
  readonly #opts: GatewayOptions;
  readonly #joinKind: 'exclusiveGateway' | 'parallelGateway';
  readonly #tails: Tail[] = [];
  #branches = 0;

  /** @internal */
  constructor(parent: FlowBuilder, id: string, opts: GatewayOptions, joinKind: 'exclusiveGateway' | 'parallelGateway' = 'parallelGateway') {
    this.#parent = parent;
    this.#id = id;
    this.#opts = opts;
    this.#joinKind = joinKind;
  }

  get id(): string {
    return this.#id;
  }

  branch(branch: Step, flow: FlowOptions = {}): this {
    this.#tails.push(...this.#parent.branchFrom({ from: this.#id, flow }, branch));
    this.#branches++;
    return this;
  }

  join(opts: { id?: string } = {}): FlowBuilder {
    if (this.#branches < 1) throw new ParseError(`gateway "${this.#id}" has no branches`, { elementId: this.#id });
    return this.#parent.close(this.#id, this.#tails, this.#joinKind, opts.id ?? this.#opts.joinId);
  }
}
