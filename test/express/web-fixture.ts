import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express from 'express';
import { Engine, MemoryStore, type ServiceHandler } from '../../src/index.js';
import { createFormFlowRouter, DiagramCatalog, type FormFlowOptions } from '../../src/express/index.js';

export const DIAGRAMS = resolve(import.meta.dirname, '../../diagrams');

export interface TestApp {
  /** Origin + mount path, no trailing slash. */
  url: string;
  origin: string;
  engine: Engine;
  diagrams: DiagramCatalog;
  close(): Promise<void>;
}

/** An engine with the named diagrams, the router mounted at `mount`, listening on 127.0.0.1:0. */
export async function startApp(opts: {
  files: string[];
  xml?: string[];
  mount?: string;
  services?: Record<string, ServiceHandler>;
  router?: Partial<Omit<FormFlowOptions, 'engine' | 'diagrams'>>;
}): Promise<TestApp> {
  const engine = new Engine({ store: new MemoryStore(), ...(opts.services ? { services: opts.services } : {}) });
  const diagrams = new DiagramCatalog();
  for (const f of opts.files) await diagrams.deployFile(engine, join(DIAGRAMS, f));
  for (const x of opts.xml ?? []) await diagrams.deployTo(engine, x);
  const app = express();
  const mount = opts.mount ?? '';
  app.use(mount || '/', createFormFlowRouter({ engine, diagrams, ...opts.router }));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + mount,
    origin,
    engine,
    diagrams,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await engine.close();
    },
  };
}

export interface Reply {
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
}

/** A cookie-keeping client over fetch that does not follow redirects, so tests see every 303. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string, private readonly headers: Record<string, string> = {}) {}

  async get(path: string): Promise<Reply> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a urlencoded form; repeated names as arrays. */
  async postForm(path: string, fields: Record<string, string | string[]>): Promise<Reply> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async json(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply & { body: unknown }> {
    const r = await this.send(path, {
      method,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': contentType },
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      parsed = undefined;
    }
    return { ...r, body: parsed };
  }

  private async send(path: string, init: RequestInit): Promise<Reply> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(path.startsWith('http') ? path : this.base + path, {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers };
  }
}

/** The CSRF token of the (first) form on a page. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** The text of the element with this id's error paragraph, or undefined. */
export function fieldError(page: string, fieldId: string): string | undefined {
  return new RegExp(`<p class="field-error" id="f-${fieldId}-error">([^<]*)</p>`).exec(page)?.[1];
}
