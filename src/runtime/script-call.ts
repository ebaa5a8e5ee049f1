import type { InstanceState } from '../engine/state.js';
import type { Command, Effect } from '../engine/types.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { RunnerDeps } from './command-runner.js';
import { variablesAt } from './handler-call.js';

export type ScriptEffect = Extract<Effect, { type: 'runScript' }>;

export async function runScript(deps: RunnerDeps, s: ScriptEffect, state: InstanceState): Promise<Command> {
  const sandbox = await deps.sandbox();
  if (!sandbox) return { type: 'failScript', jobId: s.jobId, message: 'scripts are disabled in this engine (scripts.enabled = false)' };
  // After a crashed WASM module the sandbox swaps in a spare; wait for it rather than fail the run.
  await sandbox.whenReady();
  const out = sandbox.run({
    source: s.script,
    variables: variablesAt(state, s.jobId),
    timeoutMs: deps.scriptLimits.timeoutMs,
    memoryLimitMb: deps.scriptLimits.memoryLimitMb,
    capture: s.capture,
    wantResult: s.wantResult,
    execution: {
      processInstanceId: state.instanceId,
      activityId: s.elementId,
      processDefinitionId: `${state.process.key}:${state.process.version}`,
      ...(s.elementName !== undefined ? { activityName: s.elementName } : {}),
      ...(state.businessKey !== undefined ? { businessKey: state.businessKey } : {}),
    },
  });
  if (!out.ok) {
    const where = out.line !== undefined ? ` (script line ${out.line})` : '';
    return { type: 'failScript', jobId: s.jobId, message: `${out.message}${where}` };
  }
  const vars = toJsonVariables(out.setVariables);
  const locals = toJsonVariables(out.setVariablesLocal);
  const result = toJsonVariables({ result: out.result });
  if (!vars.ok || !locals.ok || !result.ok) {
    return { type: 'failScript', jobId: s.jobId, message: 'script produced values that cannot be stored as JSON' };
  }
  const cmd: Command = { type: 'completeScript', jobId: s.jobId, result: result.value.result, setVariables: vars.value };
  if (Object.keys(locals.value).length > 0) cmd.setVariablesLocal = locals.value;
  return cmd;
}
