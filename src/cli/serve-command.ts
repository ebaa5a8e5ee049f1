import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { Engine, FileStore } from '../index.js';
import { createFormFlowRouter, DiagramCatalog } from '../express/index.js';
import { numberOption, parseCommandArgs, stringOption } from './command-args.js';
import { deploymentSummary, errorText, formatLocatedError } from './format.js';
import type { Output } from './terminal.js';
import { UsageError } from './variables.js';

export const SERVE_USAGE = `Usage: bpmn-runner serve [--dir diagrams] [--data .data] [--port 3000] [--host 127.0.0.1]

Deploys every *.dmn, then every *.bpmn file in --dir onto a FileStore in --data (a broken file is reported with
file:line:col and skipped) and serves the form flows: start processes from their forms, work on
user tasks, watch instances on their diagram, and the JSON status API under /api.
There is no sign-in: it listens on 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.

Options:
  --dir <dir>    where the diagrams are (default: diagrams)
  --data <dir>   where instances are kept (default: .data)
  --port <n>     TCP port (default: 3000; 0 picks a free one)
  --host <addr>  address to listen on (default: 127.0.0.1)
  -h, --help     this text`;

export async function serveCommand(args: readonly string[], io: Output, stop: Promise<unknown> = signalled()): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(args, {
    dir: { type: 'string' },
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got ${positionals.join(' ')}`);
  const dir = stringOption(values, 'dir') ?? 'diagrams';
  const data = stringOption(values, 'data') ?? '.data';
  const port = numberOption(values, 'port', 3000);
  const host = stringOption(values, 'host') ?? '127.0.0.1';

  const engine = new Engine({ store: new FileStore({ dir: data }) });
  try {
    const diagrams = new DiagramCatalog();
    await deployAll(engine, diagrams, dir, io);
    const app = express();
    app.disable('x-powered-by');
    app.use(createFormFlowRouter({ engine, diagrams }));
    const server = app.listen(port, host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
    const { port: actual } = server.address() as AddressInfo;
    io.out(`bpmn-runner serving ${dir} on http://${host.includes(':') ? `[${host}]` : host}:${actual}/ (data in ${data})`);
    await stop;
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    return 0;
  } finally {
    await engine.close();
  }
}

/** One file at a time, so a broken diagram is a line of output and the others still deploy. */
async function deployAll(engine: Engine, diagrams: DiagramCatalog, dir: string, io: Output): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(dmn|bpmn)$/i.test(n)).sort((a, b) => Number(a.toLowerCase().endsWith('.bpmn')) - Number(b.toLowerCase().endsWith('.bpmn')) || a.localeCompare(b));
  } catch (e) {
    throw new UsageError(`cannot read diagram directory ${dir}: ${errorText(e)}`);
  }
  let ok = 0;
  for (const name of names) {
    const file = join(dir, name);
    try {
      const d = await diagrams.deployTo(engine, await readFile(file, 'utf8'), file);
      ok++;
      io.log(`ok ${file} (${deploymentSummary(d)})`);
    } catch (e) {
      io.err(formatLocatedError(e, file));
    }
  }
  io.log(`${ok} of ${names.length} diagram file${names.length === 1 ? '' : 's'} deployed`);
}

function signalled(): Promise<string> {
  return new Promise((done) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => done(s));
  });
}
