/**
 * The diagram page's browser script, served as `assets/diagram-page.js` (a file, not inline, so the
 * default `script-src 'self'` policy holds). It reads what to mark from data attributes the server
 * wrote escaped, fetches the XML from the same origin and lets the NavigatedViewer draw it.
 */
export const DIAGRAM_CLIENT_JS = `(function () {
  'use strict';
  var el = document.getElementById('diagram');
  if (!el) return;
  function fail(message) {
    el.textContent = '';
    var p = document.createElement('p');
    p.className = 'diagram-error';
    p.textContent = 'The diagram could not be shown: ' + message;
    el.appendChild(p);
    el.setAttribute('data-rendered', 'error');
  }
  if (typeof window.BpmnJS !== 'function') return fail('the viewer script did not load');
  var active = JSON.parse(el.getAttribute('data-active') || '[]');
  var incidents = JSON.parse(el.getAttribute('data-incidents') || '[]');
  var viewer = new window.BpmnJS({ container: el });
  fetch(el.getAttribute('data-xml-url'), { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      canvas.zoom('fit-viewport', 'auto');
      active.forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, 'bpmn-active'); });
      incidents.forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, 'bpmn-incident'); });
      el.setAttribute('data-rendered', 'true');
    })
    .catch(function (err) { fail(err && err.message ? err.message : String(err)); });
})();
`;
