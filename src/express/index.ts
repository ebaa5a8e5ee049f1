/**
 * `bpmn-runner/express`: the form-flow router and what its options name.
 *
 *   const engine = new Engine({ store: new FileStore({ dir: '.data' }) });
 *   const diagrams = new DiagramCatalog();
 *   await diagrams.deployFile(engine, 'diagrams/order.bpmn');    // instead of engine.deployFile
 *   app.use('/flows', createFormFlowRouter({ engine, diagrams, getUser: (req) => req.user }));
 *
 * Why a catalog: the engine's API exposes neither the deployed XML (the diagram page draws it) nor
 * the start event's form, so the router keeps both, by process key and version, from whoever deploys.
 * Pages: `/` processes, `/:key/start`, `/task/:id`, `/tasks`, `/instances`, `/instance/:id`
 * (diagram, history, variables), `/instance/:id/next` (where a user goes after acting). JSON status
 * API under `/api`. Every POST form carries a CSRF token kept in a session: the host's session
 * middleware if one runs before the router, else the router's own in-memory one.
 */
export { createFormFlowRouter } from './form-flow-router.js';
export type { FormFlowOptions } from './form-flow-router.js';
export { DiagramCatalog } from './diagram-catalog.js';
export type { CatalogProcess } from './diagram-catalog.js';
export { defaultLayout } from './layout.js';
export type { Layout, PageParts } from './layout.js';
export { escapeHtml, html, SafeHtml } from './html.js';
export type { CurrentUser, FlowUser, GetUser } from './users.js';
