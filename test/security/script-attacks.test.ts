import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, ManualClock, MemoryStore } from '../../src/index.js';
import { scriptDiagram } from './diagrams.js';

/**
 * Hostile scripts in real diagrams, through the Engine: each becomes an incident on the script task
 * whose message says what happened, the instance stays RUNNING, and the host keeps running its own timers.
 */
const ATTACKS: { name: string; script: string; message: RegExp }[] = [
  { name: 'an endless loop', script: 'while (true) {}', message: /ran longer than its 150 ms limit/ },
  { name: 'a memory bomb', script: 'var a = []; while (true) a.push([1, 2, 3, 4, 5, 6, 7, 8]);', message: /memory|ran longer than its 150 ms limit/i },
  { name: 'deep recursion', script: 'function down(n) { return down(n + 1) + 1; } down(0);', message: /stack/i },
  { name: 'process.exit', script: 'process.exit(1)', message: /process/ },
  { name: 'require', script: "require('child_process').execSync('touch /tmp/pwned')", message: /require/ },
  { name: 'dynamic import', script: "import('node:fs').then(fs => fs.writeFileSync('/tmp/pwned', 'x')); throw new Error('import did not throw')", message: /import|not a function/i },
  { name: 'constructor escape', script: "this.constructor.constructor('return process')().exit(1)", message: /process|not defined|not a function/i },
  { name: 'Atomics.wait', script: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)', message: /SharedArrayBuffer|Atomics|not defined|time/i },
];

describe('hostile scripts in script tasks', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine({ store: new MemoryStore(), clock: new ManualClock(), scripts: { timeoutMs: 150, memoryLimitMb: 16 }, retry: { maxAttempts: 1 } });
  });
  afterAll(() => engine.close());

  for (const attack of ATTACKS) {
    it(`given ${attack.name}, when the instance runs, then it becomes an incident saying why and the host stays responsive`, async () => {
      const { processes } = await engine.deploy(scriptDiagram(attack.script).replace('id="p"', `id="p_${ATTACKS.indexOf(attack)}"`));
      let hostTicks = 0;
      const ticker = setInterval(() => hostTicks++, 5);

      const inst = await engine.start(processes[0]!.key);
      await new Promise((done) => setTimeout(done, 20));
      clearInterval(ticker);

      expect(inst.status).toBe('RUNNING');
      expect(inst.incidents).toHaveLength(1);
      expect(inst.incidents[0]).toMatchObject({ elementId: 'run' });
      expect(inst.incidents[0]!.message).toMatch(attack.message);
      expect(hostTicks).toBeGreaterThan(0);
      expect(typeof (globalThis as Record<string, unknown>).pwned).toBe('undefined');
    });
  }

  it('given a script that rewrites globalThis and Object.prototype, when a second instance runs, then it sees none of it and the host prototype is untouched', async () => {
    const { processes: [mischief] } = await engine.deploy(
      scriptDiagram("Object.prototype.polluted = 'yes'; globalThis.JSON = null; Array.prototype.push = null; execution.setVariable('done', true)").replace('id="p"', 'id="mischief"'),
    );
    const { processes: [victim] } = await engine.deploy(
      scriptDiagram("execution.setVariable('seen', typeof ({}).polluted + ',' + typeof JSON + ',' + typeof [].push)").replace('id="p"', 'id="victim"'),
    );

    const first = await engine.start(mischief!.key);
    const second = await engine.start(victim!.key);

    expect(first.variables.done).toBe(true);
    expect(second.variables.seen).toBe('undefined,object,function');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('given the scripts above ran into their limits, when a plain script runs, then the sandbox still works', async () => {
    const { processes: [ok] } = await engine.deploy(scriptDiagram("execution.setVariable('answer', 6 * 7)").replace('id="p"', 'id="after_attacks"'));
    const inst = await engine.start(ok!.key);
    expect(inst.status).toBe('COMPLETED');
    expect(inst.variables.answer).toBe(42);
  });
});
