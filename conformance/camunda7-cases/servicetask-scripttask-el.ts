/**
 * servicetask/ (JavaServiceTaskTest, ServiceTask*ActivityBehaviorTest, ServiceTaskVariablesTest, …),
 * scripttask/ (Groovy or Python scripts: skips; the JUEL ones are in juel-scripts.ts) and el/
 * (ExpressionManagerTest). Each Java delegate becomes a handler under its class name doing what the class does.
 */
import { eq, ok, deployFails, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const S = 'servicetask';
const UTIL = 'org.camunda.bpm.engine.test.bpmn.servicetask.util';
const ST = 'org.camunda.bpm.engine.test.bpmn.servicetask';
const upper = (v: unknown) => String(v).toUpperCase();

function secondScopeThrows(cls: string, register: (c: Parameters<Camunda7Case['run']>[0]) => void): Camunda7Case {
  return { file: `${S}/${cls}.testExceptionThrownBySecondScopeServiceTaskIsNotHandled.bpmn`, javaTest: `${cls}#testExceptionThrownBySecondScopeServiceTaskIsNotHandled`, async run(t) {
    register(t);
    await t.deploy();
    await failsAtRuntime(t.start('process'), 'start');
  } };
}

export const cases: Camunda7Case[] = [
  { file: `${S}/JavaServiceTaskTest.testJavaServiceDelegation.bpmn20.xml`, javaTest: 'JavaServiceTaskTest#testJavaServiceDelegation', async run(t) {
    t.service(`${UTIL}.ToUppercase`, ({ variables }) => ({ input: upper(variables.input) }));
    await t.deploy();
    const pi = await t.start('javaServiceDelegation', { input: 'Activiti BPM Engine' });
    eq((await t.instance(pi.id)).variables.input, 'ACTIVITI BPM ENGINE', 'input after the delegate');
  } },
  { file: `${S}/JavaServiceTaskTest.testFieldInjection.bpmn20.xml`, javaTest: 'JavaServiceTaskTest#testFieldInjection', async run(t) {
    t.service(`${UTIL}.ToUpperCaseFieldInjected`, ({ headers }) => ({ var: upper(headers.text) }));
    t.service(`${UTIL}.ToUpperCaseSetterInjected`, ({ headers }) => ({ setterVar: upper(headers.text) }));
    await t.deploy();
    const v = (await t.instance((await t.start('fieldInjection')).id)).variables;
    eq([v.var, v.setterVar], ['HELLO WORLD', 'HELLO SETTER'], 'injected field values');
  } },
  deployFails(`${S}/JavaServiceTaskTest.testIllegalUseOfResultVariableName.bpmn20.xml`, 'JavaServiceTaskTest#testIllegalUseOfResultVariableName'),
  { file: `${S}/JavaServiceTaskTest.testGetBusinessKeyFromDelegateExecution.bpmn20.xml`, javaTest: 'JavaServiceTaskTest#testGetBusinessKeyFromDelegateExecution', async run(t) {
    t.service(`${UTIL}.BusinessKeyCheckJavaDelegate`, ({ businessKey }) => ({ businessKeySetOnExecution: businessKey }));
    await t.deploy();
    const pi = await t.start('businessKeyProcess', {}, '1234567890');
    eq((await t.instance(pi.id)).variables.businessKeySetOnExecution, '1234567890', 'business key seen by the delegate');
  } },
  { file: `${S}/ExpressionServiceTaskTest.testBackwardsCompatibleExpression.bpmn20.xml`, javaTest: 'ExpressionServiceTaskTest#testBackwardsCompatibleExpression', async run(t) {
    // The delegate reads its `expression` field, an expression over `var`, and stores what it evaluates to.
    t.service(`${UTIL}.BackwardsCompatibleExpressionDelegate`, ({ headers }) => ({ result: headers.expression }));
    await t.deploy();
    const pi = await t.start('BackwardsCompatibleExpressionProcess', { var: '---' });
    eq((await t.instance(pi.id)).variables.result, '...---...', 'the field expression evaluated against the instance');
  } },
  { file: `${S}/RepeatingServiceTaskTest.testMultipleInvocationsInSameTransation.bpmn20.xml`, javaTest: 'RepeatingServiceTaskTest#testMultipleInvocationsInSameTransation', async run(t) {
    let calls = 0;
    t.service(`${ST}.DummyServiceTask`, ({ variables }) => { calls++; return { count: ((variables.count as number | undefined) ?? 0) + 1 }; });
    await t.deploy();
    const pi = await t.start('repeating');
    ok(calls >= 1, 'the service ran');
    await t.assertEnded(pi.id);
  } },
  secondScopeThrows('ServiceTaskClassDelegateActivityBehaviorTest', (t) => {
    t.service(`${ST}.DummyServiceTask`, () => undefined);
    t.service(`${ST}.ThrowExceptionServiceTask`, () => { throw new Error('expected exception'); });
  }),
  secondScopeThrows('ServiceTaskDelegateExpressionActivityBehaviorTest', (t) => {
    t.service('dummyServiceTask', ({ elementId }) => { if (elementId === 'ServiceTask_2') throw new Error('expected exception'); });
  }),
  secondScopeThrows('ServiceTaskExpressionActivityBehaviorTest', (t) => {
    t.service('dummyServiceTask', ({ elementId }) => { if (elementId === 'ServiceTask_2') throw new Error('expected exception'); });
  }),
  ...(['testSerializedVariablesBothAsync', 'testSerializedVariablesThirdAsync'] as const).map((m): Camunda7Case => ({
    file: `${S}/ServiceTaskVariablesTest.${m}.bpmn20.xml`, javaTest: `ServiceTaskVariablesTest#${m}`, async run(t) {
      // Delegate1 stores a list, Delegate2 changes it, Delegate3 sees the change across the async boundary.
      t.service(`${ST}.ServiceTaskVariablesTest$Delegate1`, () => ({ variable: ['a'] }));
      t.service(`${ST}.ServiceTaskVariablesTest$Delegate2`, ({ variables }) => ({ variable: [...(variables.variable as string[]), 'b'] }));
      t.service(`${ST}.ServiceTaskVariablesTest$Delegate3`, ({ variables }) => ({ isOkInDelegate3: JSON.stringify(variables.variable) === '["a","b"]' }));
      await t.deploy();
      const pi = await t.start('process');
      await t.runJobs();
      eq((await t.instance(pi.id)).variables.isOkInDelegate3, true, 'Delegate3 saw the changed list');
    },
  })),
  { file: 'el/ExpressionManagerTest.testResolvesVariablesFromDifferentScopes.bpmn20.xml', javaTest: 'ExpressionManagerTest#testResolvesVariablesFromDifferentScopes', async run(t) {
    await t.deploy();
    // Two instances with different values: the expression is compiled once but resolved per instance.
    const a = await t.start('oneTaskProcess', { assignee: 'michael' });
    eq((await t.tasks(a.id))[0]?.assignee, 'michael', 'assignee of the first instance');
    const b = await t.start('oneTaskProcess', { assignee: 'johnny' });
    eq((await t.tasks(b.id))[0]?.assignee, 'johnny', 'assignee of the second instance');
  } },
];
