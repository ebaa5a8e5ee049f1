import { stat } from 'node:fs/promises';
import { Engine, FileStore, ManualClock, NotFoundError } from '../index.js';
import type { HistoryEvent, Instance } from '../index.js';
import { parseCommandArgs } from './command-args.js';
import { describeInstance, formatValue, table } from './format.js';
import { allInstances } from './instance-driver.js';
import type { Output } from './terminal.js';
import { UsageError } from './variables.js';

export const INSPECT_USAGE = `Usage: bpmn-runner inspect <data-dir> [instanceId] [--json]

Reads a FileStore directory (as written by \`run --data\` or \`start --data\`) without changing it.
Without an id: one line per instance (id, process, status, active elements, incidents).
With an id: that instance's status, variables, open user tasks, incidents and history.

Options:
  --json      print JSON instead of text
  -h, --help  this text`;

async function openStore(dir: string): Promise<Engine> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${dir} is not a directory`);
  // A manual clock: an automatic one would fire timers that fell due, and inspecting must not move anything.
  return new Engine({ store: new FileStore({ dir }), clock: new ManualClock(new Date()) });
}

export function instanceTable(instances: readonly Instance[]): string[] {
  const rows = instances.map((i) => [
    i.id,
    `${i.processKey} v${i.processVersion}`,
    i.status,
    i.activeElementIds.join(',') || '-',
    i.incidents.length === 0 ? '-' : i.incidents.map((x) => x.elementId).join(','),
  ]);
  return table(['ID', 'PROCESS', 'STATUS', 'ACTIVE', 'INCIDENTS'], rows);
}

export function formatHistoryEvent(h: HistoryEvent): string {
  const data = h.data !== undefined && Object.keys(h.data).length > 0 ? ` ${formatValue(h.data)}` : '';
  return `${String(h.seq).padStart(4)}  ${h.at}  ${h.type}${h.elementId !== undefined ? ` ${h.elementId}` : ''}${data}`;
}

export async function inspectCommand(args: readonly string[], io: Output): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (help) {
    io.out(INSPECT_USAGE);
    return 0;
  }
  const [dir, instanceId, ...rest] = positionals;
  if (dir === undefined || rest.length > 0) throw new UsageError('inspect needs a data directory and at most one instance id');
  const json = values['json'] === true;
  const engine = await openStore(dir);
  try {
    if (instanceId === undefined) {
      const instances = await allInstances(engine);
      if (json) io.out(JSON.stringify(instances, null, 2));
      else if (instances.length === 0) io.out(`no instances in ${dir}`);
      else io.out(instanceTable(instances).join('\n'));
      return 0;
    }
    const instance = await engine.getInstance(instanceId);
    if (!instance) throw new NotFoundError(`instance ${instanceId} not found in ${dir}`, { instanceId });
    const tasks = await engine.listUserTasks({ instanceId });
    const history = await engine.history(instanceId).catch((e: unknown) => {
      if (e instanceof NotFoundError) return [];
      throw e;
    });
    if (json) {
      io.out(JSON.stringify({ instance, userTasks: tasks, history }, null, 2));
      return 0;
    }
    io.out(describeInstance(instance).join('\n'));
    io.out(`started: ${instance.startedAt}${instance.endedAt !== undefined ? `  ended: ${instance.endedAt}` : ''}`);
    if (instance.parentInstanceId !== undefined) io.out(`parent: ${instance.parentInstanceId}`);
    if (tasks.length > 0) {
      io.out('open user tasks:');
      for (const t of tasks) io.out(`  ${t.id}  ${t.elementId}${t.name !== undefined ? ` "${t.name}"` : ''}${t.assignee !== undefined ? ` (assignee ${t.assignee})` : ''}`);
    }
    io.out(history.length > 0 ? 'history:' : 'history: (none kept)');
    for (const h of history) io.out(formatHistoryEvent(h));
    return 0;
  } finally {
    await engine.close();
  }
}
