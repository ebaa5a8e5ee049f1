/**
 * subprocess/transaction/: TransactionSubProcessTest. The helper services UndoService and WaitStateUndoService
 * become handlers counting their calls in the variable named by their `counterName` field; Camunda's wait-state
 * variant then waits for runtimeService.signal (a Java-only trigger), so ours completes at once and the case
 * checks the counters and where the token ends up instead.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import type { ServiceHandler } from '../../src/index.js';

const T = 'subprocess/transaction/TransactionSubProcessTest';
const HELPER = 'org.camunda.bpm.engine.test.bpmn.event.compensate.helper';

/** Counts calls per `counterName` field, like the Java UndoService. */
export const undoService: ServiceHandler = ({ variables, headers }) => {
  const name = headers.counterName ?? 'undo';
  return { [name]: ((variables[name] as number | undefined) ?? 0) + 1 };
};

export function withUndoServices(t: CaseContext): void {
  t.service(`${HELPER}.UndoService`, undoService);
  t.service(`${HELPER}.WaitStateUndoService`, undoService);
}

async function startTx(t: CaseContext, file = `${T}.testSimpleCase.bpmn20.xml`) {
  withUndoServices(t);
  await t.deploy(file);
  const pi = await t.start('transactionProcess');
  eq((await t.tasks(pi.id)).length, 1, 'one open task in the transaction');
  return pi;
}

async function vars(t: CaseContext, id: string): Promise<Record<string, unknown>> {
  return (await t.instance(id)).variables;
}

function tx(javaTest: string, file: string, run: (t: CaseContext) => Promise<void>): Camunda7Case {
  return { file: `${T}.${file}.bpmn20.xml`, javaTest: `TransactionSubProcessTest#${javaTest}`, run };
}

