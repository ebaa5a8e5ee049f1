import type { DecisionResult } from '../dmn/types.js';
import { step } from '../engine/step.js';
import type { HistoryEvent, InstanceState, Variables } from '../engine/state.js';
import type { Command, Effect, PreparedProcess, RetryPolicy } from '../engine/types.js';
import type { ScriptSandbox } from './script-sandbox.js';
import type { ServiceHandler, VariableMapping } from './types.js';
import { callAndForget, callOne, type CallEffect } from './handler-call.js';
import { runScript, type ScriptEffect } from './script-call.js';
import { runVariableMapping, type MappingEffect } from './variable-mapping-call.js';

export interface RunnerDeps {
  now(): string;
  handlerFor(type: string): ServiceHandler | undefined;
  variableMappingFor(name: string): VariableMapping | undefined;
  retryPolicyFor(type: string | undefined): RetryPolicy;
  evaluateDecision(key: string, variables: Variables): DecisionResult;
  flavourOf(state: InstanceState): string;
  elementEvents(): boolean;
  sandbox(): Promise<ScriptSandbox | undefined>;
  scriptLimits: { timeoutMs: number; memoryLimitMb: number };
}

export interface RunOutcome {
  effects: Effect[];
  history: HistoryEvent[];
}

/** Far above real flows (the 10,000-round service loop makes 10,000 calls), far below "hangs". */
const MAX_CALLS_PER_COMMAND = 250_000;

/**
 * Applies a command and then everything it sets off inside the process: service handlers (sync ones
 * without a Promise hop), scripts, immediate retries — until the instance rests. The first command's
 * typed errors reach the caller; later ones cannot be invalid by construction.
 */
export async function runCommand(
  deps: RunnerDeps,
  proc: PreparedProcess,
  state: InstanceState,
  command: Command,
  signal: () => AbortSignal,
  aborted: () => boolean = () => false,
): Promise<RunOutcome> {
  const effects: Effect[] = [];
  const history: HistoryEvent[] = [];
  // Work in order: commands to step, handler calls and scripts the steps asked for.
  const work: (Command | CallEffect | ScriptEffect | MappingEffect)[] = [command];
  const inflight: Promise<Command>[] = [];
  // One reading of the clock per synchronous stretch: time only moves across an await.
  const env = { now: deps.now(), retryPolicyFor: deps.retryPolicyFor, elementEvents: deps.elementEvents() };
  let awaited = false;
  let calls = 0;
  while (work.length > 0 || inflight.length > 0) {
    if (work.length === 0) {
      // Async handlers of parallel branches ran concurrently; their results apply in call order.
      const results = await Promise.all(inflight.splice(0));
      awaited = true;
      // Terminated while handlers ran: their outcomes (often "aborted") must not be retried or become
      // incidents; the terminate that is waiting will cancel what is left.
      if (aborted()) break;
      work.push(...results);
      continue;
    }
    const item = work.shift()!;
    if (awaited) {
      env.now = deps.now();
      awaited = false;
    }
    // Queued calls run one after the other, as Camunda 7 executes parallel instances in one transaction:
    // when an earlier call's error interrupted the scope, the later calls' jobs are gone and never run,
    // and a result of a concurrent call whose job went meanwhile has nothing left to apply to.
    if (item !== command && 'jobId' in item && !jobExists(state, item.jobId)) continue;
    if (item.type === 'callService') {
      if (++calls > MAX_CALLS_PER_COMMAND) {
        // A loop of service tasks that never waits: stop it with an incident rather than spin forever.
        work.unshift({ type: 'failJob', jobId: item.jobId, message: `more than ${MAX_CALLS_PER_COMMAND} service calls in one command without reaching a wait state; is this a loop without an exit?`, retries: 0 });
        continue;
      }
      const result = callOne(deps, proc, state, item, signal);
      // Camunda 7 runs parallel branches one after the other in its transaction, so each call sees
      // the writes of the ones before it; Camunda 8 (and plain BPMN) jobs run concurrently and see
      // the variables as they were when the batch was created.
      if (!(result instanceof Promise)) work.unshift(result);
      else if (proc.spec.flavour === 'camunda7') {
        awaited = true;
        const settled = await result;
        if (aborted()) break;
        work.unshift(settled);
      } else inflight.push(result);
      continue;
    }
    if (item.type === 'mapVariables') {
      // Only Camunda 7 call activities map through user code, and Camunda 7 calls run one after the other.
      const answer = runVariableMapping(deps.variableMappingFor(item.mapping), state, item, signal);
      if (answer instanceof Promise) {
        awaited = true;
        const settled = await answer;
        if (aborted()) break;
        work.unshift(settled);
      } else work.unshift(answer);
      continue;
    }
    if (item.type === 'runScript') {
      awaited = true;
      work.unshift(await runScript(deps, item, state));
      continue;
    }
    const r = step(proc, state, item, env);
    for (const h of r.history) history.push(h);
    let at = 0;
    for (const e of r.effects) {
      effects.push(e);
      if ((e.type === 'callService' && (e.decision || deps.handlerFor(e.serviceType))) || e.type === 'runScript' || e.type === 'mapVariables') work.splice(at++, 0, e);
      else if (e.type === 'callService' && e.listener && !e.listener.external) {
        // A Camunda 7 listener names Java code: without a handler registered under that name it cannot run.
        work.splice(at++, 0, { type: 'failJob', jobId: e.jobId, message: `no handler registered for the ${e.listener.event} listener "${e.serviceType}"`, retries: 0 });
      }
    }
    if (state.status !== 'RUNNING') {
      // The instance ended (terminated): the listeners of what that cancelled are still called, once;
      // nothing they return can land on an ended instance.
      for (const w of work) if (w.type === 'callService' && w.listener?.detached && deps.handlerFor(w.serviceType)) await callAndForget(deps, proc, state, w, signal);
      break;
    }
  }
  return { effects, history };
}

function jobExists(state: InstanceState, jobId: string): boolean {
  return state.jobs.some((j) => j.id === jobId);
}
