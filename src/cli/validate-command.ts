import { readFile } from 'node:fs/promises';
import { BpmnRunnerError, Engine, MemoryStore } from '../index.js';
import type { DeployedProcess } from '../index.js';
import { parseCommandArgs } from './command-args.js';
import { formatLocatedError } from './format.js';
import type { Output } from './terminal.js';
import { UsageError } from './variables.js';

export const VALIDATE_USAGE = `Usage: bpmn-runner validate <file.bpmn…> [--json]

Deploys each file into a throwaway in-memory engine, the same checks a real deploy makes
(XML, BPMN, Camunda 7/8 extensions, expressions, scripts). Prints per file:
  ok <file> (<process keys>, <flavour>)
  <file>:<line>:<col>: <message> [<elementId>]
Exit code 1 when any file fails, so it can guard a CI job of people who draw diagrams.

Options:
  --json      one JSON array of { file, ok, processes | error } on stdout
  -h, --help  this text`;

export interface ValidationResult {
  file: string;
  ok: boolean;
  processes?: DeployedProcess[];
  error?: { code: string; message: string; line?: number; column?: number; elementId?: string };
}

/** Deploys one file into its own engine, so one file's processes cannot clash with another's. */
export async function validateFile(file: string): Promise<ValidationResult> {
  const engine = new Engine({ store: new MemoryStore(), scripts: { enabled: true } });
  try {
    const xml = await readFile(file, 'utf8');
    const deployment = await engine.deploy(xml, { name: file });
    return { file, ok: true, processes: deployment.processes };
  } catch (e) {
    return { file, ok: false, error: errorSummary(e, file) };
  } finally {
    await engine.close().catch(() => undefined);
  }
}

function errorSummary(e: unknown, file: string): NonNullable<ValidationResult['error']> {
  if (e instanceof BpmnRunnerError) {
    return {
      code: e.code,
      message: formatLocatedError(e, file),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
      ...(e.elementId !== undefined ? { elementId: e.elementId } : {}),
    };
  }
  const code = (e as { code?: unknown }).code;
  // ENOENT and friends: a missing file is a failed validation, not a crash.
  return { code: typeof code === 'string' ? code : 'ERROR', message: formatLocatedError(e, file) };
}

export function describeDeployed(processes: readonly DeployedProcess[]): string {
  const keys = processes.map((p) => p.key).join(', ');
  const flavours = [...new Set(processes.map((p) => p.flavour))].join('/');
  return `${keys}, ${flavours}`;
}

export async function validateCommand(args: readonly string[], io: Output): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (help) {
    io.out(VALIDATE_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('validate needs at least one file');
  const results: ValidationResult[] = [];
  for (const file of positionals) results.push(await validateFile(file));
  if (values['json'] === true) {
    io.out(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      if (r.ok) io.out(`ok ${r.file} (${describeDeployed(r.processes ?? [])})`);
      else io.out(r.error!.message);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
