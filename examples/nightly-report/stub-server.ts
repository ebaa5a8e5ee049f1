/**
 * The "outside world" of the nightly report: a tiny HTTP server on 127.0.0.1 (port 0, so tests never
 * collide) with sales figures per day and a place to publish reports. Stands in for the APIs an
 * Airflow DAG would call with its HttpOperator.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  baseUrl: string;
  /** Reports received by POST /reports, in arrival order. */
  reports: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Deterministic figures: the same date always gives the same sales. */
export function salesFor(date: string): { region: string; amount: number }[] {
  const day = Number(date.slice(8, 10)) || 1;
  return [
    { region: 'north', amount: 100 + day },
    { region: 'south', amount: 80 + 3 * day },
    { region: 'west', amount: 120 },
  ];
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

export async function startStubServer(): Promise<StubServer> {
  const reports: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const sales = /^\/sales\/(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && sales) {
        res.end(JSON.stringify(salesFor(sales[1]!)));
      } else if (req.method === 'POST' && url.pathname === '/reports') {
        const report = JSON.parse(await readBody(req)) as Record<string, unknown>;
        reports.push(report);
        res.statusCode = 201;
        res.end(JSON.stringify({ reportId: `report-${reports.length}` }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: 'not found' }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    reports,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // fetch keeps connections alive; without this close() would wait for their idle timeout.
        server.closeAllConnections();
      }),
  };
}
