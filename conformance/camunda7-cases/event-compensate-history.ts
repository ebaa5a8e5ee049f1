/**
 * event/compensate/CompensateEventHistoryTest. The Java test compares the historic activity instance of the
 * compensation handler with its runtime activity instance (ids and parent ids of Camunda's activity instance
 * tree); what our history API can say is that the handler ran exactly once, and inside which scope it ran.
 */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const H = 'event/compensate/CompensateEventHistoryTest';

async function handlerHistory(t: CaseContext, key: string): Promise<{ entered: number; completed: number }> {
  const pi = await t.start(key);
  // when throwing compensation
  await t.complete('beforeCompensate', {}, pi.id);
  eq(await t.taskIds(pi.id), ['compensationHandler'], 'the compensation handler is active');
  // .. and completing compensation
  await t.complete('compensationHandler', {}, pi.id);
  await t.assertEnded(pi.id);
  const h = (await t.engine.history(pi.id)).filter((e) => e.elementId === 'compensationHandler');
  return { entered: h.filter((e) => e.type === 'element.entered').length, completed: h.filter((e) => e.type === 'element.completed').length };
}

export const cases: Camunda7Case[] = [
  { file: `${H}.testBoundaryCompensationHandlerHistory.bpmn20.xml`, javaTest: 'CompensateEventHistoryTest#testBoundaryCompensationHandlerHistoryActivityInstance', async run(t) {
    await t.deploy();
    eq(await handlerHistory(t, 'boundaryHandlerProcess'), { entered: 1, completed: 1 }, 'one historic instance of the compensation handler');
  } },
  { file: `${H}.testDefaultCompensationHandlerHistory.bpmn20.xml`, javaTest: 'CompensateEventHistoryTest#testDefaultCompensationHandlerHistoryActivityInstance', async run(t) {
    // the handler of an activity inside a completed subprocess runs in the subprocess's scope, restored for it
    await t.deploy();
    eq(await handlerHistory(t, 'defaultHandlerProcess'), { entered: 1, completed: 1 }, 'one historic instance of the compensation handler');
  } },
];
