/**
 * usertask/: UserTaskCamundaFormDefinitionParseTest. Camunda reads the task definition's form reference
 * from its deployment cache; here it is the `form.formRef` of the created user task.
 */
import { deployFails, eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const F = 'usertask/UserTaskCamundaFormDefinitionParseTest';
const KEY = 'Process_1d2oynt';

async function formRefOfNextTask(t: CaseContext, instanceId: string): Promise<unknown> {
  const [task] = await t.tasks(instanceId);
  return task?.form?.formRef;
}

export const cases: Camunda7Case[] = [
  ...([
    ['shouldParseCamundaFormDefinitionVersionBinding', { id: 'formId', binding: 'version', version: '1' }],
    ['shouldParseCamundaFormDefinitionLatestBinding', { id: 'formId', binding: 'latest' }],
    ['shouldParseCamundaFormDefinitionDeploymentBinding', { id: 'formId', binding: 'deployment' }],
  ] as const).map(([m, ref]): Camunda7Case => ({
    file: `${F}.${m}.bpmn20.xml`, javaTest: `UserTaskCamundaFormDefinitionParseTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start(KEY);
      eq(await formRefOfNextTask(t, pi.id), ref, 'form reference of UserTask');
    },
  })),
  { file: `${F}.shouldParseTwoUserTasksWithCamundaFormDefinition.bpmn20.xml`, javaTest: 'UserTaskCamundaFormDefinitionParseTest#shouldParseTwoUserTasksWithCamundaFormDefinition', async run(t) {
    await t.deploy();
    const pi = await t.start(KEY);
    eq(await formRefOfNextTask(t, pi.id), { id: 'formId_1', binding: 'deployment' }, 'form reference of UserTask_1');
    await t.completeAll(pi.id);
    eq(await formRefOfNextTask(t, pi.id), { id: 'formId_2', binding: 'version', version: '2' }, 'form reference of UserTask_2');
  } },
  deployFails(`${F}.shouldNotParseCamundaFormDefinitionUnsupportedBinding.bpmn20.xml`, 'UserTaskCamundaFormDefinitionParseTest#shouldNotParseCamundaFormDefinitionUnsupportedBinding', 'PARSE_ERROR'),
  deployFails(`${F}.shouldNotParseCamundaFormDefinitionAndFormKey.bpmn20.xml`, 'UserTaskCamundaFormDefinitionParseTest#shouldNotParseCamundaFormDefinitionAndFormKey', 'PARSE_ERROR'),
];
