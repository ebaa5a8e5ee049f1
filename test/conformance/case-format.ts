/**
 * The shape of `diagrams/*.expect.json` (documented in README.md beside this file) and its loader.
 * The loader rejects unknown keys: a typo like "pathInclude" would otherwise silently assert nothing.
 */
import { readFileSync } from 'node:fs';
import { handlers } from './handlers.js';

export type ServiceBehaviour = { returns?: Record<string, unknown> } | { fails: string } | { handler: string };

export interface Expectation {
  status?: 'RUNNING' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED' | 'FAILED';
  businessKey?: string;
  /** Element ids of `element.entered` history events, in order (straight-through runs only). */
  path?: string[];
  pathIncludes?: string[];
  pathExcludes?: string[];
  /** How many times each element was entered. */
  pathCounts?: Record<string, number>;
  /** Subset: each key must deep-equal. */
  variables?: Record<string, unknown>;
  absentVariables?: string[];
  /** Compared as a sorted multiset. */
  activeElementIds?: string[];
  /** Exactly these incidents, in any order. */
  incidents?: { elementId: string; messageIncludes?: string }[];
  /** Element ids of the instance's open user tasks, sorted. */
  openUserTasks?: string[];
  /** Calls made to each registered service type so far in this run (across restored engines). */
  serviceCalls?: Record<string, number>;
}

export type ExpectedError = string | { code: string; fields?: string[] };

export type Step =
  | { expect: Expectation }
  | { expectWaiting: string[] }
  | { expectUserTask: string; assignee?: string | null; candidateUsers?: string[]; candidateGroups?: string[]; formFields?: string[] }
  | { expectUserTaskQuery: { assignee?: string; candidateUser?: string; candidateGroup?: string }; elementIds: string[] }
  | { claimUserTask: string; user: string }
  | { completeUserTask: string; values?: Record<string, unknown>; user?: string; expectError?: ExpectedError }
  | { fetchAndComplete: string; variables?: Record<string, unknown>; expectVariables?: Record<string, unknown> }
  | { fetchAndFail: string; message: string; retries: number; retryTimeoutMs?: number }
  | { setVariables: Record<string, unknown> }
  | { retryIncident: string; retries?: number }
  | { advanceClock: number | string }
  | { runDueTimers: true };

export interface ConformanceCase {
  description: string;
  processKey?: string;
  timeoutMs?: number;
  start?: { variables?: Record<string, unknown>; businessKey?: string };
  services?: Record<string, ServiceBehaviour>;
  steps?: Step[];
  expect: Expectation;
}

/** Action key → the other keys that step may carry. */
const STEP_KEYS: Record<string, string[]> = {
  expect: [],
  expectWaiting: [],
  expectUserTask: ['assignee', 'candidateUsers', 'candidateGroups', 'formFields'],
  expectUserTaskQuery: ['elementIds'],
  claimUserTask: ['user'],
  completeUserTask: ['values', 'user', 'expectError'],
  fetchAndComplete: ['variables', 'expectVariables'],
  fetchAndFail: ['message', 'retries', 'retryTimeoutMs'],
  setVariables: [],
  retryIncident: ['retries'],
  advanceClock: [],
  runDueTimers: [],
};
const CASE_KEYS = ['description', 'processKey', 'timeoutMs', 'start', 'services', 'steps', 'expect'];
const EXPECT_KEYS = [
  'status', 'businessKey', 'path', 'pathIncludes', 'pathExcludes', 'pathCounts', 'variables',
  'absentVariables', 'activeElementIds', 'incidents', 'openUserTasks', 'serviceCalls',
];

function unknownKeys(obj: object, allowed: string[]): string[] {
  return Object.keys(obj).filter((k) => !allowed.includes(k));
}

/** The action of a step: its one key that names an action. */
export function stepAction(step: Step): string {
  const actions = Object.keys(step).filter((k) => k in STEP_KEYS);
  if (actions.length !== 1) throw new Error(`step ${JSON.stringify(step)} must have exactly one action key`);
  return actions[0]!;
}

function checkExpectation(e: Expectation, where: string): void {
  const bad = unknownKeys(e, EXPECT_KEYS);
  if (bad.length) throw new Error(`${where}: unknown expectation keys ${bad.join(', ')}`);
}

function checkCase(c: ConformanceCase, where: string): void {
  if (typeof c.description !== 'string' || !c.description) throw new Error(`${where}: needs a description`);
  const bad = unknownKeys(c, CASE_KEYS);
  if (bad.length) throw new Error(`${where}: unknown keys ${bad.join(', ')}`);
  if (!c.expect) throw new Error(`${where}: needs "expect"`);
  checkExpectation(c.expect, `${where} expect`);
  for (const [type, b] of Object.entries(c.services ?? {})) {
    if ('handler' in b && !(b.handler in handlers)) throw new Error(`${where}: service ${type} names unknown handler ${b.handler}`);
  }
  (c.steps ?? []).forEach((s, i) => {
    const action = stepAction(s);
    const extra = unknownKeys(s, [action, ...STEP_KEYS[action]!]);
    if (extra.length) throw new Error(`${where} step ${i + 1} (${action}): unknown keys ${extra.join(', ')}`);
    if ('expect' in s) checkExpectation(s.expect, `${where} step ${i + 1}`);
  });
}

/** One file holds one case or an array of cases over the same diagram. */
export function loadCases(file: string): ConformanceCase[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const cases = (Array.isArray(raw) ? raw : [raw]) as ConformanceCase[];
  cases.forEach((c, i) => checkCase(c, cases.length > 1 ? `${file}[${i}]` : file));
  return cases;
}

/** `PT10S`, `PT1M30S`, `P1D` or plain milliseconds. */
export function durationMs(d: number | string): number {
  if (typeof d === 'number') return d;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d === 'PT') throw new Error(`unsupported duration ${d}`);
  const [, days = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(days) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}
