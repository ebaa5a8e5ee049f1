import type { Pool } from 'pg';
import type { Variables } from '../../engine/state.js';
import type { BufferedMessage } from '../shared-store.js';

/**
 * The buffer of messages that matched no subscription (ttlMs) and the message ids already accepted,
 * shared by every engine process on the schema. Taking a buffered message deletes it in the same
 * statement that finds it (SKIP LOCKED: two processes never take the same one).
 */

type Row = Record<string, unknown>;

export async function insertBufferedMessage(pool: Pool, s: string, m: BufferedMessage): Promise<void> {
  await pool.query(`INSERT INTO ${s}.message_buffer (name, correlation_key, variables, expires_at) VALUES ($1, $2, $3::jsonb, $4)`, [
    m.name,
    m.correlationKey ?? null,
    JSON.stringify(m.variables),
    m.expiresAt,
  ]);
}

/** A buffered message goes to a subscription of its name; one with a correlation key only to that key. */
export async function deleteMatchingMessages(
  pool: Pool, s: string, subs: readonly { name: string; correlationKey?: string }[], now: Date, limit: number,
): Promise<BufferedMessage[]> {
  const res = await pool.query<Row>(
    `DELETE FROM ${s}.message_buffer WHERE position IN (
       SELECT position FROM ${s}.message_buffer b
       WHERE b.expires_at > $3::timestamptz AND EXISTS (
         SELECT 1 FROM unnest($1::text[], $2::text[]) AS sub(name, key)
         WHERE b.name = sub.name AND (b.correlation_key IS NULL OR b.correlation_key = sub.key))
       ORDER BY position LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING position, name, correlation_key, variables::text AS v, expires_at`,
    [subs.map((x) => x.name), subs.map((x) => x.correlationKey ?? null), now, limit],
  );
  return res.rows
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((r) => {
      const m: BufferedMessage = { name: r.name as string, variables: JSON.parse(r.v as string) as Variables, expiresAt: (r.expires_at as Date).toISOString() };
      if (r.correlation_key !== null) m.correlationKey = r.correlation_key as string;
      return m;
    });
}

/** The latest expiry among live buffered messages; expired ones are dropped on the way. */
export async function latestBufferExpiry(pool: Pool, s: string, now: Date): Promise<string | undefined> {
  await pool.query(`DELETE FROM ${s}.message_buffer WHERE expires_at <= $1::timestamptz`, [now]);
  const res = await pool.query<{ until: Date | null }>(`SELECT max(expires_at) AS until FROM ${s}.message_buffer`);
  const until = res.rows[0]?.until;
  return until instanceof Date ? until.toISOString() : undefined;
}

export async function claimMessageId(
  pool: Pool, s: string, messageId: string, now: Date, ttlMs: number,
): Promise<{ claimed: true } | { claimed: false; result?: unknown }> {
  await pool.query(`DELETE FROM ${s}.message_ids WHERE message_id = $1 AND expires_at <= $2::timestamptz`, [messageId, now]);
  const ins = await pool.query(
    `INSERT INTO ${s}.message_ids (message_id, expires_at) VALUES ($1, $2::timestamptz + make_interval(secs => $3::double precision / 1000))
     ON CONFLICT (message_id) DO NOTHING`,
    [messageId, now, ttlMs],
  );
  if (ins.rowCount === 1) return { claimed: true };
  const res = await pool.query<Row>(`SELECT result::text AS r FROM ${s}.message_ids WHERE message_id = $1`, [messageId]);
  const text = res.rows[0]?.r;
  return typeof text === 'string' ? { claimed: false, result: JSON.parse(text) as unknown } : { claimed: false };
}

export async function updateMessageResult(pool: Pool, s: string, messageId: string, result: unknown): Promise<void> {
  await pool.query(`UPDATE ${s}.message_ids SET result = $2::jsonb WHERE message_id = $1`, [messageId, JSON.stringify(result)]);
}

export async function deleteMessageId(pool: Pool, s: string, messageId: string): Promise<void> {
  await pool.query(`DELETE FROM ${s}.message_ids WHERE message_id = $1`, [messageId]);
}
