import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { CallActivitySpec, EndEventSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

const el = <T>(p: { elements: Record<string, unknown> }, id: string) => p.elements[id] as T;

describe('ids and references the way Camunda 7 reads them', () => {
  it('collapses blanks around an id and its references (xs:ID), keeping line and column of what follows', async () => {
    const xml = diagram('bpmn', `<bpmn:startEvent id="s" />
<bpmn:sequenceFlow id="f1 " sourceRef=" s" targetRef="t" />
<bpmn:task id="t" />
<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="nowhere" />`);
    const err = await parseDefinitions(xml, { file: 'x.bpmn' }).catch((e: unknown) => e);
    // The id with a trailing blank is read as `f1`; the error further down still points at its own line.
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ line: 7, elementId: 'f2', message: expect.stringMatching(/unresolved reference "nowhere"/) });
    const ok = await parseDefinitions(xml.replace('targetRef="nowhere"', 'targetRef="e" /><bpmn:endEvent id="e"'));
    const p = ok.processes[0]!;
    expect(p.flows['f1']).toMatchObject({ sourceId: 's', targetId: 't' });
    expect(p.elements['s']!.outgoing).toEqual(['f1']);
  });

  it('takes an errorRef that names no <error> as the error code, in a file without extensions too', async () => {
    const { processes } = await parseDefinitions(diagram('bpmn', `<bpmn:startEvent id="s" />
<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="boom" />
<bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="legacyCode" /></bpmn:endEvent>`));
    expect(el<EndEventSpec>(processes[0]!, 'boom').eventDefinitions).toEqual([{ type: 'error', errorCode: 'legacyCode' }]);
  });

  it('compiles a camunda:errorMessage written as an expression, and keeps a plain one as text', async () => {
    const { processes } = await parseDefinitions(diagram('camunda7', `<bpmn:startEvent id="s" />
<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="boom" />
<bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:endEvent>`, {
      before: '<bpmn:error id="e1" errorCode="123" camunda:errorMessage="failed: ${reason}" />\n',
    }));
    const [def] = el<EndEventSpec>(processes[0]!, 'boom').eventDefinitions;
    expect(def).toMatchObject({ type: 'error', errorCode: '123', errorMessage: 'failed: ${reason}' });
    expect(def?.type === 'error' && def.errorMessageExpression?.evaluate({ reason: 'no stock' })).toBe('failed: no stock');
  });

  it('compiles camunda:calledElementVersion written as an expression', async () => {
    const { processes } = await parseDefinitions(diagram('camunda7', `<bpmn:startEvent id="s" />
<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="call" />
<bpmn:callActivity id="call" calledElement="child" camunda:calledElementBinding="version" camunda:calledElementVersion="\${v}" />`));
    const call = el<CallActivitySpec>(processes[0]!, 'call');
    expect(call).toMatchObject({ binding: 'version', version: '${v}' });
    expect(call.versionExpression?.evaluate({ v: 2 })).toBe(2);
  });
});
