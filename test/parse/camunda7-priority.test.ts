import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import { diagram } from './diagram-text.js';

const flow = (task: string) =>
  `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />${task}<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" />`;
const parse = (task: string, processAttrs = '') => parseDefinitions(diagram('camunda7', flow(task), { processAttrs }), { file: 'prio.bpmn' });

describe('camunda:jobPriority / camunda:taskPriority at deploy', () => {
  it('keeps a constant of the process and of an element as numbers, and none where nothing is set', async () => {
    const defs = await parse('<bpmn:manualTask id="t" camunda:asyncBefore="true" camunda:jobPriority="5" />', ' camunda:jobPriority="10" camunda:taskPriority="-3"');
    const p = defs.processes[0]!;
    expect(p.jobPriority?.evaluate({})).toBe(10);
    expect(p.taskPriority?.evaluate({})).toBe(-3);
    expect(p.elements['t']!.jobPriority?.evaluate({})).toBe(5);
    expect(p.elements['s']!.jobPriority).toBeUndefined();
  });

  it('compiles ${…} and #{…} expressions once, evaluated later against variables', async () => {
    const defs = await parse('<bpmn:serviceTask id="t" camunda:type="external" camunda:topic="x" camunda:taskPriority="${prio + 1}" camunda:jobPriority="#{16}" />');
    const t = defs.processes[0]!.elements['t']!;
    expect(t.taskPriority?.evaluate({ prio: 41 })).toBe(42);
    expect(t.jobPriority?.evaluate({})).toBe(16);
  });

  it('accepts the whole long range and refuses one past it', async () => {
    const top = await parse('<bpmn:manualTask id="t" camunda:jobPriority="9223372036854775807" />', ' camunda:jobPriority="-9223372036854775808"');
    expect(top.processes[0]!.elements['t']!.jobPriority?.evaluate({})).toBe(2 ** 63);
    expect(top.processes[0]!.jobPriority?.evaluate({})).toBe(-(2 ** 63));
    const err = await parse('<bpmn:manualTask id="t" camunda:jobPriority="9223372036854775808" />').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 't', message: expect.stringContaining("'9223372036854775808' for attribute 'jobPriority' is not a valid number") });
  });

  it.each(['thisIsNotANumber', '4.2', '1e3', ''])('refuses %j with the element and its location, also where no job is ever made', async (value) => {
    const err = await parse(`<bpmn:manualTask id="t" camunda:jobPriority="${value}" />`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 't', file: 'prio.bpmn', line: expect.any(Number) });
  });

  it('refuses a malformed process-level taskPriority at the process', async () => {
    const err = await parse('<bpmn:task id="t" />', ' camunda:taskPriority="high"').catch((e: unknown) => e);
    expect(err).toMatchObject({ elementId: 'p', message: expect.stringContaining("'high' for attribute 'taskPriority'") });
  });
});
