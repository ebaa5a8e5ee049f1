import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { detectFlavour, parseDefinitions } from '../../src/parse/index.js';
import type { BoundaryEventSpec, GatewaySpec, SubProcessSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

describe('process structure', () => {
  it('maps elements, flows, scopes and incoming/outgoing in document order', async () => {
    const xml = diagram('bpmn', `
  <bpmn:startEvent id="start" name="Go"><bpmn:documentation>kick off</bpmn:documentation></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
  <bpmn:exclusiveGateway id="gw" default="f3" />
  <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="sub"><bpmn:conditionExpression>\${x &gt; 1}</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end" />
  <bpmn:subProcess id="sub">
    <bpmn:startEvent id="subStart" />
    <bpmn:sequenceFlow id="sf1" sourceRef="subStart" targetRef="subEnd" />
    <bpmn:endEvent id="subEnd" />
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="timer" attachedToRef="sub" cancelActivity="false">
    <bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="sub" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:textAnnotation id="note"><bpmn:text>ignored</bpmn:text></bpmn:textAnnotation>
  <bpmn:association id="a1" sourceRef="note" targetRef="gw" />
  <bpmn:dataObject id="data" />`);
    const { flavour, processes } = await parseDefinitions(xml, { file: 'x.bpmn' });
    expect(flavour).toBe('bpmn');
    const p = processes[0]!;
    expect(p.childIds).toEqual(['start', 'gw', 'sub', 'timer', 'end']);
    expect(Object.keys(p.elements).sort()).toEqual(['end', 'gw', 'start', 'sub', 'subEnd', 'subStart', 'timer']);
    expect(p.elements['start']).toMatchObject({ kind: 'startEvent', name: 'Go', documentation: 'kick off', scopeId: 'p', outgoing: ['f1'], loc: { file: 'x.bpmn', line: 5, column: 3 } });
    expect((p.elements['gw'] as GatewaySpec).defaultFlowId).toBe('f3');
    expect(p.elements['gw']!.outgoing).toEqual(['f2', 'f3']);
    expect((p.elements['sub'] as SubProcessSpec).childIds).toEqual(['subStart', 'subEnd']);
    expect(p.elements['subEnd']!.scopeId).toBe('sub');
    expect(p.elements['end']!.incoming).toEqual(['f3', 'f4']);
    expect(p.elements['sub']!.boundaryEventIds).toEqual(['timer']);
    expect(p.elements['timer'] as BoundaryEventSpec).toMatchObject({ attachedToId: 'sub', cancelActivity: false });
    expect(p.flows['f2']!.condition!.evaluate({ x: 2 })).toBe(true);
    expect(p.flows['f2']!.condition!.evaluate({ x: 0 })).toBe(false);
    expect(p.flows['sf1']).toMatchObject({ sourceId: 'subStart', targetId: 'subEnd' });
  });

  it('returns every executable pool of a collaboration and skips the others', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:collaboration id="c">
    <bpmn:participant id="pa" processRef="a" /><bpmn:participant id="pb" processRef="b" /><bpmn:participant id="pc" processRef="c1" />
    <bpmn:messageFlow id="mf" sourceRef="ta" targetRef="tb" />
  </bpmn:collaboration>
  <bpmn:process id="a" isExecutable="true"><bpmn:task id="ta" /></bpmn:process>
  <bpmn:process id="b" isExecutable="true"><bpmn:laneSet id="ls"><bpmn:lane id="l1"><bpmn:flowNodeRef>tb</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet><bpmn:task id="tb" /></bpmn:process>
  <bpmn:process id="c1" isExecutable="false"><bpmn:task id="tc" /></bpmn:process>
</bpmn:definitions>`;
    const { processes } = await parseDefinitions(xml);
    expect(processes.map((p) => p.id)).toEqual(['a', 'b']);
    expect(Object.keys(processes[1]!.elements)).toEqual(['tb']);
  });

  it('rejects a file without an executable process, like Camunda 7 treats a missing isExecutable', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p"><bpmn:task id="t" /></bpmn:process>
</bpmn:definitions>`;
    await expect(parseDefinitions(xml)).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 3, elementId: 'p', message: expect.stringMatching(/no executable process/) });
  });
});

