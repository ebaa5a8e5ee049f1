/**
 * `npx tsx conformance/run-camunda7.ts [folder-prefix…]`: runs every Camunda 7 conformance case, checks that
 * every corpus file deploys or is rejected with a typed error, writes `camunda7-results.json` and prints a
 * per-folder table. Exit code 1 when a file crashes or hangs the deploy.
 */
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCases } from './camunda7-cases/index.js';
import { skips, folderSkips } from './camunda7-skips.js';
import { corpusFiles, folderOf, runCase, checkDeploy, type CaseResult, type DeployOutcome } from './camunda7-runner.js';
import type { Camunda7Skip } from './camunda7-harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wanted = (file: string) => only.length === 0 || only.some((p) => file.startsWith(p));

const files = corpusFiles().filter(wanted);
const fileSet = new Set(corpusFiles());
for (const c of [...allCases, ...skips]) if (!fileSet.has(c.file)) console.warn(`warning: ${c.javaTest} names a file not in the corpus: ${c.file}`);

const folderSkipEntries: Camunda7Skip[] = files
  .filter((f) => folderSkips[f.split('/')[0]!] !== undefined)
  .map((f) => ({ file: f, javaTest: `${f.split('/').pop()!.split('.')[0]}#*`, reason: folderSkips[f.split('/')[0]!]! }));

const results: CaseResult[] = [];
for (const c of allCases.filter((x) => wanted(x.file))) results.push(await runCase(c));
for (const s of [...skips, ...folderSkipEntries].filter((x) => wanted(x.file))) results.push({ file: s.file, javaTest: s.javaTest, status: 'skip', reason: s.reason });

const deploy = new Map<string, DeployOutcome>();
const broken: string[] = [];
for (const f of files) {
  const { outcome, detail } = await checkDeploy(f);
  deploy.set(f, outcome);
  if (outcome === 'crash' || outcome === 'hang') broken.push(`${f}: ${outcome} ${detail ?? ''}`);
}

if (only.length === 0) {
  writeFileSync(join(here, 'camunda7-results.json'), JSON.stringify(results, null, 2) + '\n');
  if (process.argv.includes('--write-expected') || process.env.CONFORMANCE_WRITE_EXPECTED) {
    // The regression guard of test/camunda7: the cases passing now must keep passing.
    const passing = results.filter((x) => x.status === 'pass').map((x) => `${x.javaTest} ${x.file}`).sort();
    writeFileSync(join(here, 'camunda7-expected-pass.json'), JSON.stringify(passing, null, 2) + '\n');
  }
}

interface Row { files: number; deploys: number; rejected: number; broken: number; pass: number; fail: number; skip: number; uncovered: number }
const rows = new Map<string, Row>();
const row = (folder: string): Row => {
  let r = rows.get(folder);
  if (!r) rows.set(folder, (r = { files: 0, deploys: 0, rejected: 0, broken: 0, pass: 0, fail: 0, skip: 0, uncovered: 0 }));
  return r;
};
const covered = new Set(results.map((x) => x.file));
for (const c of allCases) {
  for (const f of c.resources ?? []) {
    if (!fileSet.has(f)) console.warn(`warning: ${c.javaTest} deploys a file not in the corpus: ${f}`);
    covered.add(f);
  }
}
for (const f of files) {
  const r = row(folderOf(f));
  r.files++;
  const o = deploy.get(f);
  if (o === 'deploys') r.deploys++;
  else if (o === 'rejected') r.rejected++;
  else r.broken++;
  if (!covered.has(f)) r.uncovered++;
}
for (const x of results) row(folderOf(x.file))[x.status]++;

const total: Row = { files: 0, deploys: 0, rejected: 0, broken: 0, pass: 0, fail: 0, skip: 0, uncovered: 0 };
const cols: (keyof Row)[] = ['files', 'deploys', 'rejected', 'broken', 'pass', 'fail', 'skip', 'uncovered'];
const lines = [`| folder | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
for (const [folder, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
  for (const c of cols) total[c] += r[c];
  lines.push(`| ${folder} | ${cols.map((c) => r[c]).join(' | ')} |`);
}
lines.push(`| **total** | ${cols.map((c) => `**${total[c]}**`).join(' | ')} |`);
console.log(lines.join('\n'));
const run = total.pass + total.fail;
console.log(`\ncases: ${results.length} (pass ${total.pass}, fail ${total.fail}, skip ${total.skip}); ` +
  `pass rate of non-skipped ${run === 0 ? 0 : ((100 * total.pass) / run).toFixed(1)}%; files uncovered ${total.uncovered} of ${total.files}`);
if (process.env.CONFORMANCE_VERBOSE) for (const x of results.filter((y) => y.status === 'fail')) console.log(`FAIL ${x.javaTest} (${x.file}): ${x.reason}`);
if (broken.length > 0) {
  console.log(`\nfiles that crash or hang the deploy:\n${broken.join('\n')}`);
  process.exitCode = 1;
}
