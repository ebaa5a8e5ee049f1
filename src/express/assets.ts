import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { APP_CSS } from './app-css.js';
import { DIAGRAM_CLIENT_JS } from './diagram-client.js';

/** bpmn-js's prebuilt bundles and stylesheets, from the installed package: no CDN. */
function bpmnJsDist(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js'));
}

export function assetRoutes(): Router {
  const router = express.Router();
  router.get('/app.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(APP_CSS);
  });
  router.get('/diagram-page.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(DIAGRAM_CLIENT_JS);
  });
  router.use('/bpmn-js', express.static(bpmnJsDist(), { index: false, maxAge: '1d', fallthrough: false }));
  return router;
}
