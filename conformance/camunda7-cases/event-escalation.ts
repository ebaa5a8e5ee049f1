/**
 * event/escalation/: EscalationEventTest, EscalationEventSubprocessTest and EscalationEventParseInvalidProcessTest.
 * Most Java tests start a process and count the open tasks by name; `counts` says the same thing over every
 * instance (called processes included, as Camunda's task query sees them).
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const D = 'event/escalation';
const E = `${D}/EscalationEventTest`;
const S = `${D}/EscalationEventSubprocessTest`;
const THROW = `${E}.throwEscalationEvent.bpmn20.xml`;

async function counts(t: CaseContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const x of await t.tasks()) out[x.name ?? x.elementId] = (out[x.name ?? x.elementId] ?? 0) + 1;
  return sorted(out);
}

/** Key order must not decide an `eq` over JSON. */
function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Start `key` from `files` and compare the open tasks by name with `expected`. */
function tasksAfterStart(cls: string, m: string, files: string[], key: string, expected: Record<string, number>, javaTest = m): Camunda7Case {
  return { file: files[0]!, javaTest: `${cls}#${javaTest}`, async run(t) {
    await t.deploy(...files);
    await t.start(key, { input: 42 });
    eq(await counts(t), sorted(expected), 'open tasks by name');
  } };
}

const own = (prefix: string, m: string) => `${prefix}.${m}.bpmn20.xml`;
const ev = (m: string, expected: Record<string, number>, javaTest = m) => tasksAfterStart('EscalationEventTest', m, [own(E, m)], 'escalationProcess', expected, javaTest);
const sub = (m: string, expected: Record<string, number>, javaTest = m) => tasksAfterStart('EscalationEventSubprocessTest', m, [own(S, m)], 'escalationProcess', expected, javaTest);
const caught = { 'task after catched escalation': 1, 'task in subprocess': 1 };
const interrupted = { 'task after catched escalation': 1 };

/** The escalation code lands in the catching event's `camunda:escalationCodeVariable`. */
function codeVar(cls: string, m: string, files: string[], key: string): Camunda7Case {
  return { file: files[files.length - 1]!, javaTest: `${cls}#${m}`, async run(t) {
    await t.deploy(...files);
    await t.start(key);
    const task = (await t.tasks()).find((x) => x.elementId === 'taskAfterCatchedEscalation' || x.name === 'task after catched escalation');
    ok(task !== undefined, 'the task after the caught escalation');
    eq((await t.instance(task!.instanceId)).variables.escalationCodeVar, 'escalationCode', 'escalationCodeVar');
  } };
}

/** The called process's outputs reach the caller when its escalation is caught (or not). */
function outputs(cls: string, m: string, javaTest = m, twice = false): Camunda7Case {
  const file = own(cls === 'EscalationEventTest' ? E : S, m);
  return { file, javaTest: `${cls}#${javaTest}`, async run(t) {
    await t.deploy(THROW, file);
    const pi = await t.start('catchEscalationProcess', { input: 42 });
    if (!m.includes('Without')) ok((await counts(t))['task after catched escalation'] === 1, 'the task after the caught escalation');
    eq((await t.instance(pi.id)).variables.output, 42, 'output of the called process');
    if (!twice) return;
    const inSub = (await t.tasks()).find((x) => x.elementId === 'task')!;
    await t.engine.setVariables(inSub.instanceId, { input: 999 });
    await t.engine.completeUserTask(inSub.id, {});
    eq((await t.instance(pi.id)).variables.output, 999, 'output passed again when the called process ends');
  } };
}

function throwOutputs(file: string, javaTest: string, taskName: string): Camunda7Case {
  return { file: `${D}/${file}.bpmn20.xml`, javaTest: `EscalationEventTest#${javaTest}`, resources: [`${E}.escalationParent.bpmn20.xml`], async run(t) {
    await t.deploy(`${D}/${file}.bpmn20.xml`, `${E}.escalationParent.bpmn20.xml`);
    const pi = await t.start('EscalationParentProcess', { input: 42 });
    const task = (await t.tasks()).find((x) => x.name === taskName);
    ok(task !== undefined, `task "${taskName}"`);
    await t.engine.completeUserTask(task!.id, {});
    eq((await counts(t))['task after catched escalation'], 1, 'the task after the caught escalation');
    const v = (await t.instance(pi.id)).variables;
    ok(v.cancelReason !== undefined && v.cancelReason !== null, 'cancelReason is set');
    eq(v.output, 42, 'output of the called process');
  } };
}

