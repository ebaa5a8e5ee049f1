import { readFile } from 'node:fs/promises';
import { Engine, FileStore, MemoryStore } from '../index.js';
import type { Instance } from '../index.js';
import { AnswerBook } from './answers.js';
import { numberOption, parseCommandArgs, stringList, stringOption } from './command-args.js';
import { describeInstance, formatIncident, formatLocatedError, formatValue } from './format.js';
import { promptExternalTask, promptUserTask } from './form-prompt.js';
import { driveInstance, type DriveResult, type TaskResponder } from './instance-driver.js';
import { ProcessCatalog } from './process-catalog.js';
import { LineReader, type Output } from './terminal.js';
import { parseVarAssignments, UsageError } from './variables.js';

export const RUN_USAGE = `Usage: bpmn-runner run <file.bpmn> [options]

Deploys the file, starts its first executable process and runs it to the end in this terminal:
user tasks ask for their form fields, service tasks without a handler ask for their output
variables (as JSON, empty = none).

Options:
  --var name=value   start variable (repeatable); numbers, booleans and JSON are parsed
  --answers <file>   take answers from a JSON file instead of prompting:
                     { "<elementId>": [ {values of 1st attempt}, {2nd}, … ] } or { "<elementId>": {…} };
                     a rejected answer is reported and the next entry is tried
  --process <key>    start this process instead of the first one in the file
  --data <dir>       keep state in a FileStore directory (inspect it later) instead of memory
  --json             print one JSON object with the result on stdout; progress goes to stderr
  --idle <seconds>   give up when nothing moves for this long (timers, messages; default 30)
  -h, --help         this text

Exit codes: 0 completed, 1 usage/deploy error or no answer, 2 incident or failed instance,
3 still waiting after --idle.`;

/** With --answers, entries are consumed per element id in visit order; without, the terminal asks. */
function answersResponder(book: AnswerBook, log: (line: string) => void): TaskResponder {
  return {
    async userTask(task) {
      const values = book.next(task.elementId);
      if (values !== undefined) log(`user task ${task.elementId}: answered ${formatValue(values)}`);
      return values;
    },
    async externalTask(task) {
      const values = book.next(task.elementId) ?? {};
      log(`service task ${task.elementId} (topic ${task.topic}): completed with ${formatValue(values)}`);
      return values;
    },
  };
}

function terminalResponder(reader: LineReader, log: (line: string) => void): TaskResponder {
  return {
    userTask: (task, rejected) => promptUserTask(reader, log, task, rejected),
    externalTask: (task) => promptExternalTask(reader, log, task),
  };
}

export function exitCodeOf(result: DriveResult): number {
  const { instance } = result;
  if (instance.status === 'FAILED' || result.family.some((i) => i.incidents.length > 0)) return 2;
  if (instance.status === 'COMPLETED' || instance.status === 'TERMINATED') return 0;
  return result.stopped?.startsWith('nothing happened') ? 3 : 1;
}

export async function runCommand(args: readonly string[], io: Output): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, {
    var: { type: 'string', multiple: true },
    answers: { type: 'string' },
    process: { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    idle: { type: 'string' },
  });
  if (help) {
    io.out(RUN_USAGE);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError('run needs exactly one file');
  const json = values['json'] === true;
  const variables = parseVarAssignments(stringList(values, 'var'));
  const answersPath = stringOption(values, 'answers');
  const book = answersPath !== undefined ? await AnswerBook.load(answersPath) : undefined;
  const idleMs = numberOption(values, 'idle', 30) * 1000;
  const dataDir = stringOption(values, 'data');

  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (e) {
    io.err(formatLocatedError(e, file));
    return 1;
  }
  const engine = new Engine({ store: dataDir !== undefined ? new FileStore({ dir: dataDir }) : new MemoryStore() });
  const catalog = new ProcessCatalog();
  // Prompts share the progress stream: under --json stdout carries nothing but the result.
  const reader = book === undefined ? new LineReader(process.stdin, json ? process.stderr : process.stdout) : undefined;
  try {
    let processKey: string;
    try {
      const deployment = await engine.deploy(xml, { name: file });
      await catalog.add(xml, file);
      const wanted = stringOption(values, 'process');
      const chosen = wanted === undefined ? deployment.processes[0] : deployment.processes.find((p) => p.key === wanted);
      if (!chosen) throw new UsageError(`no process ${wanted} in ${file}; it has ${deployment.processes.map((p) => p.key).join(', ')}`);
      processKey = chosen.key;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      io.err(formatLocatedError(e, file));
      return 1;
    }

    engine.on('element.entered', ({ elementId }) => io.log(`-> ${catalog.label(elementId)}`));
    engine.on('incident.created', ({ incident }) => io.log(`!! ${formatIncident(incident)}`));
    io.log(`starting ${processKey} from ${file}`);
    const started = await engine.start(processKey, { variables });
    const responder = book ? answersResponder(book, io.log) : terminalResponder(reader!, io.log);
    const result = await driveInstance({ engine, rootId: started.id, responder, catalog, log: io.log, idleMs });
    const code = exitCodeOf(result);
    report(io, json, result, code);
    return code;
  } finally {
    reader?.close();
    await engine.close();
  }
}

function report(io: Output, json: boolean, result: DriveResult, code: number): void {
  const { instance } = result;
  const incidents = result.family.flatMap((i) => i.incidents);
  if (json) {
    io.out(JSON.stringify(resultJson(instance, result, incidents, code), null, 2));
    return;
  }
  io.out('');
  io.out(describeInstance(instance).join('\n'));
  for (const i of incidents.filter((x) => x.instanceId !== instance.id)) io.out(`${formatIncident(i)} (in ${i.instanceId})`);
  if (result.stopped !== undefined) io.out(`stopped: ${result.stopped}`);
}

function resultJson(instance: Instance, result: DriveResult, incidents: Instance['incidents'], exitCode: number): Record<string, unknown> {
  return {
    instanceId: instance.id,
    processKey: instance.processKey,
    processVersion: instance.processVersion,
    status: instance.status,
    variables: instance.variables,
    activeElementIds: instance.activeElementIds,
    incidents: incidents.map((i) => ({ id: i.id, instanceId: i.instanceId, elementId: i.elementId, message: i.message })),
    rejectedAnswers: result.rejected.map((r) => ({ elementId: r.elementId, values: r.values, fields: r.fields })),
    ...(instance.failure ? { failure: instance.failure } : {}),
    ...(result.stopped !== undefined ? { stopped: result.stopped } : {}),
    exitCode,
  };
}
