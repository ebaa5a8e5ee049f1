import type { DeployedProcess, Engine, Instance, UserTask } from '../index.js';
import { BpmnRunnerError } from '../index.js';
import { errorText, formatIncident } from './format.js';
import { InputEndedError, promptExternalTask, promptUserTask, taskTitle } from './form-prompt.js';
import { instanceTable } from './inspect-command.js';
import { allInstances, CLI_WORKER_ID, completeUserTask } from './instance-driver.js';
import type { ProcessCatalog } from './process-catalog.js';
import type { LineReader, Output } from './terminal.js';
import { parseVariablesInput, UsageError } from './variables.js';

const MENU = `
  <number>   start that process
  t          list open user tasks
  c [n]      complete open user task n
  w          work one waiting service task (no handler: you give its output)
  i          list instances
  q          quit`;

interface MenuContext {
  engine: Engine;
  reader: LineReader;
  io: Output;
  catalog: ProcessCatalog;
  processes: (DeployedProcess & { file: string })[];
}

/** The `npm start` loop until the web UI exists: one command per line, errors reported, never fatal. */
export async function runMenu(ctx: MenuContext): Promise<void> {
  const { io, reader } = ctx;
  io.out(MENU);
  for (;;) {
    const line = await reader.ask('\n> ');
    if (line === null) return;
    const [cmd = '', arg] = line.trim().split(/\s+/);
    try {
      if (cmd === '') continue;
      if (cmd === 'q' || cmd === 'quit' || cmd === 'exit') return;
      if (/^\d+$/.test(cmd)) await startProcess(ctx, Number(cmd));
      else if (cmd === 't') await listTasks(ctx);
      else if (cmd === 'c') await completeTask(ctx, arg);
      else if (cmd === 'w') await workExternal(ctx);
      else if (cmd === 'i') await listInstances(ctx);
      else io.out(`unknown choice "${cmd}"${MENU}`);
    } catch (e) {
      if (e instanceof InputEndedError) return;
      io.out(e instanceof BpmnRunnerError || e instanceof UsageError ? `error: ${errorText(e)}` : `unexpected error: ${errorText(e)}`);
    }
  }
}

function summary(inst: Instance): string[] {
  const lines = [`instance ${inst.id}: ${inst.status}${inst.activeElementIds.length > 0 ? `, waiting at ${inst.activeElementIds.join(', ')}` : ''}`];
  for (const i of inst.incidents) lines.push(`  ${formatIncident(i)}`);
  return lines;
}

async function startProcess(ctx: MenuContext, n: number): Promise<void> {
  const p = ctx.processes[n - 1];
  if (!p) throw new UsageError(`there is no process ${n}; choose 1..${ctx.processes.length}`);
  let variables: Record<string, unknown> | undefined;
  while (variables === undefined) {
    const text = await ctx.reader.ask(`variables for ${p.key} (JSON or k=v …, empty = none): `);
    if (text === null) throw new InputEndedError();
    try {
      variables = parseVariablesInput(text);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      ctx.io.out(`  ${e.message}`);
    }
  }
  const inst = await ctx.engine.start(p.key, { variables, version: p.version });
  ctx.io.out(summary(inst).join('\n'));
}

async function openTasks(engine: Engine): Promise<UserTask[]> {
  return (await engine.listUserTasks()).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id.localeCompare(b.id)));
}

async function listTasks(ctx: MenuContext): Promise<UserTask[]> {
  const tasks = await openTasks(ctx.engine);
  if (tasks.length === 0) ctx.io.out('no open user tasks');
  tasks.forEach((t, i) => ctx.io.out(`  ${String(i + 1).padStart(2)}) ${taskTitle(t)}  ${t.processKey}  instance ${t.instanceId}${t.assignee !== undefined ? `  assignee ${t.assignee}` : ''}`));
  return tasks;
}

async function completeTask(ctx: MenuContext, arg: string | undefined): Promise<void> {
  const tasks = await openTasks(ctx.engine);
  if (tasks.length === 0) {
    ctx.io.out('no open user tasks');
    return;
  }
  let choice = arg;
  if (choice === undefined) {
    await listTasks(ctx);
    choice = (await ctx.reader.ask('task number: ')) ?? undefined;
    if (choice === undefined) throw new InputEndedError();
  }
  const task = tasks[Number(choice) - 1];
  if (!/^\d+$/.test(choice.trim()) || !task) throw new UsageError(`there is no open task ${choice}; choose 1..${tasks.length}`);
  const log = (l: string): void => ctx.io.out(l);
  const responder = { userTask: promptUserTask.bind(null, ctx.reader, log), externalTask: () => Promise.resolve({}) };
  const stopped = await completeUserTask(ctx.engine, responder, task, [], log);
  if (stopped !== undefined) {
    ctx.io.out(stopped);
    return;
  }
  const inst = await ctx.engine.getInstance(task.instanceId);
  if (inst) ctx.io.out(summary(inst).join('\n'));
}

async function listInstances(ctx: MenuContext): Promise<void> {
  const instances = await allInstances(ctx.engine);
  ctx.io.out(instances.length === 0 ? 'no instances yet' : instanceTable(instances).join('\n'));
}

async function workExternal(ctx: MenuContext): Promise<void> {
  const topics = ctx.catalog.topics();
  const [task] = topics.length === 0 ? [] : await ctx.engine.fetchAndLock({
    workerId: CLI_WORKER_ID,
    maxTasks: 1,
    topics: topics.map((topic) => ({ topic, lockDurationMs: 60 * 60_000 })),
  });
  if (!task) {
    ctx.io.out('no service task is waiting for a worker');
    return;
  }
  const vars = await promptExternalTask(ctx.reader, (l) => ctx.io.out(l), task);
  await ctx.engine.completeExternalTask(task.id, CLI_WORKER_ID, vars);
  const inst = await ctx.engine.getInstance(task.instanceId);
  if (inst) ctx.io.out(summary(inst).join('\n'));
}
