/**
 * parse/: BpmnParseTest and the failed-job parse listener tests. Camunda either rejects the file at deploy
 * (a ParseException) or deploys it and inspects its internal activity model; we check the part with a
 * public equivalent: rejected with a typed error, or deployed with its process.
 */
import { ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const P = 'parse/BpmnParseTest';

const rejected: [string, string][] = [
  ...['TimerStartEvent', 'MessageStartEvent', 'ConditionalStartEvent', 'SignalStartEvent', 'ErrorStartEvent', 'EscalationStartEvent', 'CompensationStartEvent', 'outStartEvent'].flatMap((k): [string, string][] => [
    [`testInvalidSubProcessWith${k}.bpmn`, `testInvalidSubProcessWith${k}`],
    ...(k === 'outStartEvent' ? [] : [[`testInvalidTransactionWith${k}.bpmn`, `testInvalidTransactionWith${k}`] as [string, string]]),
  ]),
  ['testInvalidProcessDefinition.bpmn20.xml', 'testInvalidProcessDefinition'],
  ['testExpressionParsingErrors.bpmn', 'testExpressionParsingErrors'],
  ['testXMLParsingErrors.bpmn', 'testXmlParsingErrors'],
  ['testInvalidSequenceFlowInAndOutEventSubProcess.bpmn20.xml', 'testInvalidSequenceFlowInAndOutEventSubProcess'],
  ['testInvalidProcessWithoutStartEvent.bpmn20.xml', 'testInvalidProcessWithoutStartEvent'],
  ['testParseMultipleStartEvent.bpmn20.xml', 'testParseMultipleStartEvent'],
  ['testInvalidAsyncAfterEventBasedGateway.bpmn', 'testInvalidAsyncAfterEventBasedGateway'],
  ['testParseInvalidConditionalBoundaryEvent.bpmn', 'testParseInvalidConditionalBoundaryEvent'],
  ['testParseInvalidIntermediateConditionalEvent.bpmn', 'testParseInvalidIntermediateConditionalEvent'],
  ['testParseInvalidEventSubprocessConditionalStartEvent.bpmn', 'testParseInvalidEventSubprocessConditionalStartEvent'],
  ['testParseProcessDefinitionMalformedStringTtl.bpmn20.xml', 'testParseProcessDefinitionMalformedStringTtl'],
  ['testParseProcessDefinitionInvalidTtl.bpmn20.xml', 'testParseProcessDefinitionInvalidTtl'],
  ['testParseProcessDefinitionNegativeTtl.bpmn20.xml', 'testParseProcessDefinitionNegativTtl'],
  ['testInvalidExecutionListenerClassDefinition.bpmn', 'testInvalidExecutionListenerClassDefinition'],
  ['testInvalidExecutionListenerDelegateDefinition.bpmn', 'testInvalidExecutionListenerDelegateDefinition'],
  ['testParseProcessDefinitionXXE.bpmn20.xml', 'shouldPreventXxeProcessing'],
  ['testMultipleTimerStartEvents.bpmn20.xml', 'testMultipleTimerStartEvents'],
  ...['In', 'Out'].flatMap((d) => ['Source', 'Target'].flatMap((w) => ['No', 'Empty'].map((k): [string, string] => [`test${k}Camunda${d}${w}ThrowsError.bpmn20.xml`, `test${k}Camunda${d}${w}ThrowsError`]))),
];

const deployed: [string, string][] = [
  ['testParseWithBpmnNamespacePrefix.bpmn20.xml', 'testParseWithBpmnNamespacePrefix'],
  ['testParseWithMultipleDocumentation.bpmn20.xml', 'testParseWithMultipleDocumentation'],
  ['testParseCollaborationPlane.bpmn', 'testParseCollaborationPlane'],
  ['testParseDiagramInterchangeElements.bpmn20.xml', 'testParseDiagramInterchangeElements'],
  ['testParseNamespaceInConditionExpressionType.bpmn20.xml', 'testParseNamespaceInConditionExpressionType'],
  ['testParseDiagramInterchangeElementsForUnknownModelElements.bpmn20.xml', 'testParseDiagramInterchangeElementsForUnknownModelElements'],
  ['testParseDefinitionWithCamundaNamespace.bpmn', 'testParseDefinitionWithCamundaNamespace'],
  ['testParseCompensationEndEvent.bpmn', 'testParseCompensationEndEvent'],
  ['testParseCompensationStartEvent.bpmn20.xml', 'testParseCompensationStartEvent'],
  ['testParseAsyncMultiInstanceBody.bpmn', 'testParseAsyncMultiInstanceBody'],
  ['testParseAsyncActivityWrappedInMultiInstanceBody.bpmn', 'testParseAsyncActivityWrappedInMultiInstanceBody'],
  ['testParseAsyncActivityWrappedInMultiInstanceBodyWithAsyncMultiInstance.bpmn', 'testParseAsyncActivityWrappedInMultiInstanceBodyWithAsyncMultiInstance'],
  ['testParseSwitchedSourceAndTargetRefsForAssociations.bpmn20.xml', 'testParseSwitchedSourceAndTargetRefsForAssociations'],
  ['testParseSignalStartEvent.bpmn20.xml', 'testParseSignalStartEvent'],
  ['testParseEscalationBoundaryEvent.bpmn20.xml', 'testParseEscalationBoundaryEvent'],
  ['testParseEscalationIntermediateThrowingEvent.bpmn20.xml', 'testParseEscalationIntermediateThrowingEvent'],
  ['testParseEscalationEndEvent.bpmn20.xml', 'testParseEscalationEndEvent'],
  ['testParseEscalationStartEvent.bpmn20.xml', 'testParseEscalationStartEvent'],
  ['testParseConditionalBoundaryEvent.bpmn', 'testParseConditionalBoundaryEvent'],
  ['testParseAsyncBoundaryEvent.bpmn', 'testParseAsyncBoundaryEvent'],
  ['testParseIntermediateConditionalEvent.bpmn', 'testParseIntermediateConditionalEvent'],
  ['testParseEventSubprocessConditionalStartEvent.bpmn', 'testParseEventSubprocessConditionalStartEvent'],
  ['testParseProcessDefinitionTtl.bpmn20.xml', 'testParseProcessDefinitionTtl'],
  ['testParseProcessDefinitionStringTtl.bpmn20.xml', 'testParseProcessDefinitionStringTtl'],
  ['testParseProcessDefinitionEmptyTtl.bpmn20.xml', 'testParseProcessDefinitionEmptyTtl'],
  ['testParseProcessDefinitionWithoutTtl.bpmn20.xml', 'testParseProcessDefinitionWithoutTtl'],
  ['testParseProcessDefinitionStartable.bpmn20.xml', 'testParseProcessDefinitionStartable'],
  ['testParseEmptyExtensionProperty.bpmn', 'testParseEmptyExtensionProperty'],
];

const failedJobListener: [string, string][] = [
  ['CamundaFailedJobParseListenerTest.testUserTask.bpmn20.xml', 'CamundaFailedJobParseListenerTest#testUserTask'],
  ...['testInnerMultiInstanceActivityWithFailedJobRetryTimeCycle', 'testMultiInstanceBodyAndInnerActivityWithFailedJobRetryTimeCycle', 'testMultiInstanceBodyWithFailedJobRetryTimeCycle', 'testSignal', 'testTimer', 'testUserTask']
    .map((m): [string, string] => [`FoxFailedJobParseListenerTest.${m}.bpmn20.xml`, `FoxFailedJobParseListenerTest#${m}`]),
];

function deploys(file: string, javaTest: string): Camunda7Case {
  return { file, javaTest, async run(t) {
    const [d] = await t.deploy();
    ok((d?.processes.length ?? 0) > 0, 'a deployed process');
  } };
}

export const cases: Camunda7Case[] = [
  ...rejected.map(([f, m]) => deployFails(`${P}.${f}`, `BpmnParseTest#${m}`)),
  ...deployed.map(([f, m]) => deploys(`${P}.${f}`, `BpmnParseTest#${m}`)),
  ...failedJobListener.map(([f, m]) => deploys(`parse/${f}`, m)),
];
