import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { validateModel } from '../../src/engine/model-validation.js';
import { parseDefinitions } from '../../src/parse/index.js';

const C7 = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"';
const C8 = 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

/** The body starts on line 4, so a test can name the line of the element it expects in the error. */
const defs = (body: string, extra = '', ns = C7) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${ns} id="d" targetNamespace="t">${extra}
<bpmn:process id="p" isExecutable="true">
${body}
</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
const simple = `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`;

async function check(xml: string): Promise<ParseError | undefined> {
  const spec = await parseDefinitions(xml, { file: 'm.bpmn' });
  try {
    validateModel(spec);
    return undefined;
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
}
async function rejected(xml: string): Promise<ParseError> {
  const err = await check(xml);
  if (!err) throw new Error('expected validateModel to reject the model');
  return err;
}

describe('start events', () => {
  it('rejects a process without a start event, pointing at the process', async () => {
    // given a process that only has a task and an end event
    const err = await rejected(defs(`<bpmn:userTask id="t" />${flow('f', 't', 'e')}<bpmn:endEvent id="e" />`));
    // then the error names the process and where it is
    expect(err).toMatchObject({ code: 'PARSE_ERROR', elementId: 'p', file: 'm.bpmn', line: 3, column: 1 });
    expect(err.message).toMatch(/must define a start event/);
  });

  it('rejects a none start event next to a timer start event in Camunda 7, but not in Camunda 8', async () => {
    const body = `<bpmn:startEvent id="manual" />${flow('f1', 'manual', 't')}
<bpmn:startEvent id="nightly">${timer}</bpmn:startEvent>${flow('f2', 'nightly', 't')}<bpmn:task id="t" />`;
    expect(await rejected(defs(body))).toMatchObject({ elementId: 'nightly', line: 5 });
    expect(await check(defs(body, '', C8))).toBeUndefined();
  });

  it('rejects two none start events in any flavour and accepts one none start next to message starts', async () => {
    const two = `<bpmn:startEvent id="a" /><bpmn:startEvent id="b" />${flow('f1', 'a', 't')}${flow('f2', 'b', 't')}<bpmn:task id="t" />`;
    expect((await rejected(defs(two, '', C8))).elementId).toBe('b');
    const mixed = `<bpmn:startEvent id="a" /><bpmn:startEvent id="m"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
${flow('f1', 'a', 't')}${flow('f2', 'm', 't')}<bpmn:task id="t" />`;
    expect(await check(defs(mixed, '<bpmn:message id="msg" name="go" />'))).toBeUndefined();
  });

  it('rejects an embedded subprocess without a start event and one with two', async () => {
    const sub = (inner: string) => defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
<bpmn:subProcess id="sub">${inner}</bpmn:subProcess>`);
    expect((await rejected(sub('<bpmn:task id="t" />'))).elementId).toBe('sub');
    expect((await rejected(sub('<bpmn:startEvent id="a" /><bpmn:startEvent id="b" />'))).elementId).toBe('b');
    expect(await check(sub('<bpmn:startEvent id="a" />'))).toBeUndefined();
  });

  it('rejects a non-interrupting error start event in an event subprocess', async () => {
    const esp = (interrupting: boolean) => defs(`${simple}
<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="${interrupting}"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>`);
    expect((await rejected(esp(false))).elementId).toBe('es');
    expect(await check(esp(true))).toBeUndefined();
  });
});

describe('sequence flows', () => {
  it('rejects a sequence flow into or out of an event subprocess, naming the flow', async () => {
    const err = await rejected(defs(`${simple}
<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>
${flow('out', 'esp', 'e')}`));
    expect(err).toMatchObject({ elementId: 'out', line: 6 });
  });

  it('rejects a sequence flow into or out of a compensation handler', async () => {
    const err = await rejected(defs(`${simple}<bpmn:task id="undo" isForCompensation="true" />${flow('bad', 'undo', 'e')}`));
    expect(err.elementId).toBe('bad');
    expect(err.message).toMatch(/compensation activity undo/);
  });
});

describe('message and signal subscriptions', () => {
  const msgs = '<bpmn:message id="m1" name="order" /><bpmn:message id="m2" name="order" /><bpmn:message id="m3" name="cancel" />';
  const boundary = (id: string, ref: string) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="t"><bpmn:messageEventDefinition messageRef="${ref}" /></bpmn:boundaryEvent>`;

  it('rejects two boundary events of one activity waiting for the same message name, even through different <message>s', async () => {
    expect((await rejected(defs(`${simple}${boundary('b1', 'm1')}${boundary('b2', 'm2')}`, msgs))).elementId).toBe('b2');
    expect(await check(defs(`${simple}${boundary('b1', 'm1')}${boundary('b2', 'm3')}`, msgs))).toBeUndefined();
  });

  it('accepts the same message name at different scopes (process start and a later catch event)', async () => {
    const body = `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent>${flow('f1', 's', 'c')}
<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:intermediateCatchEvent>`;
    expect(await check(defs(body, msgs))).toBeUndefined();
  });

  it('rejects a message catch event whose message has an empty name', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'c')}<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>`;
    expect((await rejected(defs(body, '<bpmn:message id="m" name="" />'))).elementId).toBe('c');
  });

  it('rejects an expression in a Camunda 7 message start event name', async () => {
    const body = `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>`;
    const err = await rejected(defs(body, '<bpmn:message id="m" name="order-${id}" />'));
    expect(err.message).toMatch(/expressions in the message name/);
  });

  it('rejects two signal start events with the same signal name', async () => {
    const sig = (id: string) => `<bpmn:startEvent id="${id}"><bpmn:signalEventDefinition signalRef="sg" /></bpmn:startEvent>${flow(`f${id}`, id, 't')}`;
    const err = await rejected(defs(`${sig('a')}${sig('b')}<bpmn:task id="t" />`, '<bpmn:signal id="sg" name="alert" />'));
    expect(err.elementId).toBe('b');
  });

  it('rejects a signal event definition without a signalRef', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'c')}<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`;
    expect((await rejected(defs(body))).elementId).toBe('c');
  });
});

