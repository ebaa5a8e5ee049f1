/** external/ (ExternalTaskParseTest) and sendtask/ (SendTaskTest). */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const X = 'external/ExternalTaskParseTest';

export const cases: Camunda7Case[] = [
  deployFails(`${X}.testParseExternalTaskWithoutTopic.bpmn20.xml`, 'ExternalTaskParseTest#testParseExternalTaskWithoutTopic'),
  ...([
    ['testParseExternalTaskWithExpressionTopic', 'oneExternalTaskWithExpressionTopicProcess', { topicName: 'testTopicExpression' }, 'testTopicExpression'],
    ['testParseExternalTaskWithStringTopic', 'oneExternalTaskWithStringTopicProcess', {}, 'testTopicString'],
  ] as const).map(([m, key, vars, topic]): Camunda7Case => ({
    file: `${X}.${m}.bpmn20.xml`, javaTest: `ExternalTaskParseTest#${m}`, async run(t) {
      await t.deploy();
      await t.start(key, { ...vars });
      const tasks = await t.engine.fetchAndLock({ workerId: 'w', maxTasks: 10, topics: [{ topic, lockDurationMs: 60_000 }] });
      eq(tasks.map((x) => x.topic), [topic], 'one external task on the topic');
    },
  })),
  { file: 'sendtask/SendTaskTest.testJavaDelegate.bpmn20.xml', javaTest: 'SendTaskTest#testJavaDelegate', async run(t) {
    let wasExecuted = false;
    t.service('org.camunda.bpm.engine.test.bpmn.sendtask.DummySendTask', () => {
      wasExecuted = true;
    });
    await t.deploy();
    const pi = await t.start('sendTaskJavaDelegate');
    await t.assertEnded(pi.id);
    ok(wasExecuted, 'the send task delegate ran');
  } },
];
