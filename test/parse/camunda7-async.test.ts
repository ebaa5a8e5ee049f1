import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/parse/index.js';
import type { ElementSpec, MultiInstanceSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

const task = async (body: string): Promise<ElementSpec> => (await parseDefinitions(diagram('camunda7', body))).processes[0]!.elements['t']!;

describe('Camunda 7 async continuations and their retry cycles', () => {
  it('reads async flags on the activity for its body and on the loop characteristics for each instance', async () => {
    const t = await task(`<bpmn:userTask id="t" camunda:asyncBefore="true">
  <bpmn:multiInstanceLoopCharacteristics camunda:async="true" camunda:asyncAfter="true"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>`);
    expect(t.asyncBefore).toBe(true);
    expect(t.asyncAfter).toBeUndefined();
    expect(t.loop).toMatchObject({ innerAsyncBefore: true, innerAsyncAfter: true });
  });

  it('keeps failedJobRetryTimeCycle of any element, the fox spelling included, and the one inside the loop apart', async () => {
    const t = await task(`<bpmn:userTask id="t" xmlns:fox="http://www.camunda.com/fox">
  <bpmn:extensionElements><fox:failedJobRetryTimeCycle>R5/PT5M</fox:failedJobRetryTimeCycle></bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true">
    <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>PT1M,PT2M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    <bpmn:loopCardinality>2</bpmn:loopCardinality>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>`);
    expect(t.retry).toEqual({ maxAttempts: 5, intervalsMs: [300_000], source: 'R5/PT5M' });
    expect((t.loop as MultiInstanceSpec).innerRetry).toEqual({ maxAttempts: 3, intervalsMs: [60_000, 120_000], source: 'PT1M,PT2M' });
  });
});