function twice(m: string, javaTest: string, subFirst: boolean, mainTask: string, expected: Record<string, number>): Camunda7Case {
  return { file: own(S, m), javaTest: `EscalationEventSubprocessTest#${javaTest}`, async run(t) {
    await t.deploy(own(S, m));
    const pi = await t.start('escalationProcess');
    if (subFirst) await t.complete('TaskInSubprocess', {}, pi.id);
    await t.complete(mainTask, {}, pi.id);
    const byId: Record<string, number> = {};
    for (const x of await t.tasks(pi.id)) if (x.elementId in expected) byId[x.elementId] = (byId[x.elementId] ?? 0) + 1;
    eq(sorted(byId), sorted(expected), 'open tasks by element id');
  } };
}

const invalid = ['invalidAttachement', 'invalidEscalationRefOnBoundaryEvent', 'invalidEscalationRefOnEndEvent', 'invalidEscalationRefOnEscalationEventSubprocess',
  'invalidEscalationRefOnIntermediateThrowingEvent', 'missingEscalationCodeOnEscalationEndEvent', 'missingEscalationCodeOnIntermediateThrowingEscalationEvent',
  'missingEscalationRefOnEndEvent', 'missingEscalationRefOnIntermediateThrowingEvent', 'missingIdOnEscalation', 'multipleEscalationBoundaryEventsWithAndWithoutEscalationCode',
  'multipleEscalationBoundaryEventsWithSameEscalationCode', 'multipleEscalationBoundaryEventsWithoutEscalationCode', 'multipleEscalationEventSubprocessWithAndWithoutEscalationCode',
  'multipleEscalationEventSubprocessWithSameEscalationCode', 'multipleEscalationEventSubprocessWithoutEscalationCode', 'multipleInterruptingEscalationEventSubprocesses'];

