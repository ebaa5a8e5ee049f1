import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/index.js';

describe('deployed process description', () => {
  it('reports the process documentation, trimmed, and nothing for a process without one', async () => {
    const engine = new Engine();
    const xml = (id: string, doc: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="${id}" isExecutable="true">${doc}<bpmn:startEvent id="s" /></bpmn:process>
</bpmn:definitions>`;
    const a = await engine.deploy(xml('documented', '<bpmn:documentation>\n   Pays the invoices.  \n</bpmn:documentation>'));
    const b = await engine.deploy(xml('plain', ''));
    expect(a.processes[0]).toMatchObject({ key: 'documented', description: 'Pays the invoices.' });
    expect(b.processes[0]!.description).toBeUndefined();
    await engine.close();
  });
});
