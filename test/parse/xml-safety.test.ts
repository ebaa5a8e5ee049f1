import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&lol9;" isExecutable="true"/></bpmn:definitions>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&xxe;" isExecutable="true"/></bpmn:definitions>`;

describe('XML safety', () => {
  it('rejects a billion-laughs document at its DOCTYPE, quickly', async () => {
    const started = performance.now();
    const err = await parseDefinitions(BILLION_LAUGHS, { file: 'lol.bpmn' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ line: 2, column: 1, file: 'lol.bpmn' });
    expect((err as Error).message).toMatch(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(1000); // generous bound on a shared machine
  });

  it('rejects an external entity (XXE) without reading anything', async () => {
    await expect(parseDefinitions(XXE)).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 2 });
  });

  it('rejects an <!ENTITY even without a DOCTYPE line', async () => {
    await expect(parseDefinitions('<a>\n  <!ENTITY x "y">\n</a>')).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 3 });
  });

  it('rejects XML that is not well-formed with the line and column of the fault', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:task id="t">
  </bpmn:process>
</bpmn:definitions>`;
    const err = await parseDefinitions(xml, { file: 'broken.bpmn' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ file: 'broken.bpmn', line: 4 });
    expect((err as ParseError).column).toBeGreaterThan(0);
  });

  it('rejects a document that is not BPMN (e.g. DMN) at its root element', async () => {
    const dmn = `<?xml version="1.0"?>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d"/>`;
    await expect(parseDefinitions(dmn)).rejects.toMatchObject({ code: 'PARSE_ERROR', line: 2, column: 1 });
  });
});
