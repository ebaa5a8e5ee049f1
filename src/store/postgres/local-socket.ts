import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian / most packages and a source build put the server's socket. */
const SOCKET_DIRS = ['/var/run/postgresql', '/tmp'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The same server over its Unix socket, when `connectionString` names it on this host by TCP: a round
 * trip over the socket costs both sides less CPU than over loopback TCP (in the bench, `writev` on the
 * TCP socket was ~30 % of an engine process's CPU). Used only when the socket answers with the same
 * credentials AND is the same server (same port and postmaster start time), so a socket of another
 * server on the machine is never taken for it; anything else keeps the TCP address. `dir` overrides
 * where the socket is looked for.
 */
export function localSocketUrl(connectionString: string, dir?: string): Promise<string | undefined> {
  // Stores of one process over one database ask once (tests open hundreds).
  const key = `${dir ?? ''}\0${connectionString}`;
  let found = asked.get(key);
  if (found === undefined) asked.set(key, (found = findSocket(connectionString, dir)));
  return found;
}

const asked = new Map<string, Promise<string | undefined>>();

async function findSocket(connectionString: string, dir?: string): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return undefined; // not a URL (a key=value string): left as given
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !LOOPBACK.has(url.hostname) || url.searchParams.has('host') || url.searchParams.has('ssl') || url.searchParams.has('sslmode')) return undefined;
  const port = url.port === '' ? '5432' : url.port;
  const found = (dir === undefined ? SOCKET_DIRS : [dir]).find((d) => existsSync(join(d, `.s.PGSQL.${port}`)));
  if (found === undefined) return undefined;
  const socket = new URL(url.toString());
  socket.hostname = encodeURIComponent(found);
  const [byTcp, bySocket] = await Promise.all([identity(url.toString()), identity(socket.toString())]);
  return byTcp !== undefined && byTcp === bySocket ? socket.toString() : undefined;
}

async function identity(connectionString: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const res = await client.query<{ id: string }>(`SELECT pg_postmaster_start_time()::text || ' ' || current_setting('port') AS id`);
    return res.rows[0]?.id;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}
