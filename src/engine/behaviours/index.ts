import type { ElementKind, ElementSpec } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';
import { armBoundaries } from '../event-listeners.js';
import { applyInputs } from '../io-mapping.js';
import { hasListeners, listenersDone, runListeners } from '../listeners.js';
import { startLoopBody } from '../multi-instance.js';
import { enterCallActivity } from './call-activity.js';
import { enterEndEvent } from './end-event.js';
import { enterEventBasedGateway } from './event-based-gateway.js';
import { enterIntermediateCatchEvent, enterReceiveTask } from './intermediate-catch-event.js';
import { enterIntermediateThrowEvent } from './intermediate-throw-event.js';
import { enterExclusiveGateway } from './exclusive-gateway.js';
import { enterInclusiveGateway } from './inclusive-gateway.js';
import { enterParallelGateway } from './parallel-gateway.js';
import { enterPassThrough } from './pass-through.js';
import { enterScriptTask } from './script-task.js';
import { enterServiceTask } from './service-task.js';
import { enterStartEvent } from './start-event.js';
import { enterSubProcess } from './sub-process.js';
import { enterUserTask } from './user-task.js';

/** Element kind → behaviour. A kind missing here is rejected at deploy by `capabilities.ts`. */
export const BEHAVIOURS: Partial<Record<ElementKind, EnterBehaviour<never>>> = {
  startEvent: enterStartEvent,
  endEvent: enterEndEvent,
  intermediateThrowEvent: enterIntermediateThrowEvent,
  intermediateCatchEvent: enterIntermediateCatchEvent,
  receiveTask: enterReceiveTask,
  boundaryEvent: enterPassThrough,
  eventBasedGateway: enterEventBasedGateway,
  task: enterPassThrough,
  manualTask: enterPassThrough,
  userTask: enterUserTask,
  serviceTask: enterServiceTask,
  sendTask: enterServiceTask,
  businessRuleTask: enterServiceTask,
  scriptTask: enterScriptTask,
  exclusiveGateway: enterExclusiveGateway,
  parallelGateway: enterParallelGateway,
  inclusiveGateway: enterInclusiveGateway,
  subProcess: enterSubProcess,
  transaction: enterSubProcess,
  callActivity: enterCallActivity,
};

export function enterElement(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  const behaviour = BEHAVIOURS[el.kind] as EnterBehaviour | undefined;
  if (!behaviour) throw new Error(`no behaviour for ${el.kind} ${el.id}; capabilities should have rejected it`);
  if (token.processStart) {
    delete token.processStart;
    if (!runListeners(ctx, token, ctx.proc.spec, 'start')) return;
  }
  // Back after its start listeners ran as jobs: boundaries, inputs and listeners are done already.
  if (!listenersDone(token, 'start')) {
    const body = token.loopInstance === undefined;
    // Back after an input script ran as a job: the element was set up before its inputs began.
    if (token.io?.phase !== 'input') {
      // Boundaries belong to the activity as a whole: the body of a loop, not each inner instance.
      if (body && el.boundaryEventIds && el.boundaryEventIds.length > 0) armBoundaries(ctx, el, token.id, ctx.view(token));
      if (body && el.loop) {
        startLoopBody(ctx, token, el);
        return;
      }
    }
    if (!applyInputs(ctx, token, el)) return;
    if (hasListeners(el, 'start') && !runListeners(ctx, token, el, 'start')) return;
  }
  behaviour(ctx, token, el);
}
