import { FormValidationError, type FormSpec } from '../index.js';
import { defaultValues, validateForm } from '../engine/form-validation.js';

/** What a form shows before anything is submitted: current variables, else the field defaults. */
export function initialValues(form: FormSpec | undefined, current: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return form ? defaultValues(form, current) : {};
}

/**
 * The engine validates task forms on completion but `start` takes plain variables, so the start
 * form is checked here with the same rules before the instance exists.
 */
export function validateStart(form: FormSpec | undefined, values: Record<string, unknown>): Record<string, unknown> {
  if (!form) return values;
  const check = validateForm(form, values);
  if (!check.ok) throw new FormValidationError(check.errors);
  return check.values;
}