describe('structural errors carry file, line, column and element id', () => {
  const cases: [string, string, { line: number; column: number; elementId: string; message: RegExp }][] = [
    [
      'duplicate id',
      `  <bpmn:task id="t" />\n  <bpmn:task id="t" />`,
      { line: 5, column: 3, elementId: 't', message: /duplicate id/ },
    ],
    [
      'flow to a missing element',
      `  <bpmn:task id="t" />\n  <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="nowhere" />`,
      { line: 5, column: 3, elementId: 'f', message: /unresolved reference "nowhere"/ },
    ],
    [
      'flow crossing a subprocess border',
      `  <bpmn:task id="t" />\n  <bpmn:subProcess id="s">\n    <bpmn:task id="inner" />\n  </bpmn:subProcess>\n  <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="inner" />`,
      { line: 8, column: 3, elementId: 'f', message: /cannot cross a subprocess border/ },
    ],
    [
      'default flow that is not an outgoing flow of the gateway',
      `  <bpmn:exclusiveGateway id="g" default="f2" />\n  <bpmn:task id="t" />\n  <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="t" />\n  <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="g" />`,
      { line: 4, column: 3, elementId: 'g', message: /default flow "f2" is not an outgoing flow/ },
    ],
    [
      'boundary event on a gateway',
      `  <bpmn:parallelGateway id="g" />\n  <bpmn:boundaryEvent id="b" attachedToRef="g" />`,
      { line: 5, column: 3, elementId: 'b', message: /not an activity/ },
    ],
    [
      'unknown element in the BPMN namespace',
      `  <bpmn:tsak id="t" />`,
      { line: 4, column: 3, elementId: 't', message: /unknown element <bpmn:tsak>/ },
    ],
    [
      'unknown attribute in the BPMN namespace',
      `  <bpmn:task id="t" colour="red" />`,
      { line: 4, column: 3, elementId: 't', message: /unknown attribute colour/ },
    ],
  ];
  for (const [name, body, expected] of cases) {
    it(name, async () => {
      const err = await parseDefinitions(diagram('bpmn', body), { file: 'bad.bpmn' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      const { message, ...where } = expected;
      expect(err).toMatchObject({ ...where, file: 'bad.bpmn' });
      expect((err as Error).message).toMatch(message);
    });
  }

  it('ignores colours, vendor attributes and foreign extension elements', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0" xmlns:signavio="http://www.signavio.com" id="d">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:task id="t" bioc:stroke="#f00" signavio:x="1"><bpmn:extensionElements><signavio:signavioMetaData metaKey="k" /></bpmn:extensionElements></bpmn:task>
    <signavio:stray />
  </bpmn:process>
</bpmn:definitions>`;
    const { processes } = await parseDefinitions(xml);
    expect(processes[0]!.elements['t']).toMatchObject({ kind: 'task' });
  });
});

describe('flavour detection', () => {
  it('tells Camunda 7, Camunda 8 and plain BPMN apart by namespace and platform', () => {
    expect(detectFlavour(diagram('camunda7', '<bpmn:userTask id="u" camunda:assignee="a" />'))).toBe('camunda7');
    expect(detectFlavour(diagram('camunda8', '<bpmn:task id="t" />'))).toBe('camunda8');
    expect(detectFlavour('<definitions xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="Camunda Cloud"/>')).toBe('camunda8');
    expect(detectFlavour(diagram('bpmn', '<bpmn:task id="t" />'))).toBe('bpmn');
  });

  it('rejects a file that uses both camunda: and zeebe: extensions', async () => {
    const xml = diagram('camunda7', `  <bpmn:userTask id="u" camunda:assignee="a" />\n  <bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:serviceTask>`).replace(
      'xmlns:camunda',
      'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda',
    );
    await expect(parseDefinitions(xml)).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 5, message: expect.stringMatching(/both camunda: .* and zeebe:/) });
  });
});

describe('size', () => {
  it('parses a process of 10,000 elements and locates the last one', async () => {
    const n = 5000;
    const parts = ['<bpmn:startEvent id="t0" />'];
    for (let i = 1; i < n; i++) parts.push(`<bpmn:task id="t${i}" />`, `<bpmn:sequenceFlow id="f${i}" sourceRef="t${i - 1}" targetRef="t${i}" />`);
    const { processes } = await parseDefinitions(diagram('bpmn', parts.join('\n')));
    const p = processes[0]!;
    expect(Object.keys(p.elements)).toHaveLength(n);
    expect(Object.keys(p.flows)).toHaveLength(n - 1);
    expect(p.elements[`t${n - 1}`]!.loc.line).toBe(3 + 2 * (n - 1));
  }, 30_000);
});
