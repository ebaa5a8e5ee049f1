/**
 * The shape of `diagrams/*.expect.json` (documented in README.md beside this file) and its loader.
 * The loader rejects unknown keys: a typo like "pathInclude" would otherwise silently assert nothing.
 */
import { readFileSync } from 'node:fs';
import { handlers } from './handlers.js';

export type ServiceBehaviour =
  | { returns?: Record<string, unknown> }
  | { fails: string }
  | { handler: string }
  /** Throws `new BpmnError(bpmnError, message, variables)`: a business error for boundaries to catch. */
  | { bpmnError: string; message?: string; variables?: Record<string, unknown> };

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
  | { completeUserTask: string; values?: Record<string, unknown>; user?: string; expectError?: ExpectedError; nth?: number }
  | { fetchAndComplete: string; variables?: Record<string, unknown>; expectVariables?: Record<string, unknown> }
  | { fetchAndFail: string; message: string; retries: number; retryTimeoutMs?: number }
  | { setVariables: Record<string, unknown> }
  | { retryIncident: string; retries?: number }
  | { advanceClock: number | string }
  | { runDueTimers: true }
  | {
      correlateMessage: string;
      correlationKey?: string | number;
      variables?: Record<string, unknown>;
      ttlMs?: number;
      messageId?: string;
      /** How many instances the message reached (started or moved). */
      expectInstances?: number;
      expectBuffered?: boolean;
      /** Track the one instance this message started under this alias (see `switchTo`). */
      as?: string;
    }
  | { broadcastSignal: string; variables?: Record<string, unknown>; expectInstances?: number }
  | { suspend: true; reason?: string }
  | { resume: true }
  | { terminate: true; reason?: string }
  /** Start another instance, tracked under this alias; it moves engines with the main one. */
  | { startInstance: string; processKey?: string; variables?: Record<string, unknown>; businessKey?: string }
  /** Later steps and expectations address this instance; the case's own instance is "main". */
  | { switchTo: string };

export interface ConformanceCase {
  description: string;
  processKey?: string;
  timeoutMs?: number;
  /** With `message`, the instance is the one `correlateMessage(message, { correlationKey, variables })` starts. */
  start?: { variables?: Record<string, unknown>; businessKey?: string; message?: string; correlationKey?: string };
  /** A known engine bug this case shows: the test is an `it.fails` until the engine is fixed. */
  knownBug?: string;
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
  completeUserTask: ['values', 'user', 'expectError', 'nth'],
  fetchAndComplete: ['variables', 'expectVariables'],
  fetchAndFail: ['message', 'retries', 'retryTimeoutMs'],
  setVariables: [],
  retryIncident: ['retries'],
  advanceClock: [],
  runDueTimers: [],
  correlateMessage: ['correlationKey', 'variables', 'ttlMs', 'messageId', 'expectInstances', 'expectBuffered', 'as'],
  broadcastSignal: ['variables', 'expectInstances'],
  suspend: ['reason'],
  resume: [],
  terminate: ['reason'],
  startInstance: ['processKey', 'variables', 'businessKey'],
  switchTo: [],
};
const CASE_KEYS = ['description', 'processKey', 'timeoutMs', 'start', 'services', 'steps', 'expect', 'knownBug'];
const START_KEYS = ['variables', 'businessKey', 'message', 'correlationKey'];
const SERVICE_KEYS = ['returns', 'fails', 'handler', 'bpmnError', 'message', 'variables'];
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
  const badStart = unknownKeys(c.start ?? {}, START_KEYS);
  if (badStart.length) throw new Error(`${where}: unknown start keys ${badStart.join(', ')}`);
  if (c.start?.message !== undefined && c.start.businessKey !== undefined) throw new Error(`${where}: a message start takes its business key from correlationKey`);
  for (const [type, b] of Object.entries(c.services ?? {})) {
    const badService = unknownKeys(b, SERVICE_KEYS);
    if (badService.length) throw new Error(`${where}: service ${type} has unknown keys ${badService.join(', ')}`);
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
