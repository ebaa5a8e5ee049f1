import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { validateModel } from '../../src/engine/model-validation.js';
import { parseDefinitions } from '../../src/parse/index.js';

const defs = (body: string, extra = '', ns = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${ns} id="d" targetNamespace="t">${extra}
<bpmn:process id="p" isExecutable="true">
${body}
</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const simple = `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />`;

async function parsed(xml: string) {
  const spec = await parseDefinitions(xml, { file: 'm.bpmn' });
  validateModel(spec);
  return spec;
}

describe('signal declarations (Camunda 7 BpmnParse.parseSignals)', () => {
  it('rejects two signals with the same name, even when only one is used', async () => {
    const err = await parsed(defs(simple, '<bpmn:signal id="a" name="alert" /><bpmn:signal id="b" name="alert" />')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 'b', line: 2 });
    expect((err as Error).message).toMatch(/duplicate signal name "alert"/);
  });

  it('rejects a signal without an id', async () => {
    const err = await parsed(defs(simple, '<bpmn:signal name="alert" />')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(/signal "alert" must have an id/);
  });

  it('accepts distinct signal names, and leaves Camunda 8 files alone', async () => {
    await expect(parsed(defs(simple, '<bpmn:signal id="a" name="alert" /><bpmn:signal id="b" name="abort" />'))).resolves.toBeDefined();
    const c8 = defs(simple, '<bpmn:signal id="a" name="alert" /><bpmn:signal id="b" name="alert" />', 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"');
    await expect(parsed(c8)).resolves.toBeDefined();
  });
});

describe('camunda:formRef (Camunda 7 DefaultFormHandler.parseConfiguration)', () => {
  const start = (attrs: string) => defs(`<bpmn:startEvent id="s" ${attrs} />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />`);

  it('accepts the deployment, latest and version bindings', async () => {
    for (const attrs of ['camunda:formRef="f" camunda:formRefBinding="deployment"', 'camunda:formRef="f" camunda:formRefBinding="latest"', 'camunda:formRef="f" camunda:formRefBinding="version" camunda:formRefVersion="2"']) {
      await expect(parsed(start(attrs))).resolves.toBeDefined();
    }
  });

  it('rejects an unknown binding, a missing binding, a version binding without a version, and formRef next to formKey', async () => {
    const cases: [string, RegExp][] = [
      ['camunda:formRef="f" camunda:formRefBinding="unsupported"', /formRefBinding must be one of deployment, latest, version, got "unsupported"/],
      ['camunda:formRef="f"', /formRefBinding must be one of .* got none/],
      ['camunda:formRef="f" camunda:formRefBinding="version"', /needs camunda:formRefVersion/],
      ['camunda:formKey="k" camunda:formRef="f" camunda:formRefBinding="deployment"', /only one of camunda:formKey and camunda:formRef/],
    ];
    for (const [attrs, message] of cases) {
      const err = await parsed(start(attrs)).catch((e: unknown) => e);
      expect(err, attrs).toBeInstanceOf(ParseError);
      expect((err as Error).message).toMatch(message);
      expect(err).toMatchObject({ elementId: 's' });
    }
  });
});

describe('message throw events in Camunda 7', () => {
  it('a dangling messageRef on a throw or end event deploys (Camunda 7 never reads it) and throws nothing', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'throw')}
<bpmn:intermediateThrowEvent id="throw"><bpmn:messageEventDefinition messageRef="nowhere" /></bpmn:intermediateThrowEvent>${flow('f2', 'throw', 'e')}
<bpmn:endEvent id="e"><bpmn:messageEventDefinition messageRef="nowhere" /></bpmn:endEvent>`;
    const spec = await parsed(defs(body));
    const thrown = spec.processes[0]!.elements['throw'];
    expect(thrown && 'eventDefinitions' in thrown ? thrown.eventDefinitions : undefined).toEqual([{ type: 'message' }]);
  });

  it('a dangling messageRef on a catch event is still an error', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'c')}
<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="nowhere" /></bpmn:intermediateCatchEvent>${flow('f2', 'c', 'e')}<bpmn:endEvent id="e" />`;
    await expect(parsed(defs(body))).rejects.toThrow(/unresolved reference "nowhere"/);
  });
});

describe('conditional start events', () => {
  it('rejects two conditional start events of a process with the same condition', async () => {
    const cond = (c: string) => `<bpmn:conditionalEventDefinition><bpmn:condition>${c}</bpmn:condition></bpmn:conditionalEventDefinition>`;
    const body = `<bpmn:startEvent id="a">${cond('${x == 1}')}</bpmn:startEvent><bpmn:startEvent id="b">${cond('${x == 1}')}</bpmn:startEvent>
${flow('f1', 'a', 't')}${flow('f2', 'b', 't')}<bpmn:userTask id="t" />`;
    const err = await parsed(defs(body)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 'b' });
    await expect(parsed(defs(body.replace('${x == 1}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:startEvent id="b">', '${x == 2}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:startEvent id="b">')))).resolves.toBeDefined();
  });
});
