import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import { diagram } from './diagram-text.js';

const simple = '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />';
const parse = (body: string, processAttrs = '', before = '') => parseDefinitions(diagram('camunda7', body, { processAttrs, before }), { file: 'c.bpmn' });

describe('Camunda 7 attributes checked at deploy', () => {
  it.each(['', '5', 'P5D', '${ttl}'])('accepts historyTimeToLive "%s"', async (ttl) => {
    await expect(parse(simple, ` camunda:historyTimeToLive="${ttl}"`)).resolves.toBeDefined();
  });

  it.each(['PP555DDD', 'invalidValue', '-5', 'P5H'])('refuses historyTimeToLive "%s" at the process', async (ttl) => {
    const err = await parse(simple, ` camunda:historyTimeToLive="${ttl}"`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 'p', file: 'c.bpmn', message: expect.stringContaining('historyTimeToLive') });
  });

  it('refuses a job or task priority that is neither a number nor an expression, at its element', async () => {
    await expect(parse(simple.replace('<bpmn:endEvent id="e" />', '<bpmn:endEvent id="e" camunda:jobPriority="${prio}" />'), ' camunda:jobPriority="10" camunda:taskPriority="-3"')).resolves.toBeDefined();
    const err = await parse(simple.replace('<bpmn:endEvent id="e" />', '<bpmn:endEvent id="e" camunda:asyncBefore="true" camunda:jobPriority="thisIsNotANumber" />')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 'e', message: expect.stringContaining("'thisIsNotANumber' for attribute 'jobPriority'") });
  });

  it('names a flow element that has no id (Camunda deploys it) with an id no XML id can take', async () => {
    const defs = await parse(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:task id="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" />
      <bpmn:subProcess triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:sequenceFlow id="f3" sourceRef="es" targetRef="ee" /><bpmn:endEvent id="ee" /></bpmn:subProcess>`);
    const p = defs.processes[0]!;
    expect(p.elements['SubProcess#1']).toMatchObject({ kind: 'subProcess', triggeredByEvent: true, childIds: ['es', 'ee'] });
    expect(p.elements['es']!.scopeId).toBe('SubProcess#1');
  });

  it('deploys a collaboration whose pool names a process that is not in the file', async () => {
    const defs = await parseDefinitions(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:collaboration id="c"><bpmn:participant id="pool" processRef="Process_1" /></bpmn:collaboration>
  <bpmn:process id="p" isExecutable="true">${simple}</bpmn:process>
</bpmn:definitions>`);
    expect(defs.processes.map((x) => x.id)).toEqual(['p']);
  });
});
