import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { MultiInstanceSpec, ProcessSpec, UserTaskSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

async function one(body: string, flavour: 'camunda7' | 'bpmn' = 'camunda7'): Promise<ProcessSpec> {
  return (await parseDefinitions(diagram(flavour, body), { file: 'c7.bpmn' })).processes[0]!;
}

const miTask = (ref: string) => `<bpmn:userTask id="u"><bpmn:multiInstanceLoopCharacteristics>
  <bpmn:loopDataInputRef>${ref}</bpmn:loopDataInputRef><bpmn:inputDataItem name="assignee" />
</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`;

describe('Camunda 7 loopDataInputRef naming a process variable', () => {
  it('reads a name that is no data input as the variable holding the collection', async () => {
    const loop = (await one(miTask('assigneeList'))).elements['u']!.loop as MultiInstanceSpec;
    expect(loop.inputCollection!.evaluate({ assigneeList: ['kermit', 'gonzo'] })).toEqual(['kermit', 'gonzo']);
    expect(loop.inputElement).toBe('assignee');
  });

  it('reads an expression as the collection expression', async () => {
    const loop = (await one(miTask('${lists.a}'))).elements['u']!.loop as MultiInstanceSpec;
    expect(loop.inputCollection!.evaluate({ lists: { a: [1, 2] } })).toEqual([1, 2]);
  });

  it('still refuses the dangling reference in a plain BPMN file', async () => {
    await expect(one(miTask('assigneeList'), 'bpmn')).rejects.toBeInstanceOf(ParseError);
  });
});

describe('user task candidates from both camunda: attributes and potentialOwner', () => {
  it('adds camunda:candidateUsers to the users of the resource assignment', async () => {
    const p = await one(`<bpmn:userTask id="u" camunda:candidateUsers="kermit" camunda:candidateGroups="\${team}">
      <bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>user(fozzie), user(gonzo), management</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
    </bpmn:userTask>`);
    const a = (p.elements['u'] as UserTaskSpec).assignment;
    expect(a.candidateUsers!.evaluate({})).toEqual(['fozzie', 'gonzo', 'kermit']);
    expect(a.candidateGroups!.evaluate({ team: 'sales, support' })).toEqual(['management', 'sales', 'support']);
  });

  it('lets camunda:assignee win over humanPerformer', async () => {
    const p = await one(`<bpmn:userTask id="u" camunda:assignee="kermit">
      <bpmn:humanPerformer><bpmn:resourceAssignmentExpression><bpmn:formalExpression>gonzo</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:humanPerformer>
    </bpmn:userTask>`);
    expect((p.elements['u'] as UserTaskSpec).assignment.assignee!.evaluate({})).toBe('kermit');
  });
});
