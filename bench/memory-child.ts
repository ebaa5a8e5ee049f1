/**
 * Child process for `waiting-memory`: node --expose-gc … memory-child.ts <impl> <n>.
 * Prints one JSON line { heapBytesPerInstance, baselineBytes, heldBytes }.
 */
import type { Impl } from './impl-types.js';

const [implName, nText] = process.argv.slice(2);
const n = Number(nText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('memory-child needs --expose-gc');

const impl: Impl =
  implName === 'bpmn-engine' ? (await import('./peer-impl.js')).peerImpl : (await import('./runner-impl.js')).runnerImpl;

function settledHeap(): number {
  // Several passes: weak refs and finalizers free more on the second and third collection.
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

// Warm-up fills code caches, compiled expressions and lazy module state before the baseline. Inside a
// function: a top-level `await x()` keeps its result in a register of the module frame, so the warm-up
// instances stayed reachable until the next await and were freed during the measurement (measured: 813 B
// per bpmn-engine instance instead of ~450 KB).
async function warmUp(): Promise<void> {
  await impl.holdWaiting(Math.min(100, n));
}
await warmUp();
const baseline = settledHeap();
const held = await impl.holdWaiting(n);
const after = settledHeap();
process.stdout.write(
  `${JSON.stringify({ heapBytesPerInstance: (after - baseline) / n, baselineBytes: baseline, heldBytes: after - baseline, held: held !== undefined })}\n`,
);
