import { messageOf } from './element-errors.js';
import { waitsBefore } from './async-continuation.js';
import { propagate } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { TokenState, Variables } from './state.js';

/**
 * Camunda 7's deleteProcessInstance destroys every active scope execution, and destroying one runs its
 * output mappings (ExecutionEntity.destroy, unless skipIoMappings): a subprocess that is terminated maps
 * its outputs out, innermost scopes first. An activity that has not been entered (waiting for its
 * asyncBefore job) has no scope yet and maps nothing. Mappings that need a script job cannot wait for
 * one here and are left out; one that fails to evaluate is recorded and skipped, so terminating never fails.
 */
export function mapOutputsOnTerminate(ctx: StepContext): void {
  const s = ctx.state;
  const depth = (t: TokenState): number => {
    let d = 0;
    for (let id = t.scopeId; id !== undefined; id = s.scopes.find((x) => x.id === id)?.parentScopeId) d++;
    return d;
  };
  const mapped = s.tokens.filter((t) => {
    const el = ctx.proc.spec.elements[t.elementId];
    return t.phase === 'waiting' && el?.io?.outputs?.length && !el.loop && !waitsBefore(el, t);
  });
  for (const token of mapped.sort((a, b) => depth(b) - depth(a))) {
    const el = ctx.element(token.elementId);
    const inner = s.scopes.find((x) => x.ownerTokenId === token.id);
    if (inner) token.locals = inner.variables;
    const values: Variables = {};
    try {
      for (const p of el.io!.outputs) if (!p.scripts) values[p.target] = ctx.evaluate(p.value, token, el.id);
    } catch (e) {
      ctx.record('io.failed', el.id, { message: messageOf(e) });
      continue;
    }
    propagate(s, token.scopeId, values);
  }
}
