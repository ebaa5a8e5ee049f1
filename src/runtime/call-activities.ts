import { BpmnRunnerError, NotFoundError } from '../errors/index.js';
import type { InstanceState } from '../engine/state.js';
import type { Effect } from '../engine/types.js';
import type { EngineCore } from './engine-core.js';
import type { DeployedVersion } from './registry.js';

/**
 * Parent ⇄ child instances of call activities, driven by effects after each instance is stored:
 * start the child (an unknown process becomes an incident on the parent's call activity), report a child's end to its parent, cancel a child whose
 * call activity was cancelled (recursively, since the child's own cancellation reports further).
 */
export class CallActivities {
  constructor(private readonly core: EngineCore) {}

  async handle(state: InstanceState, e: Extract<Effect, { type: 'startChild' | 'cancelChild' | 'instanceEnded' | 'escalateToParent' }>): Promise<void> {
    if (e.type === 'startChild') return this.start(state, e);
    if (e.type === 'cancelChild') return this.cancel(e.childInstanceId);
    if (e.type === 'escalateToParent') return this.escalate(state, e.code, e.variables);
    if (state.parentInstanceId !== undefined) return this.report(state);
  }

  private async start(parent: InstanceState, e: Extract<Effect, { type: 'startChild' }>): Promise<void> {
    let version: DeployedVersion;
    try {
      version = this.resolve(parent, e);
    } catch (err) {
      if (!(err instanceof BpmnRunnerError)) throw err; // not found, or an ambiguous version tag
      return this.couldNotStart(parent, e.childInstanceId, err.reason);
    }
    const init: { instanceId: string; parentInstanceId: string; businessKey?: string } = {
      instanceId: e.childInstanceId,
      parentInstanceId: parent.instanceId,
    };
    const businessKey = e.businessKey ?? parent.businessKey;
    if (businessKey !== undefined) init.businessKey = businessKey;
    try {
      await this.core.create(version, init, { type: 'start', variables: e.variables });
    } catch (err) {
      if (!(err instanceof BpmnRunnerError)) throw err;
      await this.couldNotStart(parent, e.childInstanceId, err.reason);
    }
  }

  /** The parent's call activity gets an incident saying why; retrying it calls again. */
  private async couldNotStart(parent: InstanceState, childInstanceId: string, why: string): Promise<void> {
    await this.core.command(parent.instanceId, { type: 'childEnded', childInstanceId, status: 'TERMINATED', reason: `cannot start the called process: ${why}` });
  }

  /** Camunda 7 bindings: latest, the parent's own deployment, a version number, a version tag. */
  private resolve(parent: InstanceState, e: Extract<Effect, { type: 'startChild' }>): DeployedVersion {
    const reg = this.core.registry;
    switch (e.binding) {
      case 'version':
        return reg.get(e.processKey, Number(e.version));
      case 'deployment': {
        const own = reg.find(parent.process.key, parent.process.version);
        const same = own ? reg.inDeployment(e.processKey, own.deploymentId) : undefined;
        // Camunda 7 looks only in the caller's deployment (here: the file it was deployed with); a
        // process of the same key deployed on its own does not count.
        if (!same) throw new NotFoundError(`no process with key "${e.processKey}" is deployed together with "${parent.process.key}" (calledElementBinding="deployment")`);
        return same;
      }
      case 'versionTag':
        return reg.withTag(e.processKey, e.version ?? '');
      default:
        return reg.get(e.processKey);
    }
  }

  private async report(child: InstanceState): Promise<void> {
    const failure = child.failure ? { code: child.failure.code, ...(child.failure.message !== undefined ? { message: child.failure.message } : {}) } : undefined;
    try {
      await this.core.command(child.parentInstanceId!, {
        type: 'childEnded',
        childInstanceId: child.instanceId,
        status: child.status,
        variables: child.variables,
        ...(failure ? { failure } : {}),
      });
    } catch (err) {
      // The parent is gone (purged) or no longer waits (it was cancelled first): nothing to report to.
      if (!(err instanceof BpmnRunnerError)) throw err;
    }
  }

  private async escalate(child: InstanceState, code: string, variables: Record<string, unknown>): Promise<void> {
    try {
      await this.core.command(child.parentInstanceId!, { type: 'childEscalated', childInstanceId: child.instanceId, code, variables });
    } catch (err) {
      if (!(err instanceof BpmnRunnerError)) throw err; // the parent no longer waits for this child
    }
  }

  private async cancel(childInstanceId: string): Promise<void> {
    this.core.aborts.get(childInstanceId)?.abort(new Error(`instance ${childInstanceId} is being terminated`));
    try {
      await this.core.command(childInstanceId, { type: 'terminate', reason: 'its call activity was cancelled' });
    } catch (err) {
      if (!(err instanceof BpmnRunnerError)) throw err; // already ended
    }
  }
}
