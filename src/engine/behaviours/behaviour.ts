import type { ElementSpec } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { TokenState } from '../state.js';

/**
 * One element kind's behaviour: what happens when a token enters it. Completion of wait states
 * (user task, job) comes back through commands handled in `step.ts`, which end in `ctx.complete()`.
 * Throwing a BpmnRunnerError from `enter` makes an incident on the element that re-enters on retry.
 */
export type EnterBehaviour<E extends ElementSpec = ElementSpec> = (ctx: StepContext, token: TokenState, el: E) => void;
