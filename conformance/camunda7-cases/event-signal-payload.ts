/**
 * event/signal/: SignalEventPayloadTest (CAM-8820, `camunda:in` on a thrown signal) and the signal part of
 * event/end/SignalEndEventTest (output variables propagated while a called process throws a signal).
 * `createVariableInstanceQuery().processInstanceIdIn(id)` is the instance's variables.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const P = 'event/signal/SignalEventPayloadTests';
const CATCH_START = `${P}.catchSignalWithPayloadStart.bpmn20.xml`;
const CATCH_INTERMEDIATE = `${P}.catchSignalWithPayloadIntermediate.bpmn20.xml`;

function payload(javaTest: string, file: string, deploy: string[], run: (t: CaseContext) => Promise<void>): Camunda7Case {
  return { file, javaTest: `SignalEventPayloadTest#${javaTest}`, async run(t) {
    await t.deploy(...deploy);
    await run(t);
  } };
}

/** The variables of the instance waiting at the intermediate catch, after `throwKey` threw. */
async function intermediate(t: CaseContext, throwKey: string, vars: Record<string, unknown>): Promise<Record<string, unknown>> {
  const catching = await t.start('catchIntermediatePayloadSignal');
  await t.start(throwKey, vars);
  eq(await t.taskIds(catching.id), ['task'], 'the catching instance received the signal');
  return (await t.instance(catching.id)).variables;
}

/** testSignalPayloadIntermediate: source/target mappings reach the catching instance. */
async function sourceTargetIntermediate(t: CaseContext): Promise<void> {
  const v = await intermediate(t, 'throwPayloadSignal', { payloadVar1: 'payloadVal1', payloadVar2: 'payloadVal2' });
  eq(v, { payloadVar1Target: 'payloadVal1', payloadVar2Target: 'payloadVal2' }, 'only the mapped variables, under their targets');
}

/** testPropagateOutputVariablesWhileThrowSignal(2): the parent's event subprocess catches the child's signal. */
function propagate(m: string, file: string, taskName: string): Camunda7Case {
  return { file, javaTest: `SignalEndEventTest#${m}`, async run(t) {
    await t.deploy(`event/signal/${m}.bpmn20.xml`, 'event/signal/SignalEndEventTest.parent.bpmn20.xml');
    const pi = await t.start('SignalParentProcess', { input: 42 });
    const [child] = (await t.engine.listInstances({ processKey: 'SignalChildProcess' })).items;
    ok(child !== undefined, 'the call activity started the child');
    await t.complete(taskName, {}, child!.id);
    eq(await t.taskNames(pi.id), ['task after catched signal'], 'the signal end event of the child started the parent\'s event subprocess');
    const v = (await t.instance(pi.id)).variables;
    ok(v['cancelReason'] !== undefined && v['cancelReason'] !== null, 'the child\'s output cancelReason reached the parent');
    eq(v['input'], 42, 'input kept');
  } };
}

export const cases: Camunda7Case[] = [
  payload('testSignalPayloadStart', CATCH_START, [`${P}.throwSignalWithPayload.bpmn20.xml`, CATCH_START], async (t) => {
    await t.start('throwPayloadSignal', { payloadVar1: 'payloadVal1', payloadVar2: 'payloadVal2' });
    const [task] = await t.tasks();
    ok(task !== undefined, 'the signal start event started an instance');
    eq((await t.instance(task!.instanceId)).variables, { payloadVar1Target: 'payloadVal1', payloadVar2Target: 'payloadVal2' });
  }),
  payload('testSignalPayloadIntermediate', CATCH_INTERMEDIATE, [`${P}.throwSignalWithPayload.bpmn20.xml`, CATCH_INTERMEDIATE], sourceTargetIntermediate),
  payload('testSignalPayloadIntermediate', `${P}.throwSignalWithPayload.bpmn20.xml`, [`${P}.throwSignalWithPayload.bpmn20.xml`, CATCH_INTERMEDIATE], sourceTargetIntermediate),
  payload('testSignalAllSourceVariablesPayload', `${P}.throwSignalWithAllVariablesPayload.bpmn20.xml`, [`${P}.throwSignalWithAllVariablesPayload.bpmn20.xml`, CATCH_INTERMEDIATE], async (t) => {
    const v = await intermediate(t, 'throwPayloadSignal', { payloadVar1: 'payloadVal1', payloadVar2: 'payloadVal2' });
    eq(v, { payloadVar1: 'payloadVal1', payloadVar2: 'payloadVal2' }, 'every variable of the thrower');
  }),
  payload('testSignalAllLocalSourceVariablesPayload', `${P}.throwEndSignalEventWithAllLocalVariablesPayload.bpmn20.xml`,
    [`${P}.throwEndSignalEventWithAllLocalVariablesPayload.bpmn20.xml`, CATCH_INTERMEDIATE], async (t) => {
      const v = await intermediate(t, 'throwPayloadSignal', { payloadVar1: 'payloadVal1' });
      eq(v, { localVar1: 'localVal1', localVar2: 'localVal2' }, 'only the end event\'s own (input) variables');
    }),
  payload('testSignalBusinessKeyPayload', `${P}.throwSignalWithBusinessKeyPayload.bpmn20.xml`, [`${P}.throwSignalWithBusinessKeyPayload.bpmn20.xml`, CATCH_START], async (t) => {
    await t.start('throwBusinessKeyPayloadSignal', {}, 'aBusinessKey');
    const started = (await t.engine.listInstances({ processKey: 'catchStartPayloadSignal' })).items;
    eq(started.map((i) => i.businessKey), ['aBusinessKey'], 'the started instance carries the thrower\'s business key');
  }),

  propagate('testPropagateOutputVariablesWhileThrowSignal', 'event/signal/testPropagateOutputVariablesWhileThrowSignal.bpmn20.xml', 'ut2'),
  propagate('testPropagateOutputVariablesWhileThrowSignal', 'event/signal/SignalEndEventTest.parent.bpmn20.xml', 'ut2'),
  propagate('testPropagateOutputVariablesWhileThrowSignal2', 'event/signal/testPropagateOutputVariablesWhileThrowSignal2.bpmn20.xml', 'inside subprocess'),
];
