import type { FormField, FormSpec } from '../../src/spec/types.js';

/*
 * Stand-in for src/parse/form-js-schema.ts while its author writes it (see vitest.stand-in.config.ts):
 * the parser tests check that the embedded schema reaches formJsToFormSpec and that its result lands
 * on the task, not the conversion itself.
 */
export function formJsToFormSpec(schema: unknown): FormSpec {
  const components = (schema as { components?: { key?: string; label?: string }[] }).components ?? [];
  const fields: FormField[] = components
    .filter((c) => typeof c.key === 'string')
    .map((c) => ({ id: c.key as string, ...(c.label ? { label: c.label } : {}), type: 'string', validation: {} }));
  return { fields };
}
