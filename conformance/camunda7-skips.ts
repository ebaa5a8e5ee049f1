/**
 * Java tests whose subject is something this engine deliberately does not do. "Not implemented yet" never
 * goes here: such a test is a case that fails until the feature lands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from './camunda7-harness.js';
import type { Camunda7Skip } from './camunda7-harness.js';

const r = {
  javaApi: 'tests a Java-only API (activity instance tree, execution/job entities, process engine internals)',
  beanMethod: 'calls a method on a Java bean from JUEL; we do not call Java',
  authorization: 'Camunda authorization service; we have no users, groups or permissions',
  mail: 'camunda:type="mail" sends through a mail server; not part of this engine',
  shell: 'camunda:type="shell" runs a host command; we never run shell commands',
  groovy: 'Groovy/Python/Ruby script; only JavaScript, JUEL and FEEL scripts run here',
  cmmn: 'CMMN case; this is a BPMN engine',
  history: 'asserts history-service details (historic activity/variable instances) with no equivalent in our history API',
  jobApi: 'job priorities / job definitions / exclusive job acquisition of the Java job executor',
  disabled: 'disabled in Camunda itself (method prefixed FAILING_/FAILURE_, so JUnit never runs it)',
  activityBehavior: 'a custom Java ActivityBehavior choosing the outgoing flow; handlers here return variables, they do not steer the token',
};

/** Whole folders skipped with one reason: the subject of every test in them is out of scope. */
export const folderSkips: Record<string, string> = {
  authorization: r.authorization,
  mail: r.mail,
  shell: r.shell,
};

/** `[file method, java method]` pairs of one test class whose file scripts in Groovy. */
function groovy(prefix: string, pairs: [string, string][]): Camunda7Skip[] {
  const cls = prefix.split('/').pop()!;
  return pairs.map(([f, m]) => ({ file: `${prefix}.${f}.bpmn20.xml`, javaTest: `${cls}#${m}`, reason: r.groovy }));
}


const one = (file: string, javaTest: string, reason: string): Camunda7Skip => ({ file, javaTest, reason });

