import { describe, expect, it } from 'vitest';
import { Engine, ExpressionError, ManualClock, MemoryStore } from '../../src/index.js';
import { c7, c8, flow, gatewayWith } from './diagrams.js';

/**
 * Expression injection through real diagrams: every payload must be refused when the diagram is
 * deployed (expressions compile once, at deploy), so nothing of it ever runs.
 */
const JUEL_PAYLOADS: string[] = [
  // CVE-2025-12735 (expr-eval): calling whatever a name resolves to, member calls, definitions, assignments
  "${exec('id')}",
  // toString() is one of the whitelisted Java methods now (README); these names are on no list.
  "${a.valueOf()}",
  "${a.getClass().forName('java.lang.Runtime')}",
  "${a.hasOwnProperty('x')}",
  '${f(x) = x; f(1)}',
  '${a = 1}',
  '${x.y = 1}',
  "${constructor.constructor('globalThis.pwned = 1')()}",
  "${a.constructor.constructor('return process')().exit(1)}",
  "${''.constructor.constructor('return this')()}",
  "${a['constructor']['constructor']('return process')()}",
  '${__proto__.polluted}',
  '${a.__proto__.polluted}',
  "${a['__proto__'].polluted}",
  '${a.prototype}',
  '${toString.constructor}',
  '${' + 'a + '.repeat(30_000) + 'a}',
  '${' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + ' > 0}',
];

const FEEL_TOO_BIG: string[] = ['=' + 'a + '.repeat(30_000) + 'a > 0', '=' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + ' > 0'];

/**
 * FEEL gives null for a path it cannot follow (DESIGN.md: forbidden names read as null), so these may
 * deploy; what must hold is that nothing runs: the condition is not true and no code is reached.
 */
const FEEL_PATHS: string[] = [
  '=constructor.constructor("globalThis.pwned = 1")()',
  '=a.constructor.constructor("globalThis.pwned = 1")()',
  '=a.__proto__.polluted',
  '=__proto__.polluted = true',
  '={"__proto__": {"polluted": true}}.polluted = true',
];

async function deployError(xml: string): Promise<unknown> {
  const engine = new Engine({ store: new MemoryStore(), clock: new ManualClock() });
  try {
    await engine.deploy(xml);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await engine.close();
  }
}

function expectNothingRan(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
}

const short = (p: string): string => (p.length > 70 ? `${p.slice(0, 40)}… (${p.length} chars)` : p);

describe('expression attacks in Camunda 7 diagrams (JUEL)', () => {
  for (const payload of JUEL_PAYLOADS) {
    it(`given the gateway condition ${short(payload)}, when deployed, then an ExpressionError refuses it`, async () => {
      const err = await deployError(gatewayWith(c7, payload));
      expect(err).toBeInstanceOf(ExpressionError);
      expectNothingRan();
    });
  }

  it('given a payload in a user task assignee, when deployed, then an ExpressionError names the element', async () => {
    const err = await deployError(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}
        <bpmn:userTask id="t" camunda:assignee="\${a.constructor.constructor('return process')()}" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`),
    );
    expect(err).toBeInstanceOf(ExpressionError);
    expect((err as ExpressionError).elementId).toBe('t');
  });

  it('given a payload in an input mapping, when deployed, then an ExpressionError refuses it', async () => {
    const err = await deployError(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}
        <bpmn:userTask id="t"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="x">\${a.__proto__.polluted}</camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`),
    );
    expect(err).toBeInstanceOf(ExpressionError);
  });
});

describe('expression attacks in Camunda 8 diagrams (FEEL)', () => {
  for (const payload of FEEL_TOO_BIG) {
    it(`given the gateway condition ${short(payload)}, when deployed, then an ExpressionError refuses it`, async () => {
      const err = await deployError(gatewayWith(c8, payload));
      expect(err).toBeInstanceOf(ExpressionError);
    });
  }

  for (const payload of FEEL_PATHS) {
    it(`given the gateway condition ${short(payload)}, when deployed and run, then it is refused or reads nothing and runs nothing`, async () => {
      const engine = new Engine({ store: new MemoryStore(), clock: new ManualClock() });
      const outcome = await engine
        .deploy(gatewayWith(c8, payload))
        .then(() => engine.start('p', { variables: { a: {} } }))
        .catch((e: unknown) => e);
      const path = outcome instanceof Error ? undefined : (await engine.history((outcome as { id: string }).id)).map((h) => h.elementId);
      await engine.close();
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ExpressionError);
      else expect(path).not.toContain('yes');
      expectNothingRan();
    });
  }
});

describe('a variable computed to a forbidden name at run time', () => {
  it('given ${a[k]} with k = "__proto__", when the gateway evaluates it, then the instance gets an incident or typed error and nothing is polluted', async () => {
    const engine = new Engine({ store: new MemoryStore(), clock: new ManualClock() });
    await engine.deploy(gatewayWith(c7, '${a[k].polluted == true}'));
    const outcome = await engine.start('p', { variables: { a: {}, k: '__proto__' } }).catch((e: unknown) => e);
    await engine.close();
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ExpressionError);
    else expect((outcome as { activeElementIds: string[]; status: string }).status).not.toBe('FAILED');
    expectNothingRan();
  });
});