describe('boundary events and event subprocesses', () => {
  const escalations = '<bpmn:escalation id="e1" escalationCode="LATE" /><bpmn:escalation id="e2" escalationCode="EARLY" />';
  const sub = `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /></bpmn:subProcess>`;
  const esc = (id: string, ref?: string, on = 'sub') =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}"><bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''} /></bpmn:boundaryEvent>`;

  it('rejects two escalation boundaries with the same code, or a catch-all next to another one', async () => {
    expect((await rejected(defs(`${sub}${esc('a', 'e1')}${esc('b', 'e1')}`, escalations))).elementId).toBe('b');
    expect((await rejected(defs(`${sub}${esc('a')}${esc('b', 'e2')}`, escalations))).elementId).toBe('b');
    expect(await check(defs(`${sub}${esc('a', 'e1')}${esc('b', 'e2')}`, escalations))).toBeUndefined();
  });

  it('rejects an escalation boundary on a service task in Camunda 7', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'st')}<bpmn:serviceTask id="st" camunda:type="external" camunda:topic="x" />${esc('b', 'e1', 'st')}`;
    expect((await rejected(defs(body, escalations))).elementId).toBe('b');
  });

  it('rejects two cancel boundaries on one transaction and two compensation boundaries on one activity', async () => {
    const cancel = (id: string) => `<bpmn:boundaryEvent id="${id}" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>`;
    const tx = `<bpmn:startEvent id="s" />${flow('f1', 's', 'tx')}<bpmn:transaction id="tx"><bpmn:startEvent id="ts" /></bpmn:transaction>`;
    expect((await rejected(defs(`${tx}${cancel('c1')}${cancel('c2')}`))).elementId).toBe('c2');
    const comp = (id: string, undo: string) => `<bpmn:boundaryEvent id="${id}" attachedToRef="t"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
<bpmn:task id="${undo}" isForCompensation="true" /><bpmn:association id="a${id}" sourceRef="${id}" targetRef="${undo}" />`;
    expect((await rejected(defs(`${simple}${comp('k1', 'u1')}${comp('k2', 'u2')}`))).elementId).toBe('k2');
  });

  it('rejects a compensation boundary associated with an activity not marked isForCompensation', async () => {
    const body = `${simple}<bpmn:boundaryEvent id="k" attachedToRef="t"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
<bpmn:task id="undo" /><bpmn:association id="a" sourceRef="k" targetRef="undo" />`;
    expect((await rejected(defs(body))).message).toMatch(/isForCompensation/);
  });
});

describe('throwing events', () => {
  it('rejects an error end event without an error code; a catch-all error boundary is fine', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'end')}<bpmn:endEvent id="end"><bpmn:errorEventDefinition /></bpmn:endEvent>`;
    expect((await rejected(defs(body))).elementId).toBe('end');
    const caught = `${simple}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`;
    expect(await check(defs(caught))).toBeUndefined();
  });

  it('rejects an escalation end event whose escalation has no code', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'end')}<bpmn:endEvent id="end"><bpmn:escalationEventDefinition escalationRef="x" /></bpmn:endEvent>`;
    expect((await rejected(defs(body, '<bpmn:escalation id="x" />'))).elementId).toBe('end');
  });

  it('rejects a compensation throw whose activityRef lies in another scope', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('g1', 'ss', 'inner')}<bpmn:task id="inner" /></bpmn:subProcess>${flow('f2', 'sub', 'throw')}
<bpmn:intermediateThrowEvent id="throw"><bpmn:compensateEventDefinition activityRef="inner" /></bpmn:intermediateThrowEvent>`;
    expect((await rejected(defs(body))).elementId).toBe('throw');
    expect(await check(defs(body.replace('activityRef="inner"', 'activityRef="sub"')))).toBeUndefined();
  });
});

describe('link events', () => {
  const link = (kind: 'intermediateThrowEvent' | 'intermediateCatchEvent', id: string, name: string) =>
    `<bpmn:${kind} id="${id}"><bpmn:linkEventDefinition name="${name}" /></bpmn:${kind}>`;

  it('rejects two link catch events with the same name', async () => {
    const body = `${simple}${link('intermediateCatchEvent', 'c1', 'A')}${link('intermediateCatchEvent', 'c2', 'A')}`;
    expect((await rejected(defs(body))).elementId).toBe('c2');
  });

  it('rejects a reached link throw without a matching catch in its scope, and accepts a matching pair', async () => {
    const pair = (catchName: string) => `<bpmn:startEvent id="s" />${flow('f1', 's', 'go')}${link('intermediateThrowEvent', 'go', 'A')}
${link('intermediateCatchEvent', 'land', catchName)}${flow('f2', 'land', 'e')}<bpmn:endEvent id="e" />`;
    expect((await rejected(defs(pair('B')))).elementId).toBe('go');
    expect(await check(defs(pair('A')))).toBeUndefined();
  });
});
