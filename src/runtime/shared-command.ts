import { ConflictError, NotFoundError } from '../errors/index.js';
import type { Effect } from '../engine/types.js';
import type { RunnerDeps } from './command-runner.js';
import { traceEvent } from '../store/postgres/query-trace.js';

/**
 * A command on a shared store lost the race to save: another process stored the instance first.
 * `repeatable` says whether running the command again on the newer snapshot is harmless — true unless
 * it called a service handler (a side effect the engine cannot take back; scripts and decisions are
 * pure, so they may run again).
 */
export class LostRace extends Error {
  constructor(
    readonly conflict: ConflictError,
    readonly repeatable: boolean,
  ) {
    super(conflict.message);
  }
}

/** Did this command's run call a handler (service or listener) or a variable mapping outside the engine? */
export function calledHandlers(effects: readonly Effect[], deps: RunnerDeps): boolean {
  for (const e of effects) {
    if (e.type === 'callService' && e.decision === undefined && deps.handlerFor(e.serviceType) !== undefined) return true;
    if (e.type === 'mapVariables' && deps.variableMappingFor(e.mapping) !== undefined) return true;
  }
  return false;
}

/**
 * How often a repeatable command is tried before the ConflictError reaches the caller. Each loss means
 * another process moved the instance meanwhile, so a long losing streak is a hot instance, not bad luck.
 */
const MAX_TRIES = 10;

/**
 * Runs `attempt` (load the latest snapshot, apply, save with the version read) until it saves. Commands
 * are deterministic given the snapshot, so a repeat on the newer one is the same command arriving a
 * moment later. A lost race after a handler ran surfaces as ConflictError (the caller, or the job loop
 * for jobs, tries again and the handler runs again: at-least-once, as documented).
 */
export async function retryLostRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof LostRace)) throw e;
      traceEvent(e.repeatable ? 'lost race, repeated' : 'lost race after a handler');
      if (!e.repeatable || tries >= MAX_TRIES) throw e.conflict;
      // A little jitter so two processes that collided do not collide again in lock-step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** tries)));
    }
  }
}

/** Ids are `${instanceId}:${kind}${n}` (StepContext.newId), so a task or job id names its instance. */
export function instanceOfId(id: string, what: string): string {
  const at = id.lastIndexOf(':');
  if (at <= 0) throw new NotFoundError(`${what} ${id} not found`);
  return id.slice(0, at);
}
