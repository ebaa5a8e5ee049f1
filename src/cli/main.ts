#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BpmnRunnerError } from '../index.js';
import { dbCommand } from './db-command.js';
import { errorText } from './format.js';
import { inspectCommand } from './inspect-command.js';
import { runCommand } from './run-command.js';
import { serveCommand } from './serve-command.js';
import { startCommand } from './start-command.js';
import { consoleOutput, type Output } from './terminal.js';
import { validateCommand } from './validate-command.js';
import { UsageError } from './variables.js';

export const MAIN_USAGE = `Usage: bpmn-runner <command> [options]

Commands:
  validate <files…>           check diagrams the way a deploy does; file:line:col errors, exit 1 on any
  run <file> [options]        run one process in the terminal (prompts, or --answers file)
  inspect <data-dir> [id]     list the instances of a --data directory, or show one with its history
  start [--dir] [--data]      deploy a folder of diagrams and work with them from a small menu
  serve [--dir] [--data]      the same diagrams as web form flows, diagram pages and a JSON API
  db <migrate|status> [--url] the PostgreSQL schema of a PostgresStore (many engines, one database)

Run \`bpmn-runner <command> --help\` for the options of a command.`;

type Command = (args: readonly string[], io: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  run: runCommand,
  inspect: inspectCommand,
  start: startCommand,
  serve: (args, io) => serveCommand(args, io),
  db: dbCommand,
  // `npm start` in package.json still says run-all; same thing.
  'run-all': startCommand,
};

/** Runs one command line and returns the exit code; never throws. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const io = consoleOutput(json);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(MAIN_USAGE);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(await packageVersion());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`bpmn-runner: unknown command "${name}"\n\n${MAIN_USAGE}`);
    return 1;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`bpmn-runner ${name}: ${e.message}\nRun \`bpmn-runner ${name} --help\` for usage.`);
      return 1;
    }
    if (e instanceof BpmnRunnerError) {
      io.err(`bpmn-runner ${name}: ${e.code}: ${e.message}`);
      return 1;
    }
    io.err(`bpmn-runner ${name}: unexpected error: ${e instanceof Error && e.stack ? e.stack : errorText(e)}`);
    return 1;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(await readFile(url, 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // process.exit, not exitCode: an engine with an automatic clock may keep a timer armed for a
  // waiting instance, and the command is over. stdout/stderr are synchronous for files and pipes on Linux.
  process.exit(await runCli(process.argv.slice(2)));
}
