import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { UserTaskSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

const task = async (attrs: string): Promise<UserTaskSpec> =>
  (await parseDefinitions(diagram('camunda7', `<bpmn:userTask id="u" ${attrs} />`), { file: 'c7.bpmn' })).processes[0]!.elements['u'] as UserTaskSpec;

describe('camunda:formRef on a user task', () => {
  it('keeps the form id, its binding and, for a version binding, the version', async () => {
    expect((await task('camunda:formRef="invoice" camunda:formRefBinding="version" camunda:formRefVersion="3"')).form?.formRef).toEqual({ id: 'invoice', binding: 'version', version: '3' });
    expect((await task('camunda:formRef="invoice" camunda:formRefBinding="latest"')).form?.formRef).toEqual({ id: 'invoice', binding: 'latest' });
    expect((await task('camunda:formRef="invoice" camunda:formRefBinding="deployment"')).form?.formRef).toEqual({ id: 'invoice', binding: 'deployment' });
  });

  it('has no formRef for a plain formKey', async () => {
    expect((await task('camunda:formKey="embedded:app:x.html"')).form?.formRef).toBeUndefined();
  });

  it('refuses an unknown binding and a formRef next to a formKey', async () => {
    await expect(task('camunda:formRef="invoice" camunda:formRefBinding="sometimes"')).rejects.toBeInstanceOf(ParseError);
    await expect(task('camunda:formRef="invoice" camunda:formRefBinding="latest" camunda:formKey="x"')).rejects.toBeInstanceOf(ParseError);
  });
});
