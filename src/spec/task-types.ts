/**
 * What a task carries besides its kind: input/output mappings, forms, assignment, retry settings and
 * where a service call goes. Split from types.ts to keep each file readable; types.ts re-exports all.
 */
import type { CompiledExpression } from './types.js';

/** One input or output mapping: `target` receives the value of `value` evaluated in the source scope. */
export interface IoParameter {
  readonly target: string;
  readonly value: CompiledExpression;
  /**
   * `camunda:script` values inside this parameter (the whole value, or list items / map entries), in
   * document order. The engine runs them first, in the same scope, and `value` reads their results
   * from the list under IO_SCRIPT_RESULTS in the view it is evaluated with.
   */
  readonly scripts?: readonly IoScript[];
}

/** A script that computes (part of) an input/output parameter. */
export interface IoScript {
  /** Lower-cased `scriptFormat`. */
  readonly format: string;
  readonly source: string;
  /** `resource="…"`: an external script file (not inlined). */
  readonly resource?: string;
}

/** View key under which an io parameter's script results are handed to its `value` (no variable can be named so). */
export const IO_SCRIPT_RESULTS = '\u0000ioScriptResults';

export interface IoMapping {
  readonly inputs: readonly IoParameter[];
  readonly outputs: readonly IoParameter[];
}

export type FormFieldType = 'string' | 'long' | 'boolean' | 'date' | 'enum' | 'number' | 'textarea' | 'custom';

export interface FormFieldValidation {
  readonly required?: boolean;
  readonly minlength?: number;
  readonly maxlength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly readonly?: boolean;
  /** Optional regular expression (form-js `validate.pattern`). */
  readonly pattern?: string;
}

export interface FormField {
  readonly id: string;
  readonly label?: string;
  readonly type: FormFieldType;
  readonly defaultValue?: unknown;
  /** Fixed default as an expression (`camunda:formField defaultValue="${x}"`). */
  readonly defaultExpression?: CompiledExpression;
  readonly values?: readonly { readonly id: string; readonly name: string }[];
  readonly validation: FormFieldValidation;
  /** Free-form properties (`camunda:properties`), kept for renderers. */
  readonly properties?: Readonly<Record<string, string>>;
}

export interface FormSpec {
  readonly fields: readonly FormField[];
  /** `camunda:formKey` / `zeebe:formKey` / `zeebe:formId`, kept for front ends that render their own. */
  readonly formKey?: string;
  /** Camunda 7 `camunda:formRef`: a deployed Camunda Form by id, bound to the deployment, the latest or a version. */
  readonly formRef?: { readonly id: string; readonly binding: 'deployment' | 'latest' | 'version'; readonly version?: string };
  /** The embedded Camunda 8 form-js schema when present. */
  readonly schema?: unknown;
}

/** Who may work on a user task; each value evaluates to a string or a list of strings. */
export interface TaskAssignment {
  /** A task name that is an expression (evaluated when the task is created). */
  readonly name?: CompiledExpression;
  readonly assignee?: CompiledExpression;
  readonly candidateUsers?: CompiledExpression;
  readonly candidateGroups?: CompiledExpression;
  readonly dueDate?: CompiledExpression;
  readonly followUpDate?: CompiledExpression;
  readonly priority?: CompiledExpression;
}

/** Retry settings as written in the file; merged with the engine's policy at run time. */
export interface RetrySpec {
  /** Total attempts, the first call included. */
  readonly maxAttempts?: number;
  /** Delay before each retry, in order; the last one repeats. */
  readonly intervalsMs?: readonly number[];
  /** The text it came from, for messages. */
  readonly source: string;
}

/** Where a service call goes: a registered handler of `type`, else an external task on topic `type`. */
export interface ServiceSpec {
  readonly type: string;
  readonly typeSource: 'zeebe' | 'topic' | 'delegateExpression' | 'class' | 'camundaType' | 'expression';
  /** `camunda:type="external"` or Camunda 8: workers are expected, a registered handler still wins. */
  readonly external: boolean;
  readonly retry?: RetrySpec;
  /** `zeebe:taskHeaders` / `camunda:field` string values, passed to handlers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `camunda:field`s with an `expression`: evaluated at each call, the value replaces the header's text. */
  readonly fieldExpressions?: Readonly<Record<string, CompiledExpression>>;
  /** A `camunda:topic` that is an expression: the topic is its value when the task is reached. */
  readonly typeExpression?: CompiledExpression;
  /** `camunda:resultVariable` on an expression service task. */
  readonly resultVariable?: string;
  /** `camunda:expression`: evaluated in place of a call. */
  readonly expression?: CompiledExpression;
}
