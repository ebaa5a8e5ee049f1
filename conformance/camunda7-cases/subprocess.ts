/** subprocess/: SubProcessTest (embedded subprocesses, timers on them, nesting). */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const S = 'subprocess/SubProcessTest';
const HOUR = 3_600_000;

async function nested(t: CaseContext): Promise<void> {
  await t.deploy();
  const first = await t.start('nestedSimpleSubProcess', { someVar: 'abc' });
  await t.engine.terminate(first.id, 'deleted');
  const pi = await t.start('nestedSimpleSubProcess');
  eq(await t.taskNames(pi.id), ['Task in subprocess']);
  eq(await t.active(pi.id), ['innerSubProcess', 'innerSubProcessTask', 'outerSubProcess'], 'active scopes');
  await t.complete('Task in subprocess');
  eq(await t.taskNames(pi.id), ['Task after subprocesses']);
  await t.complete('Task after subprocesses');
  await t.assertEnded(pi.id);
}

export const cases: Camunda7Case[] = [
  { file: `${S}.testSimpleSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testSimpleSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleSubProcess');
    eq(await t.taskNames(pi.id), ['Task in subprocess']);
    eq(await t.active(pi.id), ['subProcess', 'subProcessTask'], 'active scopes');
    await t.complete('Task in subprocess');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.testSimpleAutomaticSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testSimpleAutomaticSubProcess', async run(t) {
    await t.deploy();
    await t.assertEnded((await t.start('simpleSubProcessAutomatic')).id);
  } },
  { file: `${S}.testSimpleSubProcessWithTimer.bpmn20.xml`, javaTest: 'SubProcessTest#testSimpleSubProcessWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleSubProcess');
    eq(await t.taskNames(pi.id), ['Task in subprocess']);
    await t.advance(2 * HOUR + 1000);
    eq(await t.taskNames(pi.id), ['Fix escalated problem']);
  } },
  { file: `${S}.testSimpleSubProcessWithConcurrentTimer.bpmn20.xml`, javaTest: 'SubProcessTest#IGNORE_testSimpleSubProcessWithConcurrentTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleSubProcessWithConcurrentTimer');
    eq(await t.taskNames(pi.id), ['Task in subprocess']);
    await t.advance(2 * HOUR + 1000);
    eq(await t.taskNames(pi.id), ['Task after timer 1', 'Task after timer 2']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.testNestedSimpleSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testNestedSimpleSubProcess', run: nested },
  { file: `${S}.testNestedSimpleSubProcessWithoutEndEvent.bpmn20.xml`, javaTest: 'SubProcessTest#testNestedSimpleSubProcessWithoutEndEvent', run: nested },
  { file: `${S}.testNestedSimpleSubprocessWithTimerOnInnerSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testNestedSimpleSubprocessWithTimerOnInnerSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('nestedSubProcessWithTimer');
    eq(await t.taskNames(pi.id), ['Task in subprocess']);
    eq(await t.active(pi.id), ['innerSubProcess', 'innerSubProcessTask', 'outerSubProcess'], 'active scopes');
    await t.advance(HOUR + 1000);
    eq(await t.taskNames(pi.id), ['Escalated task']);
    eq(await t.active(pi.id), ['escalationTask', 'outerSubProcess'], 'active after the timer');
    await t.complete('Escalated task');
    eq(await t.taskNames(pi.id), ['Task after subprocesses']);
  } },
  { file: `${S}.testDoubleNestedSimpleSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testDoubleNestedSimpleSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('nestedSimpleSubProcess');
    eq(await t.taskNames(pi.id), ['Task in subprocess']);
    await t.complete('Task in subprocess');
    eq(await t.taskNames(pi.id), ['Task after subprocesses']);
  } },
  { file: `${S}.testSimpleParallelSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testSimpleParallelSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleParallelSubProcess');
    eq(await t.taskNames(pi.id), ['Task A', 'Task B']);
    await t.complete('Task A');
    eq(await t.taskNames(pi.id), ['Task B']);
    await t.complete('Task B');
    eq(await t.taskNames(pi.id), ['Task after sub process']);
  } },
  { file: `${S}.testSimpleParallelSubProcessWithTimer.bpmn20.xml`, javaTest: 'SubProcessTest#testSimpleParallelSubProcessWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleParallelSubProcessWithTimer');
    eq(await t.taskNames(pi.id), ['Task A', 'Task B']);
    await t.advance(24 * HOUR);
    eq(await t.taskNames(pi.id), ['Task after timer']);
    await t.complete('Task after timer');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.testTwoSubProcessInParallel.bpmn20.xml`, javaTest: 'SubProcessTest#testTwoSubProcessInParallel', async run(t) {
    await t.deploy();
    const pi = await t.start('twoSubProcessInParallel');
    eq(await t.taskNames(pi.id), ['Task in subprocess A', 'Task in subprocess B']);
    eq(await t.active(pi.id), ['subProcessA', 'subProcessATask', 'subProcessB', 'subProcessBTask'], 'active scopes');
    await t.complete('Task in subprocess A');
    eq(await t.taskNames(pi.id), ['Task after subprocess A', 'Task in subprocess B']);
    await t.complete('Task in subprocess B');
    eq(await t.taskNames(pi.id), ['Task after subprocess A', 'Task after subprocess B']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.testTwoSubProcessInParallelWithinSubProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testTwoSubProcessInParallelWithinSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('twoSubProcessInParallelWithinSubProcess');
    eq(await t.taskNames(pi.id), ['Task in subprocess A', 'Task in subprocess B']);
    eq(await t.active(pi.id), ['outerSubProcess', 'subProcessA', 'subProcessATask', 'subProcessB', 'subProcessBTask'], 'active scopes');
    await t.completeAll(pi.id);
    eq(await t.taskNames(pi.id), ['Task after subprocess']);
    await t.complete('Task after subprocess');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.testTwoNestedSubProcessesInParallelWithTimer.bpmn20.xml`, javaTest: 'SubProcessTest#testTwoNestedSubProcessesInParallelWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('nestedParallelSubProcessesWithTimer');
    eq(await t.taskNames(pi.id), ['Task in subprocess A', 'Task in subprocess B']);
    await t.advance(24 * HOUR);
    eq(await t.taskNames(pi.id), ['Task after timer']);
    await t.complete('Task after timer');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}.fixSystemFailureProcess.bpmn20.xml`, javaTest: 'SubProcessTest#testConcurrencyInSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('fixSystemFailure');
    eq(await t.taskNames(pi.id), ['Investigate hardware', 'Investigate software']);
    await t.completeAll(pi.id);
    eq(await t.taskNames(pi.id), ['Write report']);
  } },
];
