import { Parser, type Expression } from 'expr-eval-fork';
import { ExpressionError, isBpmnRunnerError } from '../errors/index.js';
import type { JuelBinaryOp, JuelNode } from './juel-ast.js';
import { compileCommonShape } from './juel-closure-compiler.js';
import { callExecution } from './juel-execution.js';
import { callJavaMethod } from './juel-java-methods.js';
import * as juel from './juel-semantics.js';

/**
 * JUEL → expr-eval-fork. expr-eval's own operators do not mean what JUEL's do (`||` concatenates, `!` is
 * factorial, `==` is JavaScript's, `+` concatenates strings, identifiers may resolve to its built-in
 * functions such as `max` or `random`), so the emitted text uses none of them: every JUEL operator is a
 * call to one of the functions below, variables are read through `jvar(V, "name")` from the one value
 * `V` we bind, and only expr-eval's `and`, `or` and `? :` are used — for their short-circuit, on
 * operands that are already booleans. expr-eval parses that text once; evaluation walks its RPN.
 */

// A plain object on purpose: expr-eval scans Object.values(functions) on every call, which measured 4×
// slower on a null-prototype object; we never emit a bare name that could hit an inherited key.
const FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  jvar: juel.variable,
  jprop: juel.property,
  jbool: juel.toBoolean,
  jnull: () => null,
  jnot: (a: unknown) => !juel.toBoolean(a),
  jempty: juel.isEmpty,
  jneg: juel.negate,
  jadd: juel.add,
  jsub: juel.subtract,
  jmul: juel.multiply,
  jdiv: juel.divide,
  jmod: juel.remainder,
  jeq: juel.equal,
  jne: (a: unknown, b: unknown) => !juel.equal(a, b),
  jlt: juel.lessThan,
  jle: juel.lessOrEqual,
  jgt: juel.greaterThan,
  jge: juel.greaterOrEqual,
  jexec: callExecution,
};

/** Only expressions that call Java methods get `jcall`: every entry more slows every call (see FUNCTIONS). */
const WITH_METHODS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  ...FUNCTIONS,
  jcall: (receiver: unknown, name: unknown, ...args: unknown[]) => callJavaMethod(receiver, String(name), args),
};

const BINARY_FUNCTION: Readonly<Record<Exclude<JuelBinaryOp, '&&' | '||'>, string>> = {
  '+': 'jadd', '-': 'jsub', '*': 'jmul', '/': 'jdiv', '%': 'jmod',
  '==': 'jeq', '!=': 'jne', '<': 'jlt', '<=': 'jle', '>': 'jgt', '>=': 'jge',
};

/** One parser per function table: its configuration is fixed and parse() keeps no state. */
const parser = createParser(FUNCTIONS);
const methodParser = createParser(WITH_METHODS);

function createParser(functions: typeof FUNCTIONS): Parser {
  const p = new Parser({
    allowMemberAccess: false,
    operators: {
      add: false, subtract: false, multiply: false, divide: false, remainder: false, power: false,
      factorial: false, concatenate: false, comparison: false, in: false, assignment: false, fndef: false,
      logical: true, conditional: true,
    },
  });
  // Only our functions are callable; the defaults (map, fold, random, if, …) are gone.
  p.functions = functions;
  p.consts = Object.assign(Object.create(null), { true: true, false: false });
  return p;
}

/** Every character outside [A-Za-z0-9 ] as \uXXXX: expr-eval's string scanner mis-reads `\\"`. */
function stringLiteral(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

export function toExprEvalText(node: JuelNode): string {
  switch (node.type) {
    case 'literal':
      if (node.value === null) return 'jnull()';
      if (typeof node.value === 'string') return stringLiteral(node.value);
      return String(node.value);
    case 'identifier':
      return `jvar(V, ${stringLiteral(node.name)})`;
    case 'property':
      return `jprop(${toExprEvalText(node.object)}, ${toExprEvalText(node.key)})`;
    case 'unary': {
      const fn = node.op === '-' ? 'jneg' : node.op === '!' ? 'jnot' : 'jempty';
      return `${fn}(${toExprEvalText(node.operand)})`;
    }
    case 'binary':
      if (node.op === '&&' || node.op === '||') {
        const word = node.op === '&&' ? 'and' : 'or';
        return `(jbool(${toExprEvalText(node.left)}) ${word} jbool(${toExprEvalText(node.right)}))`;
      }
      return `${BINARY_FUNCTION[node.op]}(${toExprEvalText(node.left)}, ${toExprEvalText(node.right)})`;
    case 'execution': {
      const args = node.args.map((arg) => `, ${toExprEvalText(arg)}`).join('');
      return `jexec(V, ${stringLiteral(node.method)}${args})`;
    }
    case 'method': {
      const args = node.args.map((arg) => `, ${toExprEvalText(arg)}`).join('');
      return `jcall(${toExprEvalText(node.object)}, ${stringLiteral(node.name)}${args})`;
    }
    case 'conditional':
      return `(jbool(${toExprEvalText(node.test)}) ? (${toExprEvalText(node.then)}) : (${toExprEvalText(node.otherwise)}))`;
  }
}

export type JuelEvaluator = (vars: Readonly<Record<string, unknown>>) => unknown;

/** The common shapes as closures (juel-closure-compiler.ts), everything else through expr-eval-fork. */
export function compileJuelAst(node: JuelNode, source: string): JuelEvaluator {
  const direct = compileCommonShape(node);
  return direct !== undefined ? withErrorsOf(direct, source) : compileWithExprEval(node, source);
}

/** Always through expr-eval-fork: the reference the closures are tested against. */
export function compileWithExprEval(node: JuelNode, source: string): JuelEvaluator {
  let compiled: Expression;
  try {
    compiled = (callsMethods(node) ? methodParser : parser).parse(toExprEvalText(node));
  } catch (cause) {
    throw new ExpressionError(`cannot compile JUEL '${source}': ${(cause as Error).message}`, {}, { cause });
  }
  return withErrorsOf((vars) => compiled.evaluate({ V: vars as never }), source);
}

function callsMethods(node: JuelNode): boolean {
  switch (node.type) {
    case 'method':
      return true;
    case 'property':
      return callsMethods(node.object) || callsMethods(node.key);
    case 'unary':
      return callsMethods(node.operand);
    case 'binary':
      return callsMethods(node.left) || callsMethods(node.right);
    case 'conditional':
      return callsMethods(node.test) || callsMethods(node.then) || callsMethods(node.otherwise);
    case 'execution':
      return node.args.some(callsMethods);
    default:
      return false;
  }
}

function withErrorsOf(evaluate: JuelEvaluator, source: string): JuelEvaluator {
  return (vars) => {
    try {
      return evaluate(vars);
    } catch (e) {
      if (isBpmnRunnerError(e)) throw e;
      throw new ExpressionError(`cannot evaluate '${source}': ${(e as Error).message}`, {}, { cause: e });
    }
  };
}
