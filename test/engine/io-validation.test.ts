import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { validateModel } from '../../src/engine/model-validation.js';
import { parseDefinitions } from '../../src/parse/index.js';

const defs = (body: string, ns = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${ns} id="d" targetNamespace="t">
<bpmn:process id="p" isExecutable="true">
${body}
</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const io = (inner: string) => `<bpmn:extensionElements><camunda:inputOutput>${inner}</camunda:inputOutput></bpmn:extensionElements>`;
const input = '<camunda:inputParameter name="a">1</camunda:inputParameter>';
const output = '<camunda:outputParameter name="b">2</camunda:outputParameter>';

async function outcome(body: string): Promise<ParseError | 'ok'> {
  const spec = await parseDefinitions(defs(body), { file: 'io.bpmn' });
  try {
    validateModel(spec);
    return 'ok';
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
}

describe('where Camunda 7 allows input/output mappings', () => {
  it('accepts them on tasks, throw events, subprocesses and end-event inputs', async () => {
    expect(await outcome(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t">${io(input + output)}</bpmn:userTask>${flow('f2', 't', 'x')}
      <bpmn:intermediateThrowEvent id="x">${io(input + output)}</bpmn:intermediateThrowEvent>${flow('f3', 'x', 'e')}<bpmn:endEvent id="e">${io(input)}</bpmn:endEvent>`)).toBe('ok');
  });

  it.each([
    ['a start event', `<bpmn:startEvent id="bad">${io(output)}</bpmn:startEvent>${flow('f1', 'bad', 'e')}<bpmn:endEvent id="e" />`, "element type 'startEvent'"],
    ['a boundary event', `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />
      <bpmn:boundaryEvent id="bad" attachedToRef="t">${io(output)}<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>${flow('f3', 'bad', 'e')}`, "element type 'boundaryEvent'"],
    ['a gateway', `<bpmn:startEvent id="s" />${flow('f1', 's', 'bad')}<bpmn:exclusiveGateway id="bad">${io(input)}</bpmn:exclusiveGateway>${flow('f2', 'bad', 'e')}<bpmn:endEvent id="e" />`, "element type 'exclusiveGateway'"],
    ['outputs of an end event', `<bpmn:startEvent id="s" />${flow('f1', 's', 'bad')}<bpmn:endEvent id="bad">${io(output)}</bpmn:endEvent>`, "element type 'endEvent'"],
    ['outputs of a multi-instance activity', `<bpmn:startEvent id="s" />${flow('f1', 's', 'bad')}<bpmn:userTask id="bad">${io(output)}<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>${flow('f2', 'bad', 'e')}<bpmn:endEvent id="e" />`, 'multi-instance'],
    ['an event subprocess', `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="bad" triggeredByEvent="true">${io(input)}<bpmn:startEvent id="es"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>${flow('f2', 'es', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`, 'triggeredByEvent'],
  ])('refuses them on %s, at the element', async (_what, body, text) => {
    const err = await outcome(body);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 'bad', file: 'io.bpmn', message: expect.stringContaining(text) });
  });

  it('leaves the mappings of multi-instance inputs alone (each instance maps its own)', async () => {
    expect(await outcome(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t">${io(input)}<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`)).toBe('ok');
  });
});
