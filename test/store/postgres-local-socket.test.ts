import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { localSocketUrl } from '../../src/store/postgres/local-socket.js';
import { PG_URL, assertDatabaseReachable } from './postgres-test-db.js';

async function serverOf(connectionString: string): Promise<{ tcp: boolean; started: string }> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    const r = await c.query<{ a: string | null; t: string }>('SELECT inet_server_addr()::text AS a, pg_postmaster_start_time()::text AS t');
    return { tcp: r.rows[0]!.a !== null, started: r.rows[0]!.t };
  } finally {
    await c.end();
  }
}

describe('PostgresStore over the local Unix socket', () => {
  it('takes the socket only for the same server, and keeps TCP where there is none', async () => {
    await assertDatabaseReachable();
    const url = await localSocketUrl(PG_URL);
    if (url !== undefined) {
      const viaSocket = await serverOf(url);
      const viaTcp = await serverOf(PG_URL);
      expect(viaSocket.tcp).toBe(false);
      expect(viaSocket.started).toBe(viaTcp.started);
    }
    // A directory without a socket, and a host that is not this one, stay on TCP.
    expect(await localSocketUrl(PG_URL, '/nonexistent-dir')).toBeUndefined();
    expect(await localSocketUrl('postgres://postgres@db.example:5432/test')).toBeUndefined();
    expect(await localSocketUrl('host=127.0.0.1 dbname=test')).toBeUndefined();
  });
});
