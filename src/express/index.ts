/** `bpmn-runner/express`: the form-flow router and what its options name. */
export { createFormFlowRouter } from './form-flow-router.js';
export type { FormFlowOptions } from './form-flow-router.js';
export { DiagramCatalog } from './diagram-catalog.js';
export type { CatalogProcess } from './diagram-catalog.js';
export { defaultLayout } from './layout.js';
export type { Layout, PageParts } from './layout.js';
export { escapeHtml, html, SafeHtml } from './html.js';
export type { CurrentUser, FlowUser, GetUser } from './users.js';
