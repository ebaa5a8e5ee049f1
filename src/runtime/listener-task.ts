import type { UserTaskState } from '../engine/state.js';
import type { Command, TaskChanges } from '../engine/types.js';
import type { ListenerTask } from './types.js';

export type { ListenerTask };

/**
 * The user task a task listener handler sees. Like Camunda 7's DelegateTask it can be changed in place
 * (`task.assignee = 'kermit'`, `task.candidateGroups.push('management')`, `task.complete()`); what
 * changed is sent back with the handler's result and applied by the engine in the same step.
 */
export function listenerTask(t: Omit<UserTaskState, 'tokenId'>): ListenerTask & { readonly completeRequested: boolean } {
  let completeRequested = false;
  const task = {
    id: t.id,
    elementId: t.elementId,
    createdAt: t.createdAt,
    candidateUsers: [...t.candidateUsers],
    candidateGroups: [...t.candidateGroups],
    ...(t.name !== undefined ? { name: t.name } : {}),
    ...(t.assignee !== undefined ? { assignee: t.assignee } : {}),
    ...(t.dueDate !== undefined ? { dueDate: t.dueDate } : {}),
    ...(t.followUpDate !== undefined ? { followUpDate: t.followUpDate } : {}),
    ...(t.priority !== undefined ? { priority: t.priority } : {}),
    ...(t.description !== undefined ? { description: t.description } : {}),
    ...(t.deleteReason !== undefined ? { deleteReason: t.deleteReason } : {}),
    complete(): void {
      completeRequested = true;
    },
  };
  return Object.defineProperty(task, 'completeRequested', { get: () => completeRequested, enumerable: false }) as ListenerTask & { readonly completeRequested: boolean };
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const names = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).trim()).filter((x) => x !== '') : []);

/** Compare what the handler left in `task` with what it was given; attach the differences. */
export function withTaskChanges(cmd: Command, c: { task?: Omit<UserTaskState, 'tokenId'> }, task: ListenerTask | undefined): Command {
  if (!task || !c.task || cmd.type !== 'completeJob') return cmd;
  const before = c.task;
  const changes: TaskChanges = {};
  const name = text(task.name);
  if (name !== null && name !== (before.name ?? null)) changes.name = name;
  for (const key of ['assignee', 'dueDate', 'followUpDate', 'description'] as const) {
    const now = text(task[key]);
    if (now !== (before[key] ?? null)) changes[key] = now;
  }
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const now = [...new Set(names(task[key]))];
    if (JSON.stringify(now) !== JSON.stringify(before[key])) changes[key] = now;
  }
  if (task.priority !== undefined && Number.isFinite(Number(task.priority)) && Number(task.priority) !== before.priority) changes.priority = Number(task.priority);
  if ((task as { completeRequested?: boolean }).completeRequested) changes.complete = true;
  return Object.keys(changes).length > 0 ? { ...cmd, task: changes } : cmd;
}
