/** embed-express — mount bpmn-runner's form flows into your own Express app (as one mounts Camunda Tasklist or a Flask blueprint). */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createFormFlowRouter, DiagramCatalog } from '../../src/express/index.js';
import { Engine } from '../../src/index.js';
import { runIfMain } from '../shared/example-kit.js';

export async function run(opts: { port?: number; log?: (line: string) => void } = {}) {
  const engine = new Engine();
  const diagrams = new DiagramCatalog(); // keeps the XML and start forms the pages show
  await diagrams.deployFile(engine, fileURLToPath(new URL('../job-application/job-application-c7.bpmn', import.meta.url)));

  const app = express();
  app.get('/', (_req, res) => void res.send('<a href="/flows/">Job applications</a>')); // your own routes
  app.use('/flows', createFormFlowRouter({ engine, diagrams, title: 'Acme HR' }));

  const server = app.listen(opts.port ?? 3000, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flows/`;
  (opts.log ?? console.log)(`form flows on ${url}`);
  const close = async () => {
    await new Promise((resolve) => (server.close(resolve), server.closeAllConnections()));
    await engine.close();
  };
  return { url, close };
}

runIfMain(import.meta.url, () => run().then(({ url }) => ({ url })));
