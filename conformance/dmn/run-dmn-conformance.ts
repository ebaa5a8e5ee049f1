/**
 * Runs the Camunda 7 DMN conformance cases (camunda7-dmn-cases.ts) against the corpus and, run
 * as a script (`node --import tsx conformance/dmn/run-dmn-conformance.ts [corpusDir] [out]`), writes
 * `conformance/camunda7-dmn-results.json` in the shape of the BPMN results file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { BpmnRunnerError } from '../../src/errors/index.js';
import { camunda7DmnCases, type DmnConformanceCase } from './camunda7-dmn-cases.js';
import { compileDecisions } from '../../src/dmn/compile-decisions.js';
import { mapDecisionResult } from '../../src/dmn/decision-result-mapping.js';
import { evaluateDecision } from '../../src/dmn/evaluate-decision.js';
import { parseDmn } from '../../src/dmn/parse-dmn.js';
import type { DecisionResult } from '../../src/dmn/types.js';

export interface DmnCaseResult {
  file: string;
  javaTest: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

export const DEFAULT_DMN_CORPUS = '../shared/corpus/camunda7-dmn-tests';

export function judgeDmnCase(c: DmnConformanceCase, corpusDir: string = DEFAULT_DMN_CORPUS): DmnCaseResult {
  const base = { file: c.file, javaTest: c.javaTest };
  if (c.skip) return { ...base, status: 'skip', reason: c.skip };
  const expect = c.expect;
  let result: DecisionResult;
  try {
    const spec = parseDmn(readFileSync(join(corpusDir, c.file), 'utf8'), { file: c.file });
    const compiled = compileDecisions(spec);
    const key = c.decision ?? Object.keys(spec.decisions)[0];
    if (key === undefined) return { ...base, status: 'fail', reason: 'the file has no decision' };
    result = evaluateDecision(compiled, key, c.variables ?? {});
  } catch (e) {
    if (!(e instanceof BpmnRunnerError)) return { ...base, status: 'fail', reason: `crash: ${(e as Error).stack ?? String(e)}` };
    if (!('error' in expect)) return { ...base, status: 'fail', reason: `unexpected ${e.code}: ${e.message}` };
    const kind = e.code === 'PARSE_ERROR' ? 'parse' : e.code === 'UNSUPPORTED_ELEMENT' ? 'unsupported' : 'evaluate';
    // An expression that cannot compile fails the deploy: Camunda's parse failures may surface as either.
    const sameKind = kind === expect.error || (expect.error === 'parse' && e.code === 'EXPRESSION_ERROR' && e.details.line !== undefined);
    if (!sameKind) return { ...base, status: 'fail', reason: `expected a ${expect.error} error, got ${e.code}: ${e.message}` };
    if (expect.dmnCode && e.details['dmnCode'] !== expect.dmnCode) {
      return { ...base, status: 'fail', reason: `expected ${expect.dmnCode}, got ${String(e.details['dmnCode'])}: ${e.message}` };
    }
    return { ...base, status: 'pass' };
  }
  if ('error' in expect) return { ...base, status: 'fail', reason: `expected a ${expect.error} error, got ${JSON.stringify(result.resultList)}` };
  return compare(base, result, expect);
}

function compare(base: { file: string; javaTest: string }, result: DecisionResult, expect: Exclude<DmnConformanceCase['expect'], { error: unknown }>): DmnCaseResult {
  let actual: unknown;
  let wanted: unknown;
  if ('rows' in expect) [actual, wanted] = [result.resultList, expect.rows];
  else if ('values' in expect) [actual, wanted] = [result.resultList.map((r) => Object.values(r)[0]), expect.values];
  else {
    try {
      actual = mapDecisionResult(result, expect.mapped);
    } catch (e) {
      if ('mappingError' in expect) return { ...base, status: 'pass' };
      return { ...base, status: 'fail', reason: `mapping ${expect.mapped} failed: ${(e as Error).message}` };
    }
    if ('mappingError' in expect) return { ...base, status: 'fail', reason: `mapping ${expect.mapped} should fail, got ${JSON.stringify(actual)}` };
    wanted = expect.value;
  }
  return isDeepStrictEqual(actual, wanted) ? { ...base, status: 'pass' } : { ...base, status: 'fail', reason: `expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}` };
}

export function runDmnConformance(corpusDir: string = DEFAULT_DMN_CORPUS): DmnCaseResult[] {
  return camunda7DmnCases.map((c) => judgeDmnCase(c, corpusDir));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = process.argv[2] ?? DEFAULT_DMN_CORPUS;
  const out = process.argv[3] ?? 'conformance/camunda7-dmn-results.json';
  const results = runDmnConformance(corpus);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const count = (s: DmnCaseResult['status']) => results.filter((r) => r.status === s).length;
  console.log(`DMN conformance: ${count('pass')} pass, ${count('fail')} fail, ${count('skip')} skip -> ${out}`);
  for (const r of results.filter((x) => x.status === 'fail')) console.log(`FAIL ${r.javaTest} ${r.file}: ${r.reason}`);
}
