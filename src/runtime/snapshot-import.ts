import { ConflictError, StoreError } from '../errors/index.js';
import { isForbiddenName } from '../engine/variable-values.js';
import type { InstanceState } from '../engine/state.js';
import { readSnapshot } from '../store/snapshot-schema.js';
import type { EngineCore } from './engine-core.js';

/** A `__proto__`/`constructor`/`prototype` key anywhere in these values, if there is one. */
function forbiddenKeyIn(values: unknown[]): string | undefined {
  const stack = [...values];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const key of Object.keys(v)) {
      if (isForbiddenName(key)) return key;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}

/** Snapshot import: validated, matched against its deployed definition, stored as it is. */
export async function importSnapshot(core: EngineCore, raw: unknown): Promise<InstanceState> {
  const state = readSnapshot(raw);
  const bad = forbiddenKeyIn([state.variables, ...state.scopes.map((s) => s.variables), ...state.tokens.map((t) => t.locals)]);
  if (bad !== undefined) {
    throw new StoreError(`snapshot of ${state.instanceId} holds a variable key "${bad}", which is never allowed`, { instanceId: state.instanceId });
  }
  core.versionOf(state);
  return core.mutex.run(state.instanceId, async () => {
    if (core.index.instances.has(state.instanceId)) {
      throw new ConflictError(`instance id ${state.instanceId} is already in use`, { instanceId: state.instanceId });
    }
    await core.store.saveInstance(state, undefined);
    core.refreshIndex(state);
    return state;
  });
}
