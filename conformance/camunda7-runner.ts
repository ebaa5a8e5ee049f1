/**
 * Runs Camunda 7 conformance cases and the deploy check over the corpus. Shared by the CLI
 * (`run-camunda7.ts`) and the vitest subset, so both judge a case the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { Engine, BpmnRunnerError } from '../src/index.js';
import { CORPUS_DIR, CaseContext } from './camunda7-harness.js';
import type { Camunda7Case, Camunda7Skip } from './camunda7-harness.js';

export interface CaseResult {
  file: string;
  javaTest: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

export type DeployOutcome = 'deploys' | 'rejected' | 'crash' | 'hang';

export function corpusFiles(): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      if (statSync(p).isDirectory()) return walk(p);
      return /\.(bpmn|xml)$/.test(f) ? [relative(CORPUS_DIR, p)] : [];
    });
  return walk(CORPUS_DIR).sort();
}

/** `event/timer/X.bpmn` → `event/timer`; top-level files go to `.`. */
export function folderOf(file: string): string {
  return dirname(file);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function runCase(c: Camunda7Case, timeoutMs = 10_000): Promise<CaseResult> {
  const ctx = new CaseContext(c.file);
  try {
    await withTimeout(c.run(ctx), timeoutMs, 'case');
    return { file: c.file, javaTest: c.javaTest, status: 'pass' };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { file: c.file, javaTest: c.javaTest, status: 'fail', reason: reason.split('\n')[0]!.slice(0, 400) };
  } finally {
    // A hung case may still hold timers; close without waiting forever on it.
    await withTimeout(ctx.engine.close(), 2_000, 'close').catch(() => undefined);
  }
}

export async function checkDeploy(file: string, timeoutMs = 10_000): Promise<{ outcome: DeployOutcome; detail?: string }> {
  const engine = new Engine();
  try {
    await withTimeout(engine.deploy(readFileSync(join(CORPUS_DIR, file), 'utf8'), { name: file }), timeoutMs, 'deploy');
    return { outcome: 'deploys' };
  } catch (err) {
    if (err instanceof BpmnRunnerError) return { outcome: 'rejected', detail: err.code };
    const msg = err instanceof Error ? err.message : String(err);
    return { outcome: msg.includes('did not finish') ? 'hang' : 'crash', detail: msg };
  } finally {
    await engine.close();
  }
}

export function skipResults(skips: readonly Camunda7Skip[]): CaseResult[] {
  return skips.map((s) => ({ file: s.file, javaTest: s.javaTest, status: 'skip', reason: s.reason }));
}
