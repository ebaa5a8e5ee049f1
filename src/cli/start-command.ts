import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine, FileStore } from '../index.js';
import type { DeployedProcess } from '../index.js';
import { parseCommandArgs, stringOption } from './command-args.js';
import { deploymentSummary, errorText, formatIncident, formatLocatedError } from './format.js';
import { ProcessCatalog } from './process-catalog.js';
import { runMenu } from './start-menu.js';
import { LineReader, type Output } from './terminal.js';
import { UsageError } from './variables.js';

export const START_USAGE = `Usage: bpmn-runner start [--dir diagrams] [--data .data] [--menu]

Deploys every *.dmn, then every *.bpmn file in --dir onto a FileStore in --data (one line per file: ok, or the
error with file:line:col), lists the deployed processes, then offers a menu in the terminal:
start a process, list and complete user tasks, work external tasks, list instances.
When stdin is not a terminal (CI, pipes) it stops after the summary with exit code 0.

Options:
  --dir <dir>    where the diagrams are (default: diagrams)
  --data <dir>   where instances are kept (default: .data)
  --menu         show the menu even when stdin is not a terminal (answers read line by line)
  -h, --help     this text`;

export interface DeployedFile {
  file: string;
  processes: DeployedProcess[];
}

/** Deploys each file on its own: a broken diagram is reported and skipped, never fatal. */
export async function deployDirectory(engine: Engine, dir: string, catalog: ProcessCatalog, io: Output): Promise<{ ok: DeployedFile[]; failed: number }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(dmn|bpmn)$/i.test(n)).sort((a, b) => Number(a.toLowerCase().endsWith('.bpmn')) - Number(b.toLowerCase().endsWith('.bpmn')) || a.localeCompare(b));
  } catch (e) {
    throw new UsageError(`cannot read diagram directory ${dir}: ${errorText(e)}`);
  }
  const ok: DeployedFile[] = [];
  let failed = 0;
  for (const name of names) {
    const file = join(dir, name);
    try {
      const xml = await readFile(file, 'utf8');
      const deployment = await engine.deploy(xml, { name: file });
      await catalog.add(xml, file).catch(() => undefined);
      ok.push({ file, processes: deployment.processes });
      io.out(`ok ${file} (${deploymentSummary(deployment)})`);
    } catch (e) {
      failed++;
      io.out(formatLocatedError(e, file));
    }
  }
  if (names.length === 0) io.out(`no *.bpmn files in ${dir}`);
  return { ok, failed };
}

export async function startCommand(args: readonly string[], io: Output): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, {
    dir: { type: 'string' },
    data: { type: 'string' },
    menu: { type: 'boolean' },
  });
  if (help) {
    io.out(START_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`start takes no arguments, got ${positionals.join(' ')}`);
  const dir = stringOption(values, 'dir') ?? 'diagrams';
  const data = stringOption(values, 'data') ?? '.data';
  const engine = new Engine({ store: new FileStore({ dir: data }) });
  try {
    const catalog = new ProcessCatalog();
    const { ok, failed } = await deployDirectory(engine, dir, catalog, io);
    const processes = ok.flatMap((f) => f.processes.map((p) => ({ ...p, file: f.file })));
    io.out('');
    io.out(`${processes.length} process${processes.length === 1 ? '' : 'es'} deployed from ${ok.length} file${ok.length === 1 ? '' : 's'}${failed > 0 ? `, ${failed} file${failed === 1 ? '' : 's'} failed` : ''}; data in ${data}`);
    processes.forEach((p, i) => io.out(`  ${String(i + 1).padStart(2)}) ${p.key} v${p.version}${p.name !== undefined ? ` "${p.name}"` : ''} [${p.flavour}]`));

    if (!process.stdin.isTTY && values['menu'] !== true) return 0;
    engine.on('element.entered', ({ elementId }) => io.log(`   -> ${catalog.label(elementId)}`));
    engine.on('incident.created', ({ incident }) => io.log(`   !! ${formatIncident(incident)}`));
    const reader = new LineReader(process.stdin, process.stdout);
    try {
      await runMenu({ engine, reader, io, catalog, processes });
    } finally {
      reader.close();
    }
    return 0;
  } finally {
    await engine.close();
  }
}
