import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, FileStore, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bpmn-runner-timers-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('durable timers over a FileStore', () => {
  it('a timer that fell due while no engine ran fires exactly once when an engine comes back', async () => {
    const dir = tempDir();
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const first = new Engine({ store: new FileStore({ dir }), clock });
    await first.deploy(
      defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'e')}
        <bpmn:endEvent id="e" />`),
    );
    const inst = await first.start('p');
    await first.close();

    clock.advance(2 * 3_600_000);
    const second = new Engine({ store: new FileStore({ dir }), clock });
    expect(await second.runDueTimers()).toBe(1);
    expect(await second.runDueTimers()).toBe(0);
    expect((await second.getInstance(inst.id))?.status).toBe('COMPLETED');
    const fired = (await second.history(inst.id)).filter((h) => h.type === 'timer.fired');
    expect(fired).toHaveLength(1);
    await second.close();
  });

  it('a timer start event starts instances on its cycle, durably, and only for the latest version', async () => {
    const dir = tempDir();
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const xml = (name: string) =>
      defs(`<bpmn:startEvent id="tick" name="${name}"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${flow('f1', 'tick', 'e')}<bpmn:endEvent id="e" />`);
    const a = new Engine({ store: new FileStore({ dir }), clock });
    await a.deploy(xml('v1'));
    clock.advance(3_600_000);
    expect(await a.runDueTimers()).toBe(1);
    await a.close();

    clock.advance(3_600_000);
    const b = new Engine({ store: new FileStore({ dir }), clock });
    expect(await b.runDueTimers()).toBe(1);
    await b.deploy(xml('v2')); // new version: the old timer goes, the new one starts its own cycle
    clock.advance(3_600_000);
    expect(await b.runDueTimers()).toBe(1);
    const all = (await b.listInstances({ processKey: 'p' })).items;
    expect(all.map((i) => i.processVersion).sort()).toEqual([1, 1, 2]);
    await b.close();
  });
});
