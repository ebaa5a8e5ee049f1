import { cancelScope } from './scopes.js';
import { runCancelListeners } from './task-listeners.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';

/**
 * Remove a token and everything that waits on its behalf (user task, jobs, incidents), so nothing
 * fires later for an element that is no longer active. Used by terminate end events and the
 * terminate command; boundary events and scope cancellation reuse it. `deleteReason` is what delete
 * listeners of its user task learn: Camunda's "deleted" unless the instance is terminated with a reason.
 */
export function cancelToken(ctx: StepContext, token: TokenState, deleteReason = 'deleted'): void {
  const s = ctx.state;
  // Loops over a copy of all tokens reach tokens an earlier cancel already took with its scope.
  if (!s.tokens.includes(token)) return;
  const wasActive = token.phase !== 'ready';
  const el = ctx.proc.spec.elements[token.elementId];
  if (wasActive && el?.listeners) runCancelListeners(ctx, token, el, deleteReason);
  const inner = s.scopes.find((x) => x.ownerTokenId === token.id);
  if (inner) cancelScope(ctx, inner.id, deleteReason === 'deleted' ? cancelToken : (c, t) => cancelToken(c, t, deleteReason));
  // A call activity waits for its child, or for the job of its variable mapping (no child then).
  if (token.waitingFor !== undefined && ctx.proc.spec.elements[token.elementId]?.kind === 'callActivity' && !s.jobs.some((j) => j.id === token.waitingFor)) {
    ctx.effects.push({ type: 'cancelChild', childInstanceId: token.waitingFor });
  }
  for (let i = s.userTasks.length - 1; i >= 0; i--) {
    const t = s.userTasks[i]!;
    if (t.tokenId !== token.id) continue;
    s.userTasks.splice(i, 1);
    ctx.effects.push({ type: 'userTaskCancelled', taskId: t.id, elementId: t.elementId });
  }
  for (let i = s.jobs.length - 1; i >= 0; i--) {
    const j = s.jobs[i]!;
    if (j.tokenId !== token.id) continue;
    s.jobs.splice(i, 1);
    ctx.effects.push({ type: 'jobRemoved', jobId: j.id });
  }
  for (let i = s.incidents.length - 1; i >= 0; i--) {
    const inc = s.incidents[i]!;
    if (inc.tokenId !== token.id) continue;
    s.incidents.splice(i, 1);
    ctx.effects.push({ type: 'incidentResolved', incidentId: inc.id, elementId: inc.elementId });
  }
  if (wasActive) ctx.record('element.cancelled', token.elementId);
  ctx.consume(token);
  // A cancelled token may still sit in the step's queue (a parallel fan-out not yet entered): it must
  // not be entered there after all.
  token.phase = 'waiting';
}
