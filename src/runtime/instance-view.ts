import type { InstanceState, UserTaskState } from '../engine/state.js';
import type { UserTaskSpec } from '../spec/types.js';
import type { Incident, Instance, UserTask } from './types.js';

/** The public Instance of a state. Shares `variables` with it: the runtime never reuses a state object. */
export function toInstance(s: InstanceState): Instance {
  const active: string[] = [];
  for (const t of s.tokens) if (t.phase === 'waiting' && !active.includes(t.elementId)) active.push(t.elementId);
  const inst: Instance = {
    id: s.instanceId,
    processKey: s.process.key,
    processVersion: s.process.version,
    status: s.status,
    variables: s.variables,
    activeElementIds: active,
    incidents: s.incidents.map((i) => toIncident(s.instanceId, i)),
    startedAt: s.startedAt,
  };
  if (s.businessKey !== undefined) inst.businessKey = s.businessKey;
  if (s.parentInstanceId !== undefined) inst.parentInstanceId = s.parentInstanceId;
  if (s.endedAt !== undefined) inst.endedAt = s.endedAt;
  if (s.failure !== undefined) inst.failure = { ...s.failure };
  return inst;
}

export function toIncident(instanceId: string, i: InstanceState['incidents'][number]): Incident {
  const inc: Incident = { id: i.id, instanceId, elementId: i.elementId, type: i.type, message: i.message, createdAt: i.createdAt };
  if (i.jobId !== undefined) inc.jobId = i.jobId;
  return inc;
}

export function toUserTask(s: InstanceState, t: UserTaskState, el: UserTaskSpec | undefined): UserTask {
  const task: UserTask = {
    id: t.id,
    instanceId: s.instanceId,
    processKey: s.process.key,
    elementId: t.elementId,
    candidateUsers: [...t.candidateUsers],
    candidateGroups: [...t.candidateGroups],
    createdAt: t.createdAt,
  };
  if (t.name !== undefined) task.name = t.name;
  if (t.assignee !== undefined) task.assignee = t.assignee;
  if (t.dueDate !== undefined) task.dueDate = t.dueDate;
  if (t.followUpDate !== undefined) task.followUpDate = t.followUpDate;
  if (t.priority !== undefined) task.priority = t.priority;
  const description = t.description ?? el?.documentation;
  if (description !== undefined) task.description = description;
  if (el?.form !== undefined) task.form = el.form;
  return task;
}
