/**
 * event/link/ (LinkEventTest) and event/start/ (StartEventCamundaFormDefinitionParseTest). The link tests move
 * on with runtimeService.signal on message-less receive tasks, which is our engine.trigger. The form
 * tests assert the parsed FormDefinition (a Java entity); ours checks the part visible through our API: the file
 * deploys and starts, or is rejected.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const L = 'event/link/LinkEventTest';
const S = 'event/start/StartEventCamundaFormDefinitionParseTest';

const formParses = (m: string): Camunda7Case => ({
  file: `${S}.${m}.bpmn20.xml`, javaTest: `StartEventCamundaFormDefinitionParseTest#${m}`, async run(t) {
    const [d] = await t.deploy();
    ok(d !== undefined && d.processes.length > 0, 'a deployed process');
  },
});

export const cases: Camunda7Case[] = [
  { file: `${L}.testValidEventLink.bpmn20.xml`, javaTest: 'LinkEventTest#testValidEventLink', async run(t) {
    await t.deploy();
    const pi = await t.start('linkEventValid');
    eq(await t.active(pi.id), ['waitAfterLink1'], 'active after the first link');
    await t.engine.trigger(pi.id, 'waitAfterLink1');
    eq(await t.active(pi.id), ['waitAfterLink2'], 'active after the second link');
    await t.engine.trigger(pi.id, 'waitAfterLink2');
    await t.assertEnded(pi.id);
    const seen = new Set((await t.engine.history(pi.id)).map((h) => h.elementId));
    ok(['StartEvent_1', 'waitAfterLink1', 'waitAfterLink2', 'EndEvent_1'].every((id) => seen.has(id)), 'history has start, both waits and the end');
  } },
  { file: `${L}.testEventLinkMultipleSources.bpmn20.xml`, javaTest: 'LinkEventTest#testEventLinkMultipleSources', async run(t) {
    await t.deploy();
    const pi = await t.start('linkEventValid');
    const active = await t.active(pi.id);
    ok(active.length > 0 && active.every((a) => a === 'WaitAfterLink'), `both tokens wait at WaitAfterLink (got ${active.join(', ')})`);
    await t.engine.terminate(pi.id, 'test done');
  } },
  deployFails(`${L}.testInvalidEventLinkMultipleTargets.bpmn20.xml`, 'LinkEventTest#testInvalidEventLinkMultipleTargets'),
  deployFails(`${L}.testCatchLinkEventAfterEventBasedGatewayNotAllowed.bpmn20.xml`, 'LinkEventTest#testCatchLinkEventAfterEventBasedGatewayNotAllowed'),
  formParses('shouldParseCamundaFormDefinitionVersionBinding'),
  formParses('shouldParseCamundaFormDefinitionLatestBinding'),
  formParses('shouldParseCamundaFormDefinitionDeploymentBinding'),
  formParses('shouldParseCamundaFormDefinitionMultipleStartEvents'),
  deployFails(`${S}.shouldNotParseCamundaFormDefinitionUnsupportedBinding.bpmn20.xml`, 'StartEventCamundaFormDefinitionParseTest#shouldNotParseCamundaFormDefinitionUnsupportedBinding'),
  deployFails(`${S}.shouldNotParseCamundaFormDefinitionAndFormKey.bpmn20.xml`, 'StartEventCamundaFormDefinitionParseTest#shouldNotParseCamundaFormDefinitionAndFormKey'),
];
