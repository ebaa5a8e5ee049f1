import type { Impl, ImplName, Timing } from './impl-types.js';
import { SERVER_CONCURRENCY } from './pool.js';

export interface Mode {
  quick: boolean;
  /** instance counts for the throughput scenarios */
  ns: number[];
  /** iterations (loops) or branches (multi-instance) per run summed over its instances */
  unitsPerRun: number;
  repeats: number;
  /** bpmn-engine runs at most this many instances (0: no cap); see README for why */
  peerCap: number;
  /** …and at most this many loop iterations / branches per run */
  peerUnitCap: number;
  timeoutMs: number;
}

export interface Extras {
  snapshotBytes?: number;
}

export interface Scenario {
  name: string;
  /** the `n` values this scenario runs at in this mode */
  ns(mode: Mode): number[];
  /** loop iterations or multi-instance branches per instance: rows get perIterationUs */
  units?: number;
  /** disk-bound: a small warm-up is enough and a full-size one would double the run */
  io?: boolean;
  /** memory scenarios are measured in a child process, not timed */
  memory?: boolean;
  run?(impl: Impl, n: number, t: Timing, dir: string): Promise<Extras | void>;
  /** shown in the note column for one implementation */
  notes?: Partial<Record<ImplName, string>>;
}

const JS_CONDITION = 'JavaScript condition: its expressions have no operators, JUEL `${count < limit}` cannot run';

function loopScenario(iterations: number): Scenario {
  return {
    name: `loop-${iterations}`,
    units: iterations,
    ns: (m) => [Math.max(1, Math.round(m.unitsPerRun / iterations))],
    run: (impl, n, t) => impl.loop(n, iterations, t),
    notes: { 'bpmn-engine': JS_CONDITION },
  };
}

function multiInstanceScenario(branches: number): Scenario {
  return {
    name: `multi-instance-${branches}`,
    units: branches,
    ns: (m) => [Math.max(1, Math.round(m.unitsPerRun / branches))],
    run: (impl, n, t) => impl.multiInstance(n, branches, t),
    notes: { 'bpmn-engine': 'loopCardinality ${environment.variables.branches} (bpmn-runner: ${branches})' },
  };
}

/**
 * recover / durable-seq: the main rows keep `concurrency` commands in flight like a server (FileStore
 * group-commits their saves); the `-serial` rows run one at a time, at the smallest n only (fsync-bound:
 * ~100 instances/s, 10,000 would take minutes per run).
 */
function durableScenarios(concurrency: number): Scenario[] {
  const serial = concurrency === 1;
  const suffix = serial ? '-serial' : '';
  const how = serial ? 'one at a time' : `${concurrency} in flight`;
  return [
    {
      name: `recover${suffix}`,
      io: true,
      ns: (m) => (serial ? m.ns.slice(0, 1) : m.ns),
      run: (impl, n, t, dir) => impl.recover(n, dir, t, concurrency),
      notes: {
        'bpmn-runner': `new Engine on the FileStore, complete all, ${how}`,
        'bpmn-engine': `no store: getState() files, then recover + resume + signal each, ${how}`,
      },
    },
    {
      name: `durable-seq${suffix}`,
      io: true,
      ns: (m) => (serial ? m.ns.slice(0, 1) : m.ns),
      run: (impl, n, t, dir) => impl.durableSeq(n, dir, t, concurrency),
      notes: {
        'bpmn-runner': `FileStore, fsync on, ${how}`,
        'bpmn-engine': `no store: getState() written per finished instance, no fsync, ${how}`,
      },
    },
  ];
}

export const scenarios: Scenario[] = [
  { name: 'seq', ns: (m) => m.ns, run: (impl, n, t) => impl.seq(n, t) },
  { name: 'user', ns: (m) => m.ns, run: (impl, n, t) => impl.user(n, t) },
  { name: 'fanout', ns: (m) => m.ns, run: (impl, n, t) => impl.fanout(n, t) },
  {
    name: 'xor-loop',
    units: 10,
    ns: (m) => m.ns,
    run: (impl, n, t) => impl.loop(n, 10, t),
    notes: { 'bpmn-engine': JS_CONDITION },
  },
  {
    name: 'snapshot',
    ns: (m) => m.ns,
    run: (impl, n, t) => impl.snapshot(n, t),
    notes: { 'bpmn-engine': 'getState() includes its serialized definition' },
  },
  {
    name: 'waiting-memory',
    memory: true,
    ns: (m) => [m.ns[m.ns.length - 1] as number],
  },
  ...durableScenarios(SERVER_CONCURRENCY),
  ...durableScenarios(1),
  {
    name: 'dmn',
    // An evaluation costs microseconds: ten per instance-sized unit keeps the timed part above noise.
    ns: (m) => m.ns.map((n) => n * 10),
    run: (impl, n, t) => impl.decision(n, t),
    notes: { 'bpmn-runner': 'engine.evaluateDecision, 20 rules × 3 inputs, FIRST' },
  },
  loopScenario(10),
  loopScenario(100),
  loopScenario(1000),
  multiInstanceScenario(5),
  multiInstanceScenario(50),
  multiInstanceScenario(500),
];

/** The n an implementation actually runs: bpmn-engine is capped so a run ends in minutes, not hours. */
export function effectiveN(mode: Mode, impl: ImplName, scenario: Scenario, n: number): number {
  if (impl !== 'bpmn-engine') return n;
  let capped = mode.peerCap > 0 ? Math.min(n, mode.peerCap) : n;
  if (scenario.units && mode.peerUnitCap > 0) capped = Math.min(capped, Math.max(1, Math.floor(mode.peerUnitCap / scenario.units)));
  return capped;
}
