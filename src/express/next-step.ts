import type { Engine, Instance, UserTask } from '../index.js';
import { mayWorkOn, type CurrentUser } from './users.js';

export type NextStep =
  | { kind: 'task'; task: UserTask }
  | { kind: 'processing'; instance: Instance; othersTasks: UserTask[] }
  | { kind: 'done'; instance: Instance }
  | { kind: 'missing' };

const TERMINAL = new Set(['COMPLETED', 'TERMINATED', 'FAILED']);

/** Where a user goes after acting on an instance: their next task there, a wait, or the end. */
export async function nextStep(engine: Engine, instanceId: string, user: CurrentUser): Promise<NextStep> {
  const instance = await engine.getInstance(instanceId);
  if (!instance) return { kind: 'missing' };
  if (TERMINAL.has(instance.status)) return { kind: 'done', instance };
  const tasks = (await engine.listUserTasks({ instanceId })).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const mine = tasks.find((t) => mayWorkOn(t, user));
  if (mine && instance.status === 'RUNNING') return { kind: 'task', task: mine };
  return { kind: 'processing', instance, othersTasks: tasks.filter((t) => !mayWorkOn(t, user)) };
}

export function nextStepPath(base: string, instanceId: string, step: NextStep): string {
  return step.kind === 'task'
    ? `${base}/task/${encodeURIComponent(step.task.id)}`
    : `${base}/instance/${encodeURIComponent(instanceId)}/next`;
}
