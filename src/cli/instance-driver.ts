import { FormValidationError } from '../index.js';
import type { Engine, EngineEventName, ExternalTask, FieldError, Instance, UserTask } from '../index.js';
import { InputEndedError } from './form-prompt.js';
import type { ProcessCatalog } from './process-catalog.js';

/** Where the values for a waiting task come from: the terminal or an --answers file. */
export interface TaskResponder {
  /** Values to complete the task with; undefined = nothing more to offer (the drive stops). */
  userTask(task: UserTask, rejected?: { values: Record<string, unknown>; errors: readonly FieldError[] }): Promise<Record<string, unknown> | undefined>;
  /** Output variables of a service task that no handler serves. */
  externalTask(task: ExternalTask): Promise<Record<string, unknown>>;
}

export interface RejectedAnswer {
  elementId: string;
  taskId: string;
  values: Record<string, unknown>;
  fields: FieldError[];
}

export interface DriveResult {
  instance: Instance;
  /** Every instance started under the root (call activities), root first. */
  family: Instance[];
  rejected: RejectedAnswer[];
  /** Why the drive stopped while the instance still runs, if it did. */
  stopped?: string;
}

export const CLI_WORKER_ID = 'bpmn-runner-cli';
/** A person at a prompt may take a while; the lock only has to outlast one answer. */
const LOCK_MS = 60 * 60_000;
const POLL_MS = 250;

const ACTIVITY: EngineEventName[] = [
  'element.entered', 'userTask.created', 'job.created', 'timer.fired', 'incident.created',
  'instance.completed', 'instance.failed', 'instance.terminated', 'message.correlated',
];

/** Counts engine events, so a wait can start after a check without missing what happened in between. */
class ActivitySignal {
  count = 0;
  private wake: (() => void) | undefined;
  private readonly offs: (() => void)[];

  constructor(engine: Engine) {
    this.offs = ACTIVITY.map((name) => engine.on(name, () => this.bump()));
  }

  private bump(): void {
    this.count++;
    this.wake?.();
  }

  wait(seen: number, ms: number): Promise<void> {
    if (this.count !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(t);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}

/** Every instance in the store, newest first, across listInstances pages. */
export async function allInstances(engine: Engine): Promise<Instance[]> {
  const out: Instance[] = [];
  let cursor: string | undefined;
  do {
    const page = await engine.listInstances({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return out;
}

/** The root instance and every instance its call activities started, root first. */
export async function familyOf(engine: Engine, rootId: string): Promise<Instance[]> {
  const all = await allInstances(engine);
  const root = all.find((i) => i.id === rootId) ?? (await engine.getInstance(rootId));
  if (!root) return [];
  const family = [root];
  const ids = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const i of all) {
      if (i.parentInstanceId !== undefined && ids.has(i.parentInstanceId) && !ids.has(i.id)) {
        ids.add(i.id);
        family.push(i);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * Moves one instance (and its call-activity children) to its end by answering its user tasks and
 * external tasks one at a time, in the order the engine lists them. Stops when the root ends, when
 * only incidents are left, when the responder has no answer, or after `idleMs` with nothing to do
 * (a timer far away, a message nobody sends).
 */
export async function driveInstance(opts: {
  engine: Engine;
  rootId: string;
  responder: TaskResponder;
  catalog: ProcessCatalog;
  log: (line: string) => void;
  idleMs: number;
}): Promise<DriveResult> {
  const { engine, rootId, responder, catalog, log } = opts;
  const rejected: RejectedAnswer[] = [];
  const activity = new ActivitySignal(engine);
  let idleSince = Date.now();
  let saidWaiting = false;
  try {
    for (;;) {
      const seen = activity.count;
      const family = await familyOf(engine, rootId);
      const root = family[0];
      if (!root) throw new Error(`instance ${rootId} disappeared from the store`);
      const result = (stopped?: string): DriveResult => ({ instance: root, family, rejected, ...(stopped !== undefined ? { stopped } : {}) });
      if (root.status !== 'RUNNING') return result();
      const ids = new Set(family.map((i) => i.id));

      const task = (await engine.listUserTasks()).find((t) => ids.has(t.instanceId));
      if (task) {
        const stopped = await completeUserTask(engine, responder, task, rejected, log).catch(endOfInput);
        if (stopped !== undefined) return result(stopped);
      } else {
        const external = await fetchExternal(engine, catalog, family);
        if (!external) {
          if (family.some((i) => i.incidents.length > 0)) return result();
          if (Date.now() - idleSince >= opts.idleMs) {
            return result(`nothing happened for ${opts.idleMs / 1000} s; still waiting at ${root.activeElementIds.join(', ') || '(nothing)'}`);
          }
          if (!saidWaiting) log(`waiting at ${root.activeElementIds.map((id) => catalog.label(id)).join(', ') || '(nothing)'} ...`);
          saidWaiting = true;
          await activity.wait(seen, POLL_MS);
          continue;
        }
        const vars = await responder.externalTask(external).catch(endOfInput);
        if (typeof vars === 'string') return result(vars);
        await engine.completeExternalTask(external.id, CLI_WORKER_ID, vars);
      }
      idleSince = Date.now();
      saidWaiting = false;
    }
  } finally {
    activity.dispose();
  }
}

function endOfInput(e: unknown): string {
  if (e instanceof InputEndedError) return e.message;
  throw e;
}

/** Offers the task's values until the engine accepts them; each rejection is logged and recorded. */
export async function completeUserTask(
  engine: Engine,
  responder: TaskResponder,
  task: UserTask,
  rejected: RejectedAnswer[],
  log: (line: string) => void,
): Promise<string | undefined> {
  let previous: { values: Record<string, unknown>; errors: readonly FieldError[] } | undefined;
  for (;;) {
    const values = await responder.userTask(task, previous);
    if (values === undefined) return `no answer for user task ${task.elementId}`;
    try {
      await engine.completeUserTask(task.id, values);
      return undefined;
    } catch (e) {
      if (!(e instanceof FormValidationError)) throw e;
      log(`  answer rejected for ${task.elementId}:`);
      for (const f of e.fields) log(`    ${f.field}: ${f.message}`);
      rejected.push({ elementId: task.elementId, taskId: task.id, values, fields: [...e.fields] });
      previous = { values, errors: e.fields };
    }
  }
}

/**
 * Locks one waiting external task of this family. Only topics of elements the family waits at are
 * asked for, so on a shared --data store other instances' jobs are rarely locked by mistake.
 */
async function fetchExternal(engine: Engine, catalog: ProcessCatalog, family: readonly Instance[]): Promise<ExternalTask | undefined> {
  const topics = new Set<string>();
  for (const i of family) for (const id of i.activeElementIds) {
    const topic = catalog.topicOf(id);
    if (topic !== undefined) topics.add(topic);
  }
  if (topics.size === 0) return undefined;
  const ids = new Set(family.map((i) => i.id));
  const locked = await engine.fetchAndLock({
    workerId: CLI_WORKER_ID,
    maxTasks: 1,
    topics: [...topics].map((topic) => ({ topic, lockDurationMs: LOCK_MS })),
  });
  return locked.find((t) => ids.has(t.instanceId));
}