export const cases: Camunda7Case[] = [
  tx('testSimpleCaseTxSuccessful', 'testSimpleCase', async (t) => {
    const pi = await startTx(t);
    await t.complete('askCustomer', { confirmed: true });
    ok((await t.active(pi.id)).includes('afterSuccess'), 'the token left the transaction by the normal flow');
    const v = await vars(t, pi.id);
    eq([v.undoBookHotel, v.undoBookFlight, v.undoChargeCard], [undefined, undefined, undefined], 'no compensation handler ran');
  }),
  tx('testActivityInstanceTreeAfterSuccessfulCompletion', 'testSimpleCase', async (t) => {
    const pi = await startTx(t);
    await t.complete('askCustomer', { confirmed: true });
    eq(await t.active(pi.id), ['afterSuccess'], 'active elements');
  }),
  tx('testSimpleCaseTxCancelled', 'testSimpleCase', async (t) => {
    const pi = await startTx(t);
    await t.complete('askCustomer', { confirmed: false });
    const v = await vars(t, pi.id);
    eq([v.undoBookHotel, v.undoBookFlight, v.undoChargeCard], [5, 1, 1], 'compensation handler calls');
    ok((await t.active(pi.id)).includes('afterCancellation'), 'the token left by the cancel boundary event');
  }),
  tx('testWaitstateCompensationHandler', 'testWaitstateCompensationHandler', async (t) => {
    withUndoServices(t);
    await t.deploy();
    const pi = await t.start('transactionProcess');
    await t.complete('askCustomer', { confirmed: false });
    const open = await t.tasks(pi.id);
    eq(open.filter((x) => x.elementId === 'undoBookHotel').length, 5, 'undoBookHotel tasks');
    eq(open.filter((x) => x.elementId === 'undoBookFlight').length, 1, 'undoBookFlight tasks');
    for (const x of open) await t.engine.completeUserTask(x.id, {});
    ok((await t.active(pi.id)).includes('afterCancellation'), 'the token left by the cancel boundary event');
  }),
  tx('testCancelEndConcurrent', 'testCancelEndConcurrent', async (t) => {
    const pi = await startTx(t, `${T}.testCancelEndConcurrent.bpmn20.xml`);
    await t.complete('askCustomer', { confirmed: false });
    const v = await vars(t, pi.id);
    eq([v.undoBookHotel, v.undoBookFlight], [5, 1], 'compensation handler calls');
    ok((await t.active(pi.id)).includes('afterCancellation'), 'the token left by the cancel boundary event');
  }),
  tx('testNestedCancelInner', 'testNestedCancelInner', async (t) => {
    withUndoServices(t);
    await t.deploy();
    const pi = await t.start('transactionProcess');
    eq(await t.taskIds(pi.id), ['bookFlight', 'innerTxaskCustomer'], 'open tasks');
    await t.complete('innerTxaskCustomer', { confirmed: false });
    const v = await vars(t, pi.id);
    eq([v.innerTxundoBookHotel, v.innerTxundoBookFlight], [5, 1], 'inner compensation handler calls');
    ok((await t.active(pi.id)).includes('afterInnerCancellation'), 'the inner transaction left by its cancel boundary');
    await t.complete('bookFlight');
    ok((await t.active(pi.id)).includes('afterInnerCancellation'), 'still waiting after the inner cancellation');
  }),
  tx('testNestedCancelOuter', 'testNestedCancelOuter', async (t) => {
    withUndoServices(t);
    await t.deploy();
    const pi = await t.start('transactionProcess');
    await t.complete('bookFlight');
    ok((await t.active(pi.id)).includes('afterOuterCancellation'), 'the outer transaction left by its cancel boundary');
    const v = await vars(t, pi.id);
    eq([v.innerTxundoBookHotel, v.innerTxundoBookFlight, v.undoBookFlight], [undefined, undefined, 1], 'only the outer handler ran');
  }),
  tx('testMultiInstanceTx', 'testMultiInstanceTx', async (t) => {
    withUndoServices(t);
    await t.deploy();
    const pi = await t.start('transactionProcess');
    const tasks = await t.tasks(pi.id);
    eq(tasks.length, 5, 'five transaction instances wait at askCustomer');
    await t.engine.completeUserTask(tasks[0]!.id, { confirmed: false });
    const v = await vars(t, pi.id);
    eq([v.undoBookHotel, v.undoBookFlight], [1, 1], 'compensation of the completed activities');
    eq(await t.active(pi.id), ['afterCancellation'], 'all instances cancelled');
  }),
  tx('testCompensateSubprocess', 'testCompensateSubprocess', async (t) => {
    await t.deploy();
    const pi = await t.start('txProcess');
    await t.complete('innerTask');
    await t.engine.setVariables(pi.id, { cancelTx: true, compensate: false });
    await t.complete('beforeCancel');
    eq(await t.taskIds(pi.id), ['undoInnerTask'], 'compensation handler');
    await t.complete('undoInnerTask');
    eq(await t.taskIds(pi.id), ['afterCancel'], 'after the cancel boundary');
    await t.complete('afterCancel');
    await t.assertEnded(pi.id);
  }),
  tx('testCompensateSubprocessNotTriggered', 'testCompensateSubprocess', async (t) => {
    await t.deploy();
    const pi = await t.start('txProcess');
    await t.complete('innerTask');
    await t.engine.setVariables(pi.id, { cancelTx: false, compensate: false });
    await t.complete('beforeCancel');
    eq(await t.taskIds(pi.id), ['afterTx'], 'after the transaction');
    await t.complete('afterTx');
    await t.assertEnded(pi.id);
  }),
  tx('testCompensateSubprocessAfterTxCompletion', 'testCompensateSubprocess', async (t) => {
    await t.deploy();
    const pi = await t.start('txProcess');
    await t.complete('innerTask');
    await t.engine.setVariables(pi.id, { cancelTx: false, compensate: true });
    await t.complete('beforeCancel');
    await t.complete('afterTx');
    eq(await t.taskIds(pi.id), ['undoInnerTask'], 'compensation of the completed transaction');
    await t.complete('undoInnerTask');
    await t.assertEnded(pi.id);
  }),
  tx('testCompensateTransactionWithEventSubprocess', 'testCompensateTransactionWithEventSubprocess', async (t) => {
    await t.deploy();
    const pi = await t.start('txProcess');
    await t.complete('beforeCancelEnd');
    eq(await t.taskIds(pi.id), ['blackBoxCompensationHandler'], 'compensation handler');
    await t.complete('blackBoxCompensationHandler');
    await t.assertEnded(pi.id);
  }),
  deployFails(`${T}.testMultipleCancelBoundaryFails.bpmn20.xml`, 'TransactionSubProcessTest#testMultipleCancelBoundaryFails'),
  deployFails(`${T}.testCancelBoundaryNoTransactionFails.bpmn20.xml`, 'TransactionSubProcessTest#testCancelBoundaryNoTransactionFails'),
  deployFails(`${T}.testCancelEndNoTransactionFails.bpmn20.xml`, 'TransactionSubProcessTest#testCancelEndNoTransactionFails'),
  tx('testParseWithDI', 'testParseWithDI', async (t) => {
    await t.deploy();
    for (const confirmed of [false, true]) {
      const pi = await t.start('TransactionSubProcessTest');
      const [task] = await t.tasks(pi.id);
      ok(task !== undefined, 'one task');
      await t.engine.completeUserTask(task!.id, { confirmed });
      await t.assertEnded(pi.id);
    }
  }),
];
