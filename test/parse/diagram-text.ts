/** Wraps process content in a <definitions> of the given flavour, so each test shows only what it is about. */
const NS = {
  bpmn: '',
  camunda7: ' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  camunda8: ' xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
} as const;

export function diagram(flavour: keyof typeof NS, body: string, opts: { before?: string; processAttrs?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"${NS[flavour]} id="defs" targetNamespace="http://example.com">
${opts.before ?? ''}<bpmn:process id="p" isExecutable="true"${opts.processAttrs ?? ''}>
${body}
</bpmn:process>
</bpmn:definitions>`;
}
