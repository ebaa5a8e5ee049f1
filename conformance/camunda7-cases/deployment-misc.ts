/**
 * deployment/ (BpmnDeploymentTest), ruletask/ and behavior/. Camunda's repository service becomes what
 * `deploy` returns: the deployment (id, name) and its processes (key, version, name, description).
 * Deployments here hold one BPMN file each; resources, diagram images and process-definition queries
 * have no equivalent, so those Java tests are skips.
 */
import { BpmnError } from '../../src/index.js';
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const D = 'deployment/BpmnDeploymentTest';
const XML = `${D}.testGetBpmnXmlFileThroughService.bpmn20.xml`;

export const cases: Camunda7Case[] = [
  { file: XML, javaTest: 'BpmnDeploymentTest#testGetBpmnXmlFileThroughService', async run(t) {
    const [d] = await t.deploy();
    eq(d!.name, XML, 'the deployment is named after its resource');
    eq(d!.processes.map((p) => [p.key, p.version]), [['emptyProcess', 1]], 'its one process');
  } },
  { file: XML, javaTest: 'BpmnDeploymentTest#testDeploySameFileTwice', async run(t) {
    const [first] = await t.deploy();
    const [second] = await t.deploy();
    eq(second!.id, first!.id, 'the same file deployed twice is one deployment');
    eq(second!.processes.map((p) => p.version), [1], 'and one version');
  } },
  { file: `${D}.testProcessDiagramResource.bpmn20.xml`, javaTest: 'BpmnDeploymentTest#testDeployDifferentFiles', async run(t) {
    const [a, b] = await t.deploy(XML, `${D}.testProcessDiagramResource.bpmn20.xml`);
    ok(a!.id !== b!.id, 'two different files are two deployments');
    eq([a!.processes[0]!.key, b!.processes[0]!.key], ['emptyProcess', 'processDiagramProcess'], 'each with its process');
  } },
  deployFails(`${D}.testInvalidExpression.bpmn20.xml`, 'BpmnDeploymentTest#testDeployInvalidExpression', 'EXPRESSION_ERROR'),
  { file: `${D}.testProcessDefinitionDescription.bpmn20.xml`, javaTest: 'BpmnDeploymentTest#testProcessDefinitionDescription', async run(t) {
    const [d] = await t.deploy();
    eq(d!.processes[0]!.description, 'This is really good process documentation!', 'the process documentation is its description');
  } },
  { file: `${D}.testMultipleDiagramResourcesProvided.bpmn20.xml`, javaTest: 'BpmnDeploymentTest#testMultipleDiagramResourcesProvided', async run(t) {
    // The diagram images (a.jpg, b.jpg, c.jpg) have no place here; the three processes of the file deploy.
    const [d] = await t.deploy();
    eq(d!.processes.map((p) => p.key).sort(), ['a', 'b', 'c'], 'three processes');
  } },
  { file: 'ruletask/RuleTaskTest.testJavaDelegate.bpmn20.xml', javaTest: 'RuleTaskTest#testJavaDelegate', async run(t) {
    let called = 0;
    t.service('org.camunda.bpm.engine.test.bpmn.ruletask.DummyServiceTask', () => void called++);
    await t.deploy();
    const pi = await t.start('businessRuleTaskJavaDelegate');
    eq(called, 1, 'the delegate ran once');
    await t.assertEnded(pi.id);
  } },
  ...(['shouldIncludeBpmnErrorMessageInUnhandledBpmnError', 'shouldLogBpmnErrorMessageInUnhandledBpmnErrorWithoutException'] as const).map((m): Camunda7Case => ({
    file: 'behavior/BpmnBehaviorLoggerTest.UnhandledBpmnError.bpmn20.xml', javaTest: `BpmnBehaviorLoggerTest#${m}`, async run(t) {
      // Camunda logs (or throws) "Execution with id 'serviceTask' throws an error event with errorCode
      // 'errorCode' and errorMessage 'ouch!', but no error handler was defined"; here the uncaught error
      // fails the instance and its history says which, where and why.
      t.service('org.camunda.bpm.engine.test.bpmn.callactivity.ServiceTaskThrowBpmnError', () => {
        throw new BpmnError('errorCode', 'ouch!');
      });
      await t.deploy();
      const pi = await t.start('testProcess');
      eq(pi.status, 'FAILED', 'the uncaught BPMN error fails the instance');
      const failed = (await t.engine.history(pi.id)).find((h) => h.type === 'instance.failed');
      eq([failed?.elementId, failed?.data?.code, failed?.data?.message], ['serviceTask', 'errorCode', 'ouch!'], 'element, code and message of the error');
    },
  })),
];
