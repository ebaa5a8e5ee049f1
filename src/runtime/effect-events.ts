import type { InstanceState } from '../engine/state.js';
import type { Effect } from '../engine/types.js';
import type { EngineCore } from './engine-core.js';
import { toIncident, toInstance } from './instance-view.js';

/** Tell listeners, after the state is durable. Skips all work when nobody listens. */
export function publishEffects(core: EngineCore, state: InstanceState, effects: Effect[], started: boolean): void {
  const bus = core.bus;
  const id = state.instanceId;
  if (started && bus.has('instance.started')) bus.emit('instance.started', { instance: toInstance(state) });
  for (const e of effects) {
    switch (e.type) {
      case 'elementEntered':
        if (bus.has('element.entered')) bus.emit('element.entered', { instanceId: id, elementId: e.elementId });
        break;
      case 'elementCompleted':
        if (bus.has('element.completed')) bus.emit('element.completed', { instanceId: id, elementId: e.elementId });
        break;
      case 'userTaskCreated': {
        if (!bus.has('userTask.created')) break;
        const task = core.shared ? core.userTaskOf(state, e.taskId) : core.index.userTasks.get(e.taskId);
        if (task) bus.emit('userTask.created', { task });
        break;
      }
      case 'userTaskCompleted':
        if (bus.has('userTask.completed')) bus.emit('userTask.completed', { instanceId: id, taskId: e.taskId, elementId: e.elementId });
        break;
      case 'incidentCreated': {
        const inc = state.incidents.find((i) => i.id === e.incidentId);
        if (inc) bus.emit('incident.created', { incident: toIncident(id, inc) });
        break;
      }
      case 'incidentResolved':
        bus.emit('incident.resolved', { instanceId: id, incidentId: e.incidentId, elementId: e.elementId });
        break;
      case 'timerCreated':
        core.onDue?.(e.dueAt);
        break;
      case 'timerFired':
        if (bus.has('timer.fired')) bus.emit('timer.fired', { instanceId: id, timerId: e.timerId, elementId: e.elementId });
        break;
      case 'messageCorrelated':
        if (bus.has('message.correlated')) bus.emit('message.correlated', { instanceId: id, name: e.name, elementId: e.elementId });
        break;
      case 'jobCreated':
        if (e.dueAt !== undefined) core.onDue?.(e.dueAt);
        if (bus.has('job.created')) bus.emit('job.created', { instanceId: id, jobId: e.jobId, elementId: e.elementId, priority: e.priority ?? 0 });
        break;
      case 'instanceEnded': {
        const name = e.status === 'COMPLETED' ? 'instance.completed' : e.status === 'FAILED' ? 'instance.failed' : 'instance.terminated';
        if (bus.has(name)) bus.emit(name, { instance: toInstance(state) });
        break;
      }
      default:
        break;
    }
  }
}