export const cases: Camunda7Case[] = [
  ...invalid.map((m) => deployFails(`${D}/EscalationEventParseInvalidProcessTest.${m}.bpmn20.xml`, `EscalationEventParseInvalidProcessTest#testParsingFails[${m}]`)),
  ev('testThrowEscalationEventFromEmbeddedSubprocess', caught),
  ev('testThrowEscalationEventHierarchical', { 'task after catched escalation inside subprocess': 1, 'task in subprocess': 1 }),
  tasksAfterStart('EscalationEventTest', 'nonInterruptingEscalationBoundaryEventOnCallActivity', [own(E, 'nonInterruptingEscalationBoundaryEventOnCallActivity'), THROW], 'catchEscalationProcess', { 'task after catched escalation': 1, 'task after thrown escalation': 1 }, 'testThrowEscalationEventFromCallActivity'),
  tasksAfterStart('EscalationEventTest', 'throwEscalationEvent', [THROW], 'throwEscalationProcess', { 'task after thrown escalation': 1 }, 'testThrowEscalationEventNotCaught'),
  ev('testBoundaryEventWithEscalationCode', { 'task after catched escalation 1': 1, 'task in subprocess': 1 }),
  ev('testBoundaryEventWithoutEscalationCode', caught),
  ev('testBoundaryEventWithEmptyEscalationCode', caught),
  ev('testBoundaryEventWithoutEscalationRef', caught),
  ev('testInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess', interrupted),
  ev('testNonInterruptingEscalationBoundaryEventOnMultiInstanceSubprocess', { 'task after catched escalation': 5, 'task in subprocess': 5 }),
  ev('testInterruptingEscalationBoundaryEvent', interrupted),
  tasksAfterStart('EscalationEventTest', 'interruptingEscalationBoundaryEventOnCallActivity', [own(E, 'interruptingEscalationBoundaryEventOnCallActivity'), THROW], 'catchEscalationProcess', interrupted, 'testInterruptingEscalationBoundaryEventOnCallActivity'),
  ev('testParallelEscalationEndEvent', caught),
  ev('testEscalationEndEvent', interrupted),
  outputs('EscalationEventTest', 'testPropagateOutputVariablesWhileCatchEscalationOnCallActivity'),
  outputs('EscalationEventTest', 'testPropagateOutputVariablesWhileCatchEscalationOnCallActivity', 'testPropagateOutputVariablesTwoTimes', true),
  outputs('EscalationEventTest', 'testPropagateOutputVariablesWhileCatchInterruptingEscalationOnCallActivity'),
  outputs('EscalationEventTest', 'testPropagateOutputVariablesWithoutCatchEscalation'),
  codeVar('EscalationEventTest', 'testRetrieveEscalationCodeVariableOnBoundaryEvent', [own(E, 'testRetrieveEscalationCodeVariableOnBoundaryEvent')], 'escalationProcess'),
  codeVar('EscalationEventTest', 'testRetrieveEscalationCodeVariableOnBoundaryEventWithoutEscalationCode', [own(E, 'testRetrieveEscalationCodeVariableOnBoundaryEventWithoutEscalationCode')], 'escalationProcess'),
  ...['testInterruptingRetrieveEscalationCodeInSuperProcess', 'testInterruptingRetrieveEscalationCodeInSuperProcessWithoutEscalationCode', 'testNonInterruptingRetrieveEscalationCodeInSuperProcess', 'testNonInterruptingRetrieveEscalationCodeInSuperProcessWithoutEscalationCode']
    .flatMap((m) => [codeVar('EscalationEventTest', m, [THROW, own(E, m)], 'catchEscalationProcess'), codeVar('EscalationEventSubprocessTest', m, [THROW, own(S, m)], 'catchEscalationProcess')]),
  throwOutputs('testOutputVariablesWhileThrowEscalation', 'testPropagateOutputVariablesWhileThrowEscalation', 'ut2'),
  throwOutputs('testOutputVariablesWhileThrowEscalationTwoLevels', 'testPropagateOutputVariablesWhileThrowEscalationTwoLevels', 'ut2'),
  throwOutputs('testOutputVariablesWhileThrowEscalationThreeLevels', 'testPropagateOutputVariablesWhileThrowEscalationThreeLevels', 'ut2'),
  throwOutputs('testOutputVariablesWhileThrowEscalationInSubProcess', 'testPropagateOutputVariablesWhileThrowEscalationInSubProcess', 'ut2'),
  throwOutputs('testOutputVariablesWhileThrowEscalationInSubProcessThreeLevels', 'testPropagateOutputVariablesWhileThrowEscalationInSubProcessThreeLevels', 'ut2'),
  throwOutputs('testOutputVariablesWhileThrowEscalation2', 'testPropagateOutputVariablesWhileThrowEscalation2', 'inside subprocess'),
  sub('testCatchEscalationEventInsideSubprocess', caught),
  { file: own(S, 'testThrowEscalationEventFromEventSubprocess'), javaTest: 'EscalationEventSubprocessTest#testThrowEscalationEventFromEventSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('embeddedEventSubprocess');
    await t.advance(24 * 3600_000);
    eq(await counts(t), { 'task in process': 1 }, 'open tasks after the timer');
    ok((await t.engine.history(pi.id)).filter((h) => h.elementId === 'EscalationCatchBoundaryEvent').length >= 1, 'the boundary event caught the escalation');
  } },
  sub('testCatchEscalationEventFromEmbeddedSubprocess', caught),
  tasksAfterStart('EscalationEventSubprocessTest', 'testCatchEscalationEventFromCallActivity', [own(S, 'testCatchEscalationEventFromCallActivity'), THROW], 'catchEscalationProcess', { 'task after catched escalation': 1, 'task after thrown escalation': 1 }),
  sub('testCatchEscalationEventFromTopLevelProcess', { 'task after catched escalation': 1, 'task after thrown escalation': 1 }),
  sub('testCatchEscalationEventFromMultiInstanceSubprocess', { 'task after catched escalation': 5, 'task in subprocess': 5 }),
  sub('testPreferEscalationEventSubprocessToBoundaryEvent', { 'task after catched escalation inside subprocess': 1, 'task in subprocess': 1 }),
  sub('testEscalationEventSubprocessWithEscalationCode', { 'task after catched escalation 1': 1, 'task in subprocess': 1 }),
  sub('testEscalationEventSubprocessWithoutEscalationCode', caught),
  sub('testInterruptionEscalationEventSubprocess', interrupted),
  tasksAfterStart('EscalationEventSubprocessTest', 'testInterruptingEscalationEventSubprocessWithCallActivity', [own(S, 'testInterruptingEscalationEventSubprocessWithCallActivity'), THROW], 'catchEscalationProcess', interrupted),
  sub('testInterruptionEscalationEventSubprocessWithMultiInstanceSubprocess', interrupted),
  ...([
    ['testReThrowEscalationEventToBoundaryEvent', { 'task after catched escalation on boundary event': 1, 'task in subprocess': 1 }],
    ['testReThrowEscalationEventToBoundaryEventWithoutEscalationCode', { 'task after catched escalation on boundary event': 1, 'task in subprocess': 1 }],
    ['testReThrowEscalationEventToEventSubprocess', { 'task after catched escalation on process level': 1, 'task in subprocess': 1 }],
    ['testReThrowEscalationEventIsNotCatched', { 'task in subprocess': 1 }],
  ] as const).map(([m, expected]): Camunda7Case => ({ file: own(S, m), javaTest: `EscalationEventSubprocessTest#${m}`, async run(t) {
    await t.deploy();
    await t.start('escalationProcess');
    await t.complete('task after catched escalation inside subprocess');
    eq(await counts(t), sorted(expected), 'open tasks after the re-throw');
  } })),
  { file: own(S, 'testThrowEscalationEventToEventSubprocess'), javaTest: 'EscalationEventSubprocessTest#testThrowEscalationEventToEventSubprocess', async run(t) {
    await t.deploy();
    await t.start('escalationProcess');
    eq(await counts(t), { 'task after catched escalation inside subprocess1': 1, 'task in subprocess': 1 }, 'open tasks');
    await t.complete('task after catched escalation inside subprocess1');
    eq(await counts(t), { 'task after catched escalation inside subprocess2': 1, 'task in subprocess': 1 }, 'open tasks after the second escalation');
  } },
  outputs('EscalationEventSubprocessTest', 'testPropagateOutputVariablesWhileCatchEscalationOnCallActivity'),
  outputs('EscalationEventSubprocessTest', 'testPropagateOutputVariablesWhileCatchEscalationOnCallActivity', 'testPropagateOutputVariablesTwoTimes', true),
  outputs('EscalationEventSubprocessTest', 'testPropagateOutputVariablesWhileCatchInterruptingEscalationOnCallActivity'),
  codeVar('EscalationEventSubprocessTest', 'testRetrieveEscalationCodeVariableOnEventSubprocess', [own(S, 'testRetrieveEscalationCodeVariableOnEventSubprocess')], 'escalationProcess'),
  codeVar('EscalationEventSubprocessTest', 'testRetrieveEscalationCodeVariableOnEventSubprocessWithoutEscalationCode', [own(S, 'testRetrieveEscalationCodeVariableOnEventSubprocessWithoutEscalationCode')], 'escalationProcess'),
  twice('testNonInterruptingEscalationTriggeredTwice', 'testNonInterruptingEscalationTriggeredTwiceWithMainTaskCompletedFirst', false, 'TaskInMainprocess', { TaskInSubprocess: 2 }),
  twice('testNonInterruptingEscalationTriggeredTwice', 'testNonInterruptingEscalationTriggeredTwiceWithSubprocessTaskCompletedFirst', true, 'TaskInMainprocess', { TaskInSubprocess: 1 }),
  twice('testNonInterruptingEscalationTriggeredTwiceByIntermediateEvent', 'testNonInterruptingEscalationTriggeredTwiceByIntermediateEventWithMainTaskCompletedFirst', false, 'FirstTaskInMainprocess', { TaskInSubprocess: 2, SecondTaskInMainprocess: 1 }),
  twice('testNonInterruptingEscalationTriggeredTwiceByIntermediateEvent', 'testNonInterruptingEscalationTriggeredTwiceByIntermediateEventWithSubprocessTaskCompletedFirst', true, 'FirstTaskInMainprocess', { TaskInSubprocess: 1, SecondTaskInMainprocess: 1 }),
];
