import { describe, expect, it } from 'vitest';
import { ExpressionError, ParseError, UnsupportedElementError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { ElementSpec, IntermediateCatchEventSpec, ProcessSpec, ScriptTaskSpec, UserTaskSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

async function one(body: string, flavour: 'camunda7' | 'bpmn' = 'camunda7'): Promise<ProcessSpec> {
  return (await parseDefinitions(diagram(flavour, body), { file: 'juel.bpmn' })).processes[0]!;
}
const el = <T extends ElementSpec>(p: ProcessSpec, id: string): T => p.elements[id] as T;
const io = (param: string) => `<bpmn:extensionElements><camunda:inputOutput>${param}</camunda:inputOutput></bpmn:extensionElements>`;

async function parseError(body: string): Promise<unknown> {
  return one(body).then(() => undefined, (e: unknown) => e);
}

describe('JUEL scripts are compiled at deploy', () => {
  it('a JUEL script task carries its compiled expression, whatever the case of the format', async () => {
    const p = await one(`<bpmn:scriptTask id="t" scriptFormat="JUEL" camunda:resultVariable="r"><bpmn:script>\${a + 1}</bpmn:script></bpmn:scriptTask>`);
    const t = el<ScriptTaskSpec>(p, 't');
    expect(t.format).toBe('juel');
    expect(t.resultVariable).toBe('r');
    expect(t.expression?.language).toBe('juel');
    expect(t.expression?.evaluate({ a: 41 })).toBe(42);
  });

  it('a Camunda 7 script task without scriptFormat is JUEL; text around a block makes a string, as in Camunda', async () => {
    const p = await one(`<bpmn:scriptTask id="t"><bpmn:script>n=\${n}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="plain" scriptFormat="juel"><bpmn:script>0</bpmn:script></bpmn:scriptTask>`);
    expect(el<ScriptTaskSpec>(p, 't').format).toBe('juel');
    expect(el<ScriptTaskSpec>(p, 't').expression?.evaluate({ n: 3 })).toBe('n=3');
    expect(el<ScriptTaskSpec>(p, 'plain').expression?.evaluate({})).toBe('0');
  });

  it('a file without the camunda namespace still runs scriptFormat="juel" as JUEL, but has no JUEL default', async () => {
    const p = await one(`<bpmn:scriptTask id="t" scriptFormat="juel"><bpmn:script>\${x}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="none"><bpmn:script>x</bpmn:script></bpmn:scriptTask>`, 'bpmn');
    expect(el<ScriptTaskSpec>(p, 't').expression?.evaluate({ x: 'y' })).toBe('y');
    expect(el<ScriptTaskSpec>(p, 'none')).toMatchObject({ format: '' });
    expect(el<ScriptTaskSpec>(p, 'none').expression).toBeUndefined();
  });

  it('JavaScript and Groovy script tasks keep their text for the sandbox or the capability check', async () => {
    const p = await one(`<bpmn:scriptTask id="js" scriptFormat="javascript"><bpmn:script>\${a}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="g" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>`);
    expect(el<ScriptTaskSpec>(p, 'js')).toMatchObject({ format: 'javascript', script: '${a}' });
    expect(el<ScriptTaskSpec>(p, 'js').expression).toBeUndefined();
    expect(el<ScriptTaskSpec>(p, 'g').expression).toBeUndefined();
  });

  it('a JUEL io parameter script becomes the parameter value itself, with no sandbox slot', async () => {
    const p = await one(`<bpmn:userTask id="u">${io(`
      <camunda:inputParameter name="x"><camunda:script scriptFormat="juel">\${a * 2}</camunda:script></camunda:inputParameter>
      <camunda:inputParameter name="l"><camunda:list><camunda:value>\${a}</camunda:value><camunda:script scriptFormat="juel">\${a + 1}</camunda:script></camunda:list></camunda:inputParameter>
      <camunda:outputParameter name="o"><camunda:map><camunda:entry key="k"><camunda:script scriptFormat="juel">\${a}</camunda:script></camunda:entry></camunda:map></camunda:outputParameter>`)}</bpmn:userTask>`);
    const [x, l] = el<UserTaskSpec>(p, 'u').io!.inputs;
    const [o] = el<UserTaskSpec>(p, 'u').io!.outputs;
    expect(x!.scripts).toBeUndefined();
    expect(x!.value.evaluate({ a: 4 })).toBe(8);
    expect(l!.scripts).toBeUndefined();
    expect(l!.value.evaluate({ a: 4 })).toEqual([4, 5]);
    expect(o!.value.evaluate({ a: 'v' })).toEqual({ k: 'v' });
  });

  it('a JUEL io script from a resource stays a script (the capability check refuses external resources)', async () => {
    const p = await one(`<bpmn:userTask id="u">${io(`<camunda:inputParameter name="x"><camunda:script scriptFormat="juel" resource="deployment://x.juel" /></camunda:inputParameter>`)}</bpmn:userTask>`);
    expect(el<UserTaskSpec>(p, 'u').io!.inputs[0]!.scripts).toEqual([{ format: 'juel', source: '', resource: 'deployment://x.juel' }]);
  });

  it('JUEL execution and task listener scripts keep kind script and carry their compiled expression', async () => {
    const p = await one(`<bpmn:userTask id="u"><bpmn:extensionElements>
      <camunda:executionListener event="start"><camunda:script scriptFormat="juel">\${execution.setVariable('s', 1)}</camunda:script></camunda:executionListener>
      <camunda:taskListener event="create"><camunda:script scriptFormat="juel">\${x}</camunda:script></camunda:taskListener>
      <camunda:taskListener event="complete"><camunda:script scriptFormat="javascript">x</camunda:script></camunda:taskListener>
    </bpmn:extensionElements></bpmn:userTask>`);
    const [start, create, complete] = el<UserTaskSpec>(p, 'u').listeners!;
    expect(start).toMatchObject({ scope: 'execution', kind: 'script', format: 'juel' });
    expect(start!.expression?.usesExecution).toBe(true);
    expect(create!.expression?.evaluate({ x: 7 })).toBe(7);
    expect(complete!.expression).toBeUndefined();
  });

  it('a JUEL condition on a conditional event is an expression; a Groovy one is refused with its location', async () => {
    const p = await one(`<bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition>
      <bpmn:condition xsi:type="bpmn:tFormalExpression" language="juel" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${go}</bpmn:condition>
    </bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`);
    const def = el<IntermediateCatchEventSpec>(p, 'c').eventDefinitions[0]!;
    expect(def.type === 'conditional' && def.condition.evaluate({ go: true })).toBe(true);
    const e = await parseError(`<bpmn:intermediateCatchEvent id="g"><bpmn:conditionalEventDefinition>
      <bpmn:condition xsi:type="bpmn:tFormalExpression" language="groovy" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">go == true</bpmn:condition>
    </bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`);
    expect(e).toBeInstanceOf(UnsupportedElementError);
    expect(e).toMatchObject({ elementId: 'g', line: 4, details: { file: 'juel.bpmn' } });
    expect((e as Error).message).toContain('language "groovy"');
  });

  it('a JUEL sequence flow condition (language="juel") is an expression', async () => {
    const p = await one(`<bpmn:exclusiveGateway id="g" /><bpmn:endEvent id="e" />
      <bpmn:sequenceFlow id="f" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="JUEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${n &gt; 1}</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(p.flows['f']!.condition?.evaluate({ n: 2 })).toBe(true);
  });

  describe('a JUEL syntax error rejects the deploy with file, line, column and element id', () => {
    const cases: [string, string, string][] = [
      ['script task', 't', `<bpmn:scriptTask id="t" scriptFormat="juel"><bpmn:script>\${a +* 1}</bpmn:script></bpmn:scriptTask>`],
      ['io parameter', 'u', `<bpmn:userTask id="u">${io(`<camunda:inputParameter name="x"><camunda:script scriptFormat="juel">\${a +* 1}</camunda:script></camunda:inputParameter>`)}</bpmn:userTask>`],
      ['listener', 'u', `<bpmn:userTask id="u"><bpmn:extensionElements><camunda:executionListener event="end"><camunda:script scriptFormat="juel">\${(}</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:userTask>`],
    ];
    for (const [where, id, body] of cases) {
      it(where, async () => {
        const e = await parseError(`<bpmn:startEvent id="s" />\n${body}`);
        expect(e).toBeInstanceOf(ExpressionError);
        expect(e).toMatchObject({ elementId: id, line: 5, column: 1, details: { file: 'juel.bpmn' } });
      });
    }
  });

  it('a JUEL script task without a script is a parse error', async () => {
    const e = await parseError(`<bpmn:scriptTask id="t" scriptFormat="juel" />`);
    expect(e).toBeInstanceOf(ParseError);
    expect(e).toMatchObject({ elementId: 't' });
  });
});
