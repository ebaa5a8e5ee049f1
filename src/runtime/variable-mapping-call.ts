import { BpmnError } from '../errors/index.js';
import type { InstanceState, Variables } from '../engine/state.js';
import type { Command, Effect } from '../engine/types.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { VariableMapping, VariableMappingInputContext, VariableMappingOutputContext } from './types.js';

export type MappingEffect = Extract<Effect, { type: 'mapVariables' }>;

/**
 * Runs a call activity's registered variable mapping for the engine's `mapVariables` request and turns
 * what happened into the command that answers its job: completeJob with the variables it returned,
 * failJob (missing, threw, returned something that is not variables) or throwBpmnError. Sync mappings
 * answer without a Promise hop, like sync service handlers.
 */
export function runVariableMapping(
  mapping: VariableMapping | undefined,
  state: InstanceState,
  e: MappingEffect,
  signal: () => AbortSignal,
): Command | Promise<Command> {
  const method = e.phase === 'input' ? 'mapInputVariables' : 'mapOutputVariables';
  if (!mapping) {
    return { type: 'failJob', jobId: e.jobId, message: `no variable mapping is registered under "${e.mapping}" (engine.registerVariableMapping)` };
  }
  let result: unknown;
  try {
    // Called as methods: a mapping may be a class instance that uses `this`.
    result = e.phase === 'input' ? mapping.mapInputVariables?.(inputContext(state, e, signal)) : mapping.mapOutputVariables?.(outputContext(state, e, signal));
  } catch (err) {
    return failure(e, method, err);
  }
  if (result instanceof Promise) {
    return result.then(
      (v: unknown) => success(e, method, v),
      (err: unknown) => failure(e, method, err),
    );
  }
  return success(e, method, result);
}

function inputContext(state: InstanceState, e: MappingEffect, signal: () => AbortSignal): VariableMappingInputContext {
  return {
    instanceId: state.instanceId,
    elementId: e.elementId,
    businessKey: state.businessKey,
    variables: e.variables,
    calledProcessKey: e.processKey ?? '',
    subVariables: e.subVariables,
    get signal() {
      return signal();
    },
  };
}

function outputContext(state: InstanceState, e: MappingEffect, signal: () => AbortSignal): VariableMappingOutputContext {
  return {
    instanceId: state.instanceId,
    elementId: e.elementId,
    businessKey: state.businessKey,
    variables: e.variables,
    subInstanceId: e.subInstanceId ?? '',
    subVariables: e.subVariables,
    get signal() {
      return signal();
    },
  };
}

function success(e: MappingEffect, method: string, value: unknown): Command {
  if (value === undefined || value === null) return { type: 'completeJob', jobId: e.jobId };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { type: 'failJob', jobId: e.jobId, message: `variable mapping "${e.mapping}": ${method} must return an object of variables (or nothing)` };
  }
  const vars = toJsonVariables(value as Variables);
  if (!vars.ok) {
    const why = vars.errors.map((x) => `${x.field}: ${x.message}`).join('; ');
    return { type: 'failJob', jobId: e.jobId, message: `variable mapping "${e.mapping}": ${method} returned variables that cannot be stored: ${why}` };
  }
  return { type: 'completeJob', jobId: e.jobId, variables: vars.value };
}

function failure(e: MappingEffect, method: string, err: unknown): Command {
  // Duck-typed too: the mapping may throw the BpmnError of another copy of this package.
  if (err instanceof BpmnError || (err instanceof Error && err.name === 'BpmnError' && typeof (err as { code?: unknown }).code === 'string')) {
    return { type: 'throwBpmnError', jobId: e.jobId, code: (err as BpmnError).code, message: err.message };
  }
  const why = err instanceof Error ? err.message : String(err);
  return { type: 'failJob', jobId: e.jobId, message: `variable mapping "${e.mapping}" failed in ${method}: ${why}` };
}