export const skips: Camunda7Skip[] = [
  // iomapping/ files whose mappings are Groovy scripts (inline or external resources).
  ...readdirSync(join(CORPUS_DIR, 'iomapping')).filter((f) => /groovy/i.test(readFileSync(join(CORPUS_DIR, 'iomapping', f), 'utf8')))
    .map((f): Camunda7Skip => ({ file: `iomapping/${f}`, javaTest: `${f.split('.')[0]}#${f.split('.')[1]}`, reason: r.groovy })),
  ...['testCompensateMiSubprocessVariableSnapshotOfElementVariable', 'testActivityInstanceTreeForMiSubProcessDefaultHandler', 'testSubprocessCompensationHandlerWithEventSubprocess', 'testReceiveTaskCompensationHandler']
    .map((m) => one(`event/compensate/CompensateEventTest.${m}.bpmn20.xml`, `CompensateEventTest#FAILING_${m}`, r.disabled)),
  one('event/compensate/CompensateEventTest.testExecutionListeners.bpmn20.xml', 'CompensateEventTest#testExecutionListeners', `${r.groovy} (its start and end listeners are Groovy scripts)`),
  ...readdirSync(join(CORPUS_DIR, 'scripttask')).filter((f) => f.startsWith('ExternalScriptTaskTest'))
    .map((f): Camunda7Skip => ({ file: `scripttask/${f}`, javaTest: `ExternalScriptTaskTest#${f.split('.')[1]}`, reason: r.groovy })),
  ...['testGroovyScriptExecution.bpmn20.xml', 'testGroovySetVariableThroughExecutionInScript.bpmn20.xml', 'testPreviousTaskShouldNotHandleException.bpmn', 'testScriptEvaluationException.bpmn']
    .map((f) => one(`scripttask/ScriptTaskTest.${f}`, `ScriptTaskTest#${f.split('.')[0]}`, r.groovy)),
  one('servicetask/JavaServiceTaskTest.testExceptionHandling.bpmn20.xml', 'JavaServiceTaskTest#testExceptionHandling', r.activityBehavior),
  one('servicetask/JavaServiceTaskTest.testExpressionFieldInjection.bpmn20.xml', 'JavaServiceTaskTest#testExpressionFieldInjection', r.beanMethod),
  one('servicetask/MethodExpressionServiceTaskTest.testSetServiceResultToProcessVariables.bpmn20.xml', 'MethodExpressionServiceTaskTest#testSetServiceResultToProcessVariables', r.beanMethod),
  one('el/ExpressionManagerTest.shouldResolveMethodExpressionTwoParametersSameType.bpmn20.xml', 'ExpressionManagerTest#shouldResolveMethodExpressionTwoParametersSameType', r.beanMethod),
  one('el/ExpressionManagerTest.testExecutionAvailable.bpmn20.xml', 'ExpressionManagerTest#testExecutionAvailable', r.beanMethod),
  one('el/ExpressionManagerTest.testAuthenticatedUserIdAvailable.bpmn20.xml', 'ExpressionManagerTest#testAuthenticatedUserIdAvailable', 'identityService.setAuthenticatedUserId: the expression reads the authenticated user (authenticatedUserId); we have no users or authentication'),
  one('el/ExpressionManagerTest.testSetVariableByExpressionFromListener.bpmn20.xml', 'ExpressionManagerTest#testSetVariableByExpressionFromListener', `${r.javaApi}: the listener writes the variable through its injected Expression object (Expression.setValue); fields reach our handlers as evaluated values, with no expression to write through`),
  { file: 'event/conditional/BoundaryConditionalEventTest.testVariableCondition.bpmn20.xml', javaTest: 'BoundaryConditionalEventTest#testVariableCondition', reason: r.groovy },
  { file: 'event/escalation/EscalationEventTest.testImplicitNonInterruptingEscalationBoundaryEvent.bpmn20.xml', javaTest: 'EscalationEventTest#FAILING_testImplicitNonInterruptingEscalationBoundaryEvent', reason: r.disabled },
  { file: 'subprocess/transaction/TransactionSubProcessTest.testMultipleCompensationOfCancellationOfMultipleTx.bpmn20.xml', javaTest: 'TransactionSubProcessTest#FAILURE_testMultipleCompensationOfCancellationOfMultipleTx', reason: r.disabled },
  // CaseCallActivity*: a call activity calling a CMMN case (camunda:caseRef).
  ...readdirSync(join(CORPUS_DIR, 'callactivity')).filter((f) => f.startsWith('CaseCallActivity'))
    .map((f): Camunda7Skip => ({ file: `callactivity/${f}`, javaTest: `${f.split('.')[0]}#${f.split('.')[1]}`, reason: r.cmmn })),
  // Not a delegated mapping at all: camunda:varMapping is no Camunda attribute (Camunda ignores it, our strict parse refuses it).
  { file: 'callactivity/CallActivity.testTwoSubProcessesWithDelegateVariableMapping.bpmn20.xml', javaTest: 'CallActivityTest#(none)', reason: 'no test method of CallActivityTest deploys this file (an unused resource of the test class)' },
  { file: 'gateway/ExclusiveGatewayTest.testInvalidMethodExpression.bpmn20.xml', javaTest: 'ExclusiveGatewayTest#testInvalidMethodExpression', reason: r.beanMethod },
  { file: 'gateway/InclusiveGatewayTest.testInvalidMethodExpression.bpmn20.xml', javaTest: 'InclusiveGatewayTest#testInvalidMethodExpression', reason: r.beanMethod },
  { file: 'parse/BpmnParseTest.testParseProcessDefinitionFSP.bpmn20.xml', javaTest: 'BpmnParseTest#testFeatureSecureProcessingRejectsDefinitionDueToAttributeLimit', reason: 'a JAXP attribute-count limit of the Java XML parser (JAXP00010002)' },
  { file: 'receivetask/ReceiveTaskTest.multiParallelReceiveTask.bpmn20.xml', javaTest: 'ReceiveTaskTest#testNotSupportsCorrelateMessageOnParallelMultiReceiveTask', reason: 'asserts MismatchingMessageCorrelationException when one message matches two executions; our correlateMessage delivers to one subscription by design (API.md)' },
  ...groovy('multiinstance/MultiInstanceTest', [
    ['testSequentialScriptTasks', 'testSequentialScriptTasks'],
    ['testSequentialScriptTasks', 'testSequentialScriptTasksNoStackOverflow'],
    ['testSequentialScriptTasksCompletionCondition', 'testSequentialScriptTasksCompletionCondition'],
    ['testParallelScriptTasks', 'testParallelScriptTasks'],
    ['testParallelScriptTasksCompletionCondition', 'testParallelScriptTasksCompletionCondition'],
  ]),
  ...groovy('gateway/InclusiveGatewayTest', [['testLoop', 'testLoop']]),
  ...groovy('subprocess/SubProcessTest', [['testSimpleSubProcessWithoutEndEvent', 'testSimpleSubProcessWithoutEndEvent'], ['testNestedSubProcessesWithoutEndEvents', 'testNestedSubProcessesWithoutEndEvents']]),
  ...groovy('event/error/BoundaryErrorEventTest', [['testCatchErrorInConcurrentEmbeddedSubprocessesThrownByScriptTask', 'testCatchErrorInConcurrentEmbeddedSubprocessesThrownByScriptTask']]),
  // gateway/, multiinstance/, receivetask/, usertask/, sequenceflow/, subprocess/ (second pass)
  ...groovy('multiinstance/MultiInstanceTest', [['testParallelSubProcessAllAutomatic', 'testParallelSubProcessAllAutomatic'], ['testParallelSubProcessAllAutomatic', 'testParallelSubProcessAllAutomaticCompletionCondition']]),
  one('multiinstance/MultiInstanceTest.testParallelUserTasksBasedOnCollectionExpression.bpmn20.xml', 'MultiInstanceTest#testParallelUserTasksBasedOnCollectionExpression', `${r.beanMethod} (camunda:collection="\${myBean.resolveCollection(execution)}")`),
  ...groovy('sequenceflow/ConditionalScriptSequenceFlowTest', [['testScriptExpression', 'testScriptExpression'], ['testScriptExpressionWithNonBooleanResult', 'testScriptExpressionWithNonBooleanResult'], ['testScriptResourceExpression', 'testScriptResourceExpression']]),
  one('sequenceflow/ConditionalSequenceFlowTest.testValueAndMethodExpression.bpmn20.xml', 'ConditionalSequenceFlowTest#testValueAndMethodExpression', `${r.beanMethod} (\${order.isPremiumOrder()})`),
  one('usertask/UserTaskBpmnModelExecutionContextTest.shouldGetBpmnModelElementInstanceOnTimeout.bpmn20.xml', 'UserTaskBpmnModelExecutionContextTest#testGetBpmnModelElementInstanceOnTimeout',
    `${r.javaApi}: the timeout task listener reads the BPMN model instance through Camunda's Java model API (BpmnModelExecutionContext)`),
  ...['testActivityInstanceTreeNestedCmd', 'testActivityInstanceTreeNestedCmdAfterTx'].map((m) => one(`subprocess/SubProcessTest.${m}.bpmn`, `SubProcessTest#${m}`,
    `${r.javaApi}: a Java delegate calls runtimeService.getActivityInstance from inside the running command`)),
  // event/message, event/signal, event/end, event/conditional (message/signal/conditional pass)
  one('event/conditional/ConditionalStartEventTest.testSingleConditionalStartEvent1.bpmn20.xml', 'ConditionalStartEventTest#testStartInstanceAfterDeleteLatestProcessVersion',
    'deletes a deployment / process definitions through the repository service; deployments here are immutable (a Java-only API)'),
  one('event/signal/SignalEventTest.testNoContinuationWhenSignalInterruptsThrowingActivity.bpmn20.xml', 'SignalEventTest#FAILING_testNoContinuationWhenSignalInterruptsThrowingActivity', r.disabled),
  one('event/end/MessageEndEventTest.testMessageEndEventServiceTaskBehavior.bpmn20.xml', 'MessageEndEventTest#testMessageEndEventServiceTaskBehavior',
    `${r.beanMethod}: its end events call endEventBean.getJavaDelegate() on a Java object passed in as a variable`),
  one('event/end/TerminateEndEventTest.testCancelActivity.bpmn', 'TerminateEndEventTest#(none)', 'no test method of TerminateEndEventTest deploys this file (an unused resource of the test class)'),
  one('event/conditional/EventSubProcessStartConditionalEventTest.testNonInterruptingSetMultipleVariableInDelegate.bpmn20.xml', 'EventSubProcessStartConditionalEventTest#testNonInterruptingSetMultipleVariableInDelegate',
    'its Java delegate calls execution.setVariable three times in one invocation to fire a conditional event three times; our handlers return one variable map, so a variable is written once per call'),
  one('event/conditional/MixedConditionalEventTest.testCompensationWithConditionalEvents.bpmn', 'MixedConditionalEventTest#testCompensationWithConditionalEvents', 'disabled in Camunda itself (@Ignore)'),
  // iomapping, executionlistener, tasklistener, property, deployment, parse (listeners and io pass)
  ...['Sequential', 'Parallel'].flatMap((mode) => ['Activity', 'Subprocess'].map((what) => one(`iomapping/InputOutputTest.test${mode}MI${what}IoSupport.bpmn20.xml`, `InputOutputTest#test${mode}MI${what}IoSupport`,
    `${r.beanMethod}: each instance's input is \${counter.incrementAndGet()} on a Java AtomicInteger passed in as a variable`))),
  one('executionlistener/ExecutionListenersProcess.bpmn20.xml', 'ExecutionListenerTest#testExecutionListenersOnAllPossibleElements', `${r.beanMethod} (\${myPojo.myMethod(execution.eventName)})`),
  ...['testScriptListener', 'testScriptResourceListener', 'testThrowBpmnErrorInEndScriptListenerAndSubprocessWithCatch']
    .map((m) => one(`executionlistener/ExecutionListenerTest.${m}.bpmn20.xml`, `ExecutionListenerTest#${m}`, r.groovy)),
  ...['testScriptListener', 'testScriptResourceListener'].map((m) => one(`tasklistener/TaskListenerTest.${m}.bpmn20.xml`, `TaskListenerTest#${m}`, r.groovy)),
  one('tasklistener/TaskListenerErrorThrowTest.testThrowErrorOnCreateScriptListenerAndCatchOnUserTask.bpmn20.xml', 'TaskListenerErrorThrowTest#testThrowErrorOnCreateScriptListenerAndCatchOnUserTask', r.groovy),
  ...[['testRecalculateTimeoutTaskListenerDuedateCreationDateBased', 'testRecalculateTimeoutTaskListenerDuedateCreationDateBased'], ['testRecalculateTimeoutTaskListenerDuedateCreationDateBased', 'testRecalculateTimeoutTaskListenerDuedateCurrentDateBased'],
    ['testRecalculateTimeoutTaskListenerDuedateCreationDateBasedWithDefinedBoundaryEvent', 'testRecalculateTimeoutTaskListenerDuedateCreationDateBasedWithDefinedBoundaryEvent']]
    .map(([f, m]) => one(`tasklistener/TaskListenerTest.${f}.bpmn20.xml`, `TaskListenerTest#${m}`, `${r.javaApi}: managementService.recalculateJobDuedate`)),
  one('tasklistener/builtin/BuiltinTaskListenerTest.shouldExecuteBuiltinTaskListerInOrderAfterModification.bpmn', 'BuiltinTaskListenerTest#shouldExecuteBuiltinTaskListerInOrderAfterModification',
    `${r.javaApi}: task listeners added by Java BPMN parse listeners of the engine configuration, then process instance modification`),
  one('parse/BpmnParseTest.testParseDefinitionWithDeprecatedActivitiNamespace.bpmn', 'BpmnParseTest#testParseDefinitionWithDeprecatedActivitiNamespace',
    `${r.groovy}: its input parameter Input4 is a (empty) Groovy script, refused at deploy; the Activiti namespace itself is read as Camunda's (test/parse/camunda7-mapping.test.ts)`),
  one('servicetask/JavaServiceTaskTest.testUnexistingClassDelegation.bpmn20.xml', 'JavaServiceTaskTest#testUnexistingClassDelegation',
    'Camunda fails to load the Java class; here (API.md) a service task whose camunda:class has no registered handler waits as an external task for workers, by design'),
  ...readdirSync(join(CORPUS_DIR, 'property')).map((f) => one(`property/${f}`, `PropertyTest#${f.split('.')[1]}`,
    `${r.disabled}: PropertyTest's methods carry no @Test (and their bodies are commented out, ACT-88); its camunda:src/dst/link attributes are Activiti 5 leftovers Camunda never ran`)),
  one('deployment/processWithLongId.bpmn20.xml', 'BpmnDeploymentTest#FAILING_testViolateProcessDefinitionIdMaximumLength', r.disabled),
  one('deployment/BpmnDeploymentTest.testProcessDiagramCreation.bpmn20.xml', 'DiagramCreationTest#testProcessDiagramCreation', 'renders a PNG image of the process on deploy (createDiagramOnDeploy); diagrams here are drawn by bpmn-js in the browser'),
  one('deployment/BpmnDeploymentTest.testProcessDiagramResource.bpmn20.xml', 'BpmnDeploymentTest#testProcessDiagramResource', `${r.javaApi}: a .jpg diagram resource deployed beside the BPMN file and read back through the repository service`),
  one('deployment/BpmnDeploymentTest.testGetBpmnXmlFileThroughService2.bpmn20.xml', 'BpmnDeploymentTest#testDeployTwoProcessesWithDuplicateIdAtTheSameTime', `${r.javaApi}: one deployment of two resources (a deployment here is one file)`),
  // event/compensate (history), event/timer, root files: compensation, transactions and timers
  ...['testBoundaryCompensationHandlerHistoryVariableInstance', 'testDefaultCompensationHandlerHistoryVariableInstance'].map((m) =>
    one(`event/compensate/CompensateEventHistoryTest.${m.replace('VariableInstance', '')}.bpmn20.xml`, `CompensateEventHistoryTest#FAILING_${m}`, r.disabled)),
  ...([
    ['BoundaryTimerEventTest.testRecalculateUnchangedExpressionOnTimerCurrentDateBased', 'BoundaryTimerEventTest#testRecalculateUnchangedExpressionOnTimerCurrentDateBased'],
    ['IntermediateTimerEventTest.testExpressionRecalculateCurrentDateBased', 'IntermediateTimerEventTest#testExpressionRecalculateCurrentDateBased'],
    ['IntermediateTimerEventTest.testRecalculateTimeCycleExpressionCurrentDateBased', 'IntermediateTimerEventTest#testRecalculateTimeCycleExpressionCurrentDateBased'],
    ['StartTimerEventTest.testRecalculateExpressionStartTimerEvent', 'StartTimerEventTest#testRecalculateExpressionStartTimerEvent'],
    ['TimerRecalculationTest.testFinishedJob', 'TimerRecalculationTest#testFinishedJob'],
    ['TimerRecalculationTest.testMessageJob', 'TimerRecalculationTest#testMessageJob'],
  ] as const).map(([f, m]) => one(`event/timer/${f}.bpmn20.xml`, m,
    `${r.jobApi}: managementService.recalculateJobDuedate recomputes a timer job's due date from its expression; our API has no job management`)),
  one('event/timer/BoundaryTimerNonInterruptingEventTest.shouldReevaluateTimerCycleWhenDue.bpmn20.xml', 'BoundaryTimerNonInterruptingEventTest#shouldReevaluateTimerCycleWhenDue', `${r.beanMethod} (#{myCycleTimerBean.getCycle()})`),
  one('event/timer/BoundaryTimerNonInterruptingEventTest.testUpdateTimerRepeat.bpmn20.xml', 'BoundaryTimerNonInterruptingEventTest#testUpdateTimerRepeat', `${r.javaApi}: sets the repeat property of the TimerEntity inside an engine command`),
  one('event/timer/StartTimerEventTest.testTimerShouldNotBeRemovedWhenUndeployingOldVersion.bpmn20.xml', 'StartTimerEventTest#testTimerShouldNotBeRemovedWhenUndeployingOldVersion',
    'deletes a deployment through the repository service; deployments here are immutable (a Java-only API)'),
  // event/error, event/escalation, callactivity (error/escalation/call-activity pass)
  ...((): Camunda7Skip[] => {
    const B = 'event/error/BoundaryErrorEventTest';
    const S = 'event/error/ErrorEventSubProcessTest';
    const bean = `${r.beanMethod} (bpmnErrorBean.throwBpmnError() & co.)`;
    return [
      one(`${B}.testCatchErrorOnCallActivity-parent.bpmn20.xml`, 'BoundaryErrorEventTest#FAILING_testCatchErrorOnCallActivityShouldEndCalledProcessProperly', r.disabled),
      ...['testCatchErrorThrownByExpressionOnServiceTask', 'testCatchErrorThrownByDelegateExpressionOnServiceTask', 'testCatchErrorThrownByJavaDelegateProvidedByDelegateExpressionOnServiceTask', 'testCatchExceptionThrownByExpressionOnServiceTask']
        .map((m) => one(`${B}.${m}.bpmn20.xml`, `BoundaryErrorEventTest#${m}`, bean)),
      one(`${B}.testCatchSpecializedExceptionThrownByDelegate.bpmn20.xml`, 'BoundaryErrorEventTest#testCatchSpecializedExceptionThrownByDelegate',
        'a subclass of MyBusinessException caught by its superclass\'s error code: Java exception class hierarchies; handlers here throw BpmnError with the code itself'),
      ...groovy(B, [['testCatchExceptionThrownByScriptTask', 'testCatchExceptionThrownByScriptTask']]),
      ...groovy(S, ['testCatchErrorThrownByScriptTaskInEmbeddedSubProcess', 'testCatchErrorThrownByScriptTaskInEmbeddedSubProcessWithErrorCode', 'testCatchErrorThrownByScriptTaskInTopLevelProcess',
        'testCatchErrorThrownByScriptTaskInsideSubProcessInTopLevelProcess'].map((m): [string, string] => [m, m])),
      one(`${S}.testThrowErrorInLoopFromCallActivityToEventSubProcess.bpmn20.xml`, 'ErrorEventSubProcessTest#FAILING_testShouldNotThrowErrorInLoopFromCallActivityToEventSubProcess', r.disabled),
      one('callactivity/CallActivityAdvancedTest.testCallProcessByVersionAsDelegateExpression.bpmn20.xml', 'CallActivityTest#testCallCaseByVersionAsDelegateExpression', `${r.beanMethod} (\${myDelegate.getVersion()})`),
      ...['simpleSubProcessParentVariableAccess', 'concurrentSubProcessParentVariableAccess'].map((f) => one(`callactivity/${f}.bpmn20.xml`,
        `CallActivityTest#testAccessSuperInstanceVariables${f.startsWith('concurrent') ? 'FromConcurrentExecution' : ''}`,
        `${r.javaApi}: the Java delegate writes into the calling instance through DelegateExecution.getSuperExecution(); a handler here returns its own instance's variables (camunda:out maps them to the caller)`)),
      one('callactivity/subProcessWithVersionTag2.bpmn20.xml', 'MultiTenancyCallActivityTest#testStartProcessInstanceWithVersionTagBinding', 'multi-tenancy (tenant ids on deployments); this engine has no tenants'),
    ];
  })(),
  // async/ (async continuations and job retries)
  ...['AsyncAfterTest.testAsyncAfterOnParallelGatewayJoin', 'AsyncTaskTest.testLongProcessDefinitionKey'].map((f) =>
    one(`async/${f}.bpmn20.xml`, `${f.split('.')[0]}#FAILING_${f.split('.')[1]}`, r.disabled)),
  ...['testSimpleTextMail', 'testSimpleTextMailSendTask'].map((m) => one(`async/AsyncEmailTaskTest.${m}.bpmn20.xml`, `AsyncEmailTaskTest#${m}`, r.mail)),
  one('async/AsyncCallActivityTest.asyncEndEvent.bpmn20.xml', 'AsyncCallActivityTest#*', 'no Camunda test deploys this file (AsyncCallActivityTest only deploys asyncStartEvent with testCallSubProcess)'),
  ...['failingSignalStart', 'testFailedIntermediateThrowingSignalEvent'].map((f) =>
    one(`async/FoxJobRetryCmdTest.${f}.bpmn20.xml`, 'FoxJobRetryCmdTest#FAILING_testFailedIntermediateThrowingSignalEvent', r.disabled)),
  one('async/FoxJobRetryCmdTest.testFailedSignalEvent.bpmn20.xml', 'FoxJobRetryCmdTest#testFailedSignalEvent', 'its test method is commented out in Camunda, so JUnit never runs it'),
  ...groovy('async/FoxJobRetryCmdTest', [['testFailedScriptTask', 'testFailedScriptTask'], ['testRetryOnTimerStartEventInEventSubProcess', 'testRetryOnTimerStartEventInEventSubProcess']]),
  ...[['testFailedCallActivity', 'testFailedCallActivity'], ['testFailedSubProcess', 'testFailedSubProcess'], ['testFailedTransaction', 'testFailedTransaction'],
    ['testFailedBoundaryTimerEvent', 'testFailedBoundaryTimerEvent'], ['testFailedIntermediateCatchingTimerEvent', 'testFailedIntermediateCatchingTimerEvent'],
    ['testFailedStartTimerEvent', 'testFailedTimerStartEvent'], ['testBrokenFoxJobRetryValue', 'testBrokenFoxJobRetryValue']].map(([f, m]) =>
    one(`async/FoxJobRetryCmdTest.${f}.bpmn20.xml`, `FoxJobRetryCmdTest#${m}`,
      'the failure happens in a service after the job (inside the subprocess / called process, after the timer): Camunda rolls it back to that job and counts down the job\'s retry cycle; here every service call is its own job, retried by its own policy with the incident on that service (API.md: a failing service becomes an incident on that element), so there is no outer job to count down')),
  // job/ (job priorities): what is left is Camunda configuration, instance modification, or disabled in Camunda.
  one('job/miBodyAsyncProcess.bpmn20.xml', 'JobPrioritizationBpmnConstantValueTest#FAILING_testMultiInstanceBodyActivityPriority', r.disabled),
  one('job/jobPrioExpressionProcess.bpmn20.xml', 'JobPrioritizationBpmnExpressionValueTest#FAILING_testVariableValueExpressionPrioritizationFailsWhenVariableMisses', r.disabled),
  one('job/jobPrioExpressionProcess.bpmn20.xml', 'JobPrioritizationBpmnExpressionValueTest#testConcurrentLocalVariablesAreAccessible',
    `${r.javaApi}: process instance modification (startBeforeActivity twice, with setVariableLocal on one new execution)`),
  one('job/jobPrioExpressionProcess.bpmn20.xml', 'JobPrioritizationBpmnExpressionValueTest#testDefaultPriorityWhenBeanMisses',
    'graceful degradation on a process-application context switch (Camunda uses a default priority when it cannot switch into the application that holds the beans); there are no process applications here, so an unresolvable priority fails like Camunda with enableGracefulDegradationOnContextSwitchFailure=false (testDisableGracefulDegradation is a case)'),
  one('job/jobPrioProcess.bpmn20.xml', 'DisabledJobPrioritizationBpmnTest#testJobPriority',
    'process engine configuration producePrioritizedJobs=false; priorities are always on here (without camunda:jobPriority every job has 0 anyway)'),
];

export const skipReasons = r;
