import type { Request } from 'express';
import type { UserTask } from '../index.js';

/** Who is asking, as the host application knows them. */
export interface FlowUser {
  id: string;
  groups?: readonly string[];
  /** Shown in the header; defaults to `id`. */
  name?: string;
}

/** Returns the signed-in user, or undefined for nobody (then no task may be opened). */
export type GetUser = (req: Request) => FlowUser | string | undefined | Promise<FlowUser | string | undefined>;

/**
 * `undefined` = no `getUser` option: the app is open and everybody may do everything (a local
 * `npm start`). `null` = a `getUser` exists but nobody is signed in.
 */
export type CurrentUser = FlowUser | null | undefined;

export async function resolveUser(getUser: GetUser | undefined, req: Request): Promise<CurrentUser> {
  if (!getUser) return undefined;
  const u = await getUser(req);
  if (u === undefined || u === '') return null;
  return typeof u === 'string' ? { id: u } : u;
}

/**
 * Assignee, candidate user or member of a candidate group may see and complete a task. A task nobody
 * is named on is open to every signed-in user, as in Camunda's tasklist.
 */
export function mayWorkOn(task: UserTask, user: CurrentUser): boolean {
  if (user === undefined) return true;
  if (user === null) return false;
  if (task.assignee === user.id || task.candidateUsers.includes(user.id)) return true;
  const groups = user.groups ?? [];
  if (task.candidateGroups.some((g) => groups.includes(g))) return true;
  return task.assignee === undefined && task.candidateUsers.length === 0 && task.candidateGroups.length === 0;
}

/** The engine's `user` option for a completion, when someone is signed in. */
export function userOpt(user: CurrentUser): { user?: string } {
  return user ? { user: user.id } : {};
}
