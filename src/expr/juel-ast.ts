/*
 * The tree the JUEL parser builds and both compilers (closures, expr-eval) walk. Kept apart from the
 * parser so the compilers depend on the shape of an expression, not on how it is read.
 */

export type JuelBinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type JuelNode =
  | { readonly type: 'literal'; readonly value: string | number | boolean | null }
  | { readonly type: 'identifier'; readonly name: string }
  | { readonly type: 'property'; readonly object: JuelNode; readonly key: JuelNode }
  | { readonly type: 'unary'; readonly op: '-' | '!' | 'empty'; readonly operand: JuelNode }
  | { readonly type: 'binary'; readonly op: JuelBinaryOp; readonly left: JuelNode; readonly right: JuelNode }
  | { readonly type: 'conditional'; readonly test: JuelNode; readonly then: JuelNode; readonly otherwise: JuelNode }
  /** A whitelisted method of `execution`; a property read is already rewritten to its getter. */
  | { readonly type: 'execution'; readonly method: string; readonly args: readonly JuelNode[] }
  /** A whitelisted Java method of a String, List, Map, Number or Boolean value (juel-java-methods.ts). */
  | { readonly type: 'method'; readonly object: JuelNode; readonly name: string; readonly args: readonly JuelNode[] };

/** How a callee reads in an error message: `a.b.c`, `execution.getVariable(…)`. */
export function describeNode(node: JuelNode): string {
  if (node.type === 'identifier') return node.name;
  if (node.type === 'property') {
    const key = node.key.type === 'literal' ? String(node.key.value) : '[…]';
    return `${describeNode(node.object)}.${key}`;
  }
  if (node.type === 'execution') return `execution.${node.method}(…)`;
  if (node.type === 'method') return `${describeNode(node.object)}.${node.name}(…)`;
  return '…';
}
