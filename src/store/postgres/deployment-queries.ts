import type { Pool } from 'pg';
import type { StartTimerState } from '../types.js';

/**
 * Timer start events live in their deployment record. With many processes each one sees them fall
 * due, so a firing is claimed by a compare-and-set on the record's start timers: the process whose
 * update still finds the timers it read fires them; the others find the next due times instead.
 */

export async function compareAndSetStartTimers(
  pool: Pool, s: string, deploymentId: string, expected: readonly StartTimerState[], next: readonly StartTimerState[],
): Promise<boolean> {
  const res = await pool.query(
    `UPDATE ${s}.deployments SET deployment = jsonb_set(deployment, '{startTimers}', $3::jsonb)
     WHERE id = $1 AND coalesce(deployment -> 'startTimers', '[]'::jsonb) = $2::jsonb`,
    [deploymentId, JSON.stringify(expected), JSON.stringify(next)],
  );
  return res.rowCount === 1;
}

export async function selectStartTimers(pool: Pool, s: string): Promise<{ deploymentId: string; startTimers: StartTimerState[] }[]> {
  const res = await pool.query<{ id: string; t: string }>(
    `SELECT id, (deployment -> 'startTimers')::text AS t FROM ${s}.deployments
     WHERE jsonb_typeof(deployment -> 'startTimers') = 'array' AND jsonb_array_length(deployment -> 'startTimers') > 0
     ORDER BY id COLLATE "C"`,
  );
  return res.rows.map((r) => ({ deploymentId: r.id, startTimers: JSON.parse(r.t) as StartTimerState[] }));
}

export async function selectDeploymentIds(pool: Pool, s: string): Promise<string[]> {
  const res = await pool.query<{ id: string }>(`SELECT id FROM ${s}.deployments ORDER BY id COLLATE "C"`);
  return res.rows.map((r) => r.id);
}
