import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ImplName } from './impl-types.js';

const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

/** Heap bytes per waiting instance, measured in a fresh process so nothing else in this run is on the heap. */
export function heapPerWaitingInstance(impl: ImplName, n: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', '--import', tsx, child, impl, String(n)],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message.split('\n')[0]} ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve((JSON.parse(line) as { heapBytesPerInstance: number }).heapBytesPerInstance);
        } catch {
          reject(new Error(`memory child printed no result: ${line.slice(0, 200)}`));
        }
      },
    );
  });
}
