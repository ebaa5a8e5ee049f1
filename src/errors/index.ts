/**
 * Every error the package throws extends BpmnRunnerError with a stable `code`, so callers branch on
 * `err.code` rather than on message text, and `details` survives JSON serialisation (toJSON) the way
 * Temporal's failures do across process boundaries.
 */
export interface ErrorDetails {
  elementId?: string;
  line?: number;
  column?: number;
  file?: string;
  instanceId?: string;
  [key: string]: unknown;
}

export type ErrorCode =
  | 'PARSE_ERROR'
  | 'UNSUPPORTED_ELEMENT'
  | 'EXPRESSION_ERROR'
  | 'FORM_INVALID'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'STORE_ERROR'
  | 'SCRIPT_ERROR'
  | 'TIMEOUT';

export abstract class BpmnRunnerError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: ErrorDetails;
  readonly elementId?: string;
  readonly line?: number;
  readonly column?: number;
  readonly file?: string;
  /** The message without the `file:line:col:` prefix and `[elementId]` suffix, for incident texts. */
  readonly reason: string;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(withLocation(message, details), options);
    this.reason = message;
    this.name = new.target.name;
    this.details = details;
    if (details.elementId !== undefined) this.elementId = details.elementId;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.file !== undefined) this.file = details.file;
  }

  toJSON(): { name: string; code: ErrorCode; message: string; details: ErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** `file:line:col: message [elementId]` — the shape editors and CI logs link from. */
function withLocation(message: string, d: ErrorDetails): string {
  const where = [d.file, d.line, d.column].filter((p) => p !== undefined).join(':');
  const id = d.elementId !== undefined && !message.includes(`[${d.elementId}]`) ? ` [${d.elementId}]` : '';
  return (where && !message.startsWith(where) ? `${where}: ` : '') + message + id;
}

export class ParseError extends BpmnRunnerError {
  readonly code = 'PARSE_ERROR' as const;
}

export class UnsupportedElementError extends BpmnRunnerError {
  readonly code = 'UNSUPPORTED_ELEMENT' as const;
}

export class ExpressionError extends BpmnRunnerError {
  readonly code = 'EXPRESSION_ERROR' as const;
}

export interface FieldError {
  field: string;
  message: string;
}

export class FormValidationError extends BpmnRunnerError {
  readonly code = 'FORM_INVALID' as const;
  readonly fields: FieldError[];
  constructor(fields: FieldError[], details: ErrorDetails = {}) {
    super(`form input is invalid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, {
      ...details,
      fields,
    });
    this.fields = fields;
  }
}

export class NotFoundError extends BpmnRunnerError {
  readonly code = 'NOT_FOUND' as const;
}

export class InvalidStateError extends BpmnRunnerError {
  readonly code = 'INVALID_STATE' as const;
}

export class ConflictError extends BpmnRunnerError {
  readonly code = 'CONFLICT' as const;
}

export class StoreError extends BpmnRunnerError {
  readonly code = 'STORE_ERROR' as const;
}

export class ScriptError extends BpmnRunnerError {
  readonly code = 'SCRIPT_ERROR' as const;
}

/** A wait the caller bounded (e.g. `waitForCompletion({ timeoutMs })`) ran out; nothing was changed. */
export class TimeoutError extends BpmnRunnerError {
  readonly code = 'TIMEOUT' as const;
}

/**
 * The business error a service handler throws to take a BPMN error path. Deliberately not a
 * BpmnRunnerError: it is a modelled outcome, not a failure of the engine.
 */
export class BpmnError extends Error {
  readonly code: string;
  readonly variables?: Record<string, unknown>;
  constructor(code: string, message?: string, variables?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'BpmnError';
    this.code = code;
    if (variables !== undefined) this.variables = variables;
  }
}

export function isBpmnRunnerError(e: unknown): e is BpmnRunnerError {
  return e instanceof BpmnRunnerError;
}
