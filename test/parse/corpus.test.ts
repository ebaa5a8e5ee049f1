import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpmnRunnerError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';


const CORPUS = resolve(process.cwd(), '../shared/corpus');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(bpmn|bpmn20\.xml|xml)$/.test(name) ? [p] : [];
  });
}

interface FolderSummary {
  files: number;
  parsed: number;
  rejected: number;
  topReasons: Record<string, number>;
}

/** Group messages by their shape, without ids and quoted names, so the reasons can be counted. */
function reasonOf(e: BpmnRunnerError): string {
  const msg = e.message.replace(/^[^\s]*:\d+:\d+: /, '').replace(/ \[[^\]]*\]$/, '');
  return `${e.code}: ${msg.replace(/"[^"]*"/g, '"…"').replace(/<[^>]*>/g, '<…>').slice(0, 120)}`;
}

describe('the public BPMN corpus', () => {
  it('parses or rejects every file with a located BpmnRunnerError, each within a second', async () => {
    if (!existsSync(CORPUS)) throw new Error(`corpus folder missing: ${CORPUS} (expected ../shared/corpus beside the repo)`);
    const summary: Record<string, FolderSummary> = {};
    const failures: string[] = [];
    for (const path of walk(CORPUS)) {
      const xml = readFileSync(path, 'utf8');
      if (!/<([\w.-]+:)?definitions[\s>]/.test(xml)) continue;
      const rel = relative(CORPUS, path);
      const folder = rel.split(/[\\/]/)[0] as string;
      const s = (summary[folder] ??= { files: 0, parsed: 0, rejected: 0, topReasons: {} });
      s.files++;
      const started = performance.now();
      try {
        const defs = await parseDefinitions(xml, { file: rel });
        expect(defs.processes.length).toBeGreaterThan(0);
        s.parsed++;
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) {
          failures.push(`${rel}: not a BpmnRunnerError: ${String(e instanceof Error ? e.stack : e)}`);
          continue;
        }
        if (e.line === undefined) failures.push(`${rel}: rejection without a line: ${e.message}`);
        s.rejected++;
        const r = reasonOf(e);
        s.topReasons[r] = (s.topReasons[r] ?? 0) + 1;
      }
      const ms = performance.now() - started;
      if (ms > 1000) failures.push(`${rel}: took ${Math.round(ms)} ms`);
    }
    for (const s of Object.values(summary)) {
      s.topReasons = Object.fromEntries(Object.entries(s.topReasons).sort((a, b) => b[1] - a[1]).slice(0, 15));
    }
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/corpus-parse-summary.json', JSON.stringify(summary, null, 2));
    const total = Object.values(summary).reduce((t, s) => ({ files: t.files + s.files, parsed: t.parsed + s.parsed, rejected: t.rejected + s.rejected }), { files: 0, parsed: 0, rejected: 0 });
    console.log(`corpus: ${total.files} files, ${total.parsed} parsed, ${total.rejected} rejected`);
    for (const [folder, s] of Object.entries(summary)) console.log(`  ${folder}: ${s.files} files, ${s.parsed} parsed, ${s.rejected} rejected`);
    expect(failures).toEqual([]);
  }, 600_000);
});
