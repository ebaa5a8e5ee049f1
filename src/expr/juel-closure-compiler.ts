import type { JuelBinaryOp, JuelNode } from './juel-ast.js';
import { callJavaMethod } from './juel-java-methods.js';
import * as juel from './juel-semantics.js';

/**
 * The JUEL shapes that make up nearly every real condition and mapping — a variable path, a literal, a
 * comparison or `&&`/`||`/`!`/`empty` of those — compiled once to plain closures. expr-eval-fork walks
 * its token list on every evaluation and scans its whole function table on every call (measured ~10 %
 * of a gateway loop); these closures call the same `juel-semantics` functions in the same order, with
 * the same short-circuit, so results and errors are identical (test/expr/juel-differential.test.ts).
 * Everything else (arithmetic, `? :`, computed keys, `execution`) is left to expr-eval-fork; Java
 * methods on values (`s.length()`, `list.size() > 0`) are common shapes when their parts are.
 */

export type Vars = Readonly<Record<string, unknown>>;
type Fn = (vars: Vars) => unknown;

/** The closure for `node`, or undefined when the shape is not one of the common ones. */
export function compileCommonShape(node: JuelNode): Fn | undefined {
  switch (node.type) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'identifier': {
      const name = node.name;
      return (vars) => juel.variable(vars, name);
    }
    case 'property': {
      // Only a path: `a.b` / `a['b']` / `a[0]`, the key fixed at deploy.
      if (node.key.type !== 'literal') return undefined;
      const object = compileCommonShape(node.object);
      if (object === undefined) return undefined;
      const key = node.key.value;
      return (vars) => juel.property(object(vars), key);
    }
    case 'unary':
      return unary(node.op, node.operand);
    case 'binary':
      return binary(node.op, node.left, node.right);
    case 'method':
      return method(node.object, node.name, node.args);
    default:
      return undefined;
  }
}

function unary(op: '-' | '!' | 'empty', operand: JuelNode): Fn | undefined {
  // `-5` parses as a negation: a negative number literal is still a literal.
  if (op === '-') {
    if (operand.type !== 'literal' || typeof operand.value !== 'number') return undefined;
    const value = juel.negate(operand.value);
    return () => value;
  }
  const inner = compileCommonShape(operand);
  if (inner === undefined) return undefined;
  if (op === '!') return (vars) => !juel.toBoolean(inner(vars));
  return (vars) => juel.isEmpty(inner(vars));
}

const COMPARISONS: Partial<Record<JuelBinaryOp, (a: unknown, b: unknown) => boolean>> = {
  '==': juel.equal,
  '!=': (a, b) => !juel.equal(a, b),
  '<': juel.lessThan,
  '<=': juel.lessOrEqual,
  '>': juel.greaterThan,
  '>=': juel.greaterOrEqual,
};

function binary(op: JuelBinaryOp, leftNode: JuelNode, rightNode: JuelNode): Fn | undefined {
  const left = compileCommonShape(leftNode);
  const right = left === undefined ? undefined : compileCommonShape(rightNode);
  if (left === undefined || right === undefined) return undefined;
  // Both operands are coerced to booleans and the right one only evaluated when needed, as in the
  // expr-eval translation (`jbool(l) and jbool(r)`).
  if (op === '&&') return (vars) => juel.toBoolean(left(vars)) && juel.toBoolean(right(vars));
  if (op === '||') return (vars) => juel.toBoolean(left(vars)) || juel.toBoolean(right(vars));
  const compare = COMPARISONS[op];
  if (compare === undefined) return undefined;
  // Specialised per side so the common `path OP literal` reads the literal once, not through a call.
  if (leftNode.type === 'literal') {
    const a = leftNode.value;
    return (vars) => compare(a, right(vars));
  }
  if (rightNode.type === 'literal') {
    const b = rightNode.value;
    return (vars) => compare(left(vars), b);
  }
  return (vars) => compare(left(vars), right(vars));
}

/** `value.name(args)` of common shapes: receiver, then arguments left to right, as expr-eval evaluates them. */
function method(objectNode: JuelNode, name: string, argNodes: readonly JuelNode[]): Fn | undefined {
  const receiver = compileCommonShape(objectNode);
  if (receiver === undefined) return undefined;
  const args: Fn[] = [];
  for (const a of argNodes) {
    const fn = compileCommonShape(a);
    if (fn === undefined) return undefined;
    args.push(fn);
  }
  if (args.length === 0) return (vars) => callJavaMethod(receiver(vars), name, []);
  return (vars) => {
    const self = receiver(vars);
    return callJavaMethod(self, name, args.map((a) => a(vars)));
  };
}
