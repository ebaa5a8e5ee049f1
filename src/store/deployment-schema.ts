import { StoreError } from '../errors/index.js';
import type { StoredDeployment } from './types.js';

/** Shape check for a stored deployment read back from disk; throws StoreError naming the file. */
export function readDeployment(raw: unknown, file: string): StoredDeployment {
  const d = raw as Partial<Record<keyof StoredDeployment, unknown>> | null;
  const bad = (field: string): never => {
    throw new StoreError(`stored deployment field '${field}' is missing or has the wrong type`, { file });
  };
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new StoreError('stored deployment must be a JSON object', { file });
  for (const field of ['id', 'source', 'hash', 'deployedAt'] as const) if (typeof d[field] !== 'string') bad(field);
  if (d.name !== undefined && typeof d.name !== 'string') bad('name');
  if (!Array.isArray(d.processes)) bad('processes');
  for (const p of d.processes as unknown[]) {
    const ok = typeof p === 'object' && p !== null;
    if (!ok || typeof (p as { key?: unknown }).key !== 'string' || typeof (p as { version?: unknown }).version !== 'number') {
      bad('processes[].key/version');
    }
  }
  return d as StoredDeployment;
}
