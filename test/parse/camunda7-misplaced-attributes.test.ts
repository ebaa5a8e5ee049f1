import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import { diagram } from './diagram-text.js';

const userTask = (attrs: string) => diagram('camunda7', `<bpmn:startEvent id="s" />
<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
<bpmn:userTask id="t" ${attrs} />`);

describe('camunda: attributes on an element kind that does not have them', () => {
  it('ignores one Camunda 7 defines for another kind, as Camunda does (camunda:expression on a user task)', async () => {
    const { processes } = await parseDefinitions(userTask('camunda:expression="${true}"'));
    expect(processes[0]!.elements['t']!.kind).toBe('userTask');
  });

  it('still refuses a name Camunda 7 has nowhere, with its location', async () => {
    const err = await parseDefinitions(userTask('camunda:asignee="ann"'), { file: 'typo.bpmn' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ elementId: 't', line: 6, file: 'typo.bpmn', message: expect.stringMatching(/unknown attribute camunda:asignee/) });
  });
});
