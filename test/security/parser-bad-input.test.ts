import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpmnRunnerError, Engine, ManualClock, MemoryStore, ParseError } from '../../src/index.js';
import { c7, escapeXml, flow } from './diagrams.js';

/**
 * Hostile and broken diagrams through `Engine.deploy` (parse + runnability): every answer is a
 * Deployment or a BpmnRunnerError, in bounded time, and nothing rejects unobserved.
 */
const SEED = 1012;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

async function deployOutcome(xml: string): Promise<{ error?: unknown; ms: number }> {
  const engine = new Engine({ store: new MemoryStore(), clock: new ManualClock() });
  const started = performance.now();
  try {
    await engine.deploy(xml, { name: 'hostile.bpmn' });
    return { ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    await engine.close();
  }
}

function expectTypedOrDeployed(outcome: { error?: unknown }): void {
  if (outcome.error !== undefined && !(outcome.error instanceof BpmnRunnerError)) throw outcome.error;
}

/** A process drawn by the generator: tasks of random kinds, flows between random (maybe missing) ids. */
const generatedDiagram = fc
  .record({
    tasks: fc.array(fc.constantFrom('task', 'userTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'endEvent', 'bogusElement'), { minLength: 1, maxLength: 40 }),
    flows: fc.array(fc.tuple(fc.nat(45), fc.nat(45)), { maxLength: 80 }),
    nameLength: fc.constantFrom(0, 10, 10_000, 200_000),
    nesting: fc.nat(30),
    junk: fc.constantFrom('', '<', '&', ']]>', '<![CDATA[', '\u0000', '<bpmn:process id="p">', 'xmlns:x="urn:x"'),
    junkAt: fc.nat(),
  })
  .map(({ tasks, flows, nameLength, nesting, junk, junkAt }) => {
    const name = escapeXml('n'.repeat(nameLength));
    let body = `<bpmn:startEvent id="e0" name="${name}" />`;
    tasks.forEach((kind, i) => (body += `<bpmn:${kind} id="e${i + 1}" />`));
    flows.forEach(([a, b], i) => (body += flow(`f${i}`, `e${a}`, `e${b}`)));
    for (let d = 0; d < nesting; d++) body = `<bpmn:subProcess id="sp${d}"><bpmn:startEvent id="sps${d}" />${body}</bpmn:subProcess>`;
    const xml = c7(body);
    const at = junkAt % xml.length;
    return xml.slice(0, at) + junk + xml.slice(at);
  });

describe('generated hostile diagrams', () => {
  it(`given random shapes, dangling refs, cycles, huge names, nesting and junk (seed ${SEED}), when deployed, then each is a Deployment or a BpmnRunnerError within a second`, async () => {
    await fc.assert(
      fc.asyncProperty(generatedDiagram, async (xml) => {
        const outcome = await deployOutcome(xml);
        expectTypedOrDeployed(outcome);
        expect(outcome.ms).toBeLessThan(1000);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(unhandled).toEqual([]);
  }, 60_000);
});

describe('diagrams too big or too deep', () => {
  it('given 10,000 elements in one process, when deployed, then it deploys or is refused with a typed error, without hanging', async () => {
    let body = '<bpmn:startEvent id="s" />';
    let prev = 's';
    for (let i = 0; i < 5000; i++) {
      body += `<bpmn:task id="t${i}" />${flow(`f${i}`, prev, `t${i}`)}`;
      prev = `t${i}`;
    }
    body += `<bpmn:endEvent id="e" />${flow('fe', prev, 'e')}`;
    const outcome = await deployOutcome(c7(body));
    expectTypedOrDeployed(outcome);
    expect(outcome.ms).toBeLessThan(10_000);
  }, 20_000);

  it('given elements nested 5,000 deep, when deployed, then it deploys or is refused with a typed error', async () => {
    const deep = '<bpmn:documentation>'.repeat(5000) + '</bpmn:documentation>'.repeat(5000);
    expectTypedOrDeployed(await deployOutcome(c7(`<bpmn:startEvent id="s">${deep}</bpmn:startEvent>`)));
    const unknown = '<x:deep xmlns:x="urn:x">'.repeat(5000) + '</x:deep>'.repeat(5000);
    expectTypedOrDeployed(await deployOutcome(c7(`<bpmn:startEvent id="s"><bpmn:extensionElements>${unknown}</bpmn:extensionElements></bpmn:startEvent>`)));
  });

  it('given subprocesses nested 300 deep, when deployed, then it deploys or is refused with a typed error', async () => {
    let body = `<bpmn:startEvent id="s" />${flow('f', 's', 'e')}<bpmn:endEvent id="e" />`;
    for (let d = 0; d < 300; d++) body = `<bpmn:startEvent id="s${d}" />${flow(`fa${d}`, `s${d}`, `sp${d}`)}<bpmn:subProcess id="sp${d}">${body}</bpmn:subProcess>${flow(`fb${d}`, `sp${d}`, `e${d}`)}<bpmn:endEvent id="e${d}" />`;
    expectTypedOrDeployed(await deployOutcome(c7(body)));
  });

  // Measured: deploy time grows about 0.6 s per MB of attribute value (20 MB took 13 s), so 2 MB here.
  it('given a 2 MB attribute value, when deployed, then it deploys or is refused with a typed error', async () => {
    const outcome = await deployOutcome(c7(`<bpmn:startEvent id="s" name="${'x'.repeat(2_000_000)}" />`));
    expectTypedOrDeployed(outcome);
  }, 20_000);

  it('given cycles of flows, with and without a start event, when deployed, then each deploys or is refused with a typed error', async () => {
    const loop = c7(`<bpmn:startEvent id="s" />${flow('f0', 's', 'a')}<bpmn:task id="a" />${flow('f1', 'a', 'b')}<bpmn:task id="b" />${flow('f2', 'b', 'a')}`);
    expectTypedOrDeployed(await deployOutcome(loop));
    const headless = c7(`<bpmn:task id="a" />${flow('f1', 'a', 'b')}<bpmn:task id="b" />${flow('f2', 'b', 'a')}`);
    expectTypedOrDeployed(await deployOutcome(headless));
  });
});

describe('XML attacks', () => {
  it('given an external entity (XXE), when deployed, then a ParseError and the file is not read', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + c7(`<bpmn:startEvent id="s" name="&xxe;" />`).replace(/^<\?xml[^>]*>/, '');
    const outcome = await deployOutcome(xml);
    expect(outcome.error).toBeInstanceOf(ParseError);
    expect(String((outcome.error as Error).message)).not.toContain('root:');
    expect(outcome.ms).toBeLessThan(1000);
  });

  it('given billion laughs, when deployed, then a ParseError at once', async () => {
    let doctype = '<!ENTITY l0 "ha">';
    for (let i = 1; i <= 9; i++) doctype += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const xml = `<?xml version="1.0"?><!DOCTYPE d [${doctype}]>` + c7(`<bpmn:startEvent id="s" name="&l9;" />`).replace(/^<\?xml[^>]*>/, '');
    const outcome = await deployOutcome(xml);
    expect(outcome.error).toBeInstanceOf(ParseError);
    expect(outcome.ms).toBeLessThan(1000);
  });

  it('given a quadratic blow-up (one big entity repeated), when deployed, then a ParseError', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "${'a'.repeat(50_000)}">]>` + c7(`<bpmn:startEvent id="s" name="${'&a;'.repeat(50_000)}" />`).replace(/^<\?xml[^>]*>/, '');
    expect((await deployOutcome(xml)).error).toBeInstanceOf(ParseError);
  });

  it('leaves no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
