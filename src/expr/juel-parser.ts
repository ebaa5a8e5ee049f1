import { ExpressionError } from '../errors/index.js';
import { FORBIDDEN_PROPERTY_NAMES, MAX_NESTING_DEPTH } from './limits.js';
import { EXECUTION_IDENTIFIER, EXECUTION_METHODS, EXECUTION_PROPERTIES } from './juel-execution.js';
import { checkJavaMethodCall, JAVA_METHOD_ARITIES, JAVA_METHODS_HINT } from './juel-java-methods.js';
import { JuelTokenizer, type JuelToken } from './juel-tokenizer.js';
import { describeNode, type JuelBinaryOp, type JuelNode } from './juel-ast.js';

/** JUEL's word operators mapped to their symbolic twins (EL spec 1.7–1.9). */
const WORD_OPS: Readonly<Record<string, JuelBinaryOp>> = {
  and: '&&', or: '||', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', div: '/', mod: '%',
};
const RESERVED = new Set([...Object.keys(WORD_OPS), 'not', 'empty', 'true', 'false', 'null', 'instanceof']);

/** Constructs of EL 2.2/3.0 outside our subset, named so the modeller knows what to rewrite. */
const UNSUPPORTED_OPS: Readonly<Record<string, string>> = {
  '+=': 'string concatenation operator (+=)',
  '->': 'lambda expressions',
  '=': 'assignment',
  ';': 'the ; (sequence) operator',
  '{': 'set/map literals',
};

export interface ParsedJuel {
  readonly ast: JuelNode;
  /** Offset just past the closing `}` of the `${…}` / `#{…}` block. */
  readonly end: number;
  /** True when the block calls or reads `execution`, so the engine knows to provide it. */
  readonly usesExecution: boolean;
}

/**
 * Recursive-descent parser for the supported JUEL subset. It starts right after `${` or `#{` and stops at
 * the matching `}`, so composite text needs no separate brace matching (and a `}` inside a string
 * literal is never mistaken for the end).
 */
export function parseJuelBlock(src: string, start: number): ParsedJuel {
  const p = new JuelParser(src, start);
  const ast = p.expression(0);
  const close = p.take();
  if (close.kind === 'op' && close.text === '}') return { ast, end: close.start + 1, usesExecution: p.usesExecution };
  if (close.kind === 'end') throw new ExpressionError(`missing closing '}' in '${src}'`);
  throw p.unexpected(close);
}

class JuelParser {
  private readonly tokens: JuelTokenizer;
  private current: JuelToken;
  usesExecution = false;

  constructor(private readonly src: string, start: number) {
    this.tokens = new JuelTokenizer(src, start);
    this.current = this.tokens.next();
  }

  take(): JuelToken {
    const t = this.current;
    // Never scan past the closing `}`: what follows is literal text of a composite expression.
    const closes = t.kind === 'op' && t.text === '}';
    this.current = closes ? { kind: 'end', text: '', start: t.start + 1 } : this.tokens.next();
    return t;
  }

  private isOp(text: string): boolean {
    return this.current.kind === 'op' && this.current.text === text;
  }

  private isWord(text: string): boolean {
    return this.current.kind === 'name' && this.current.text === text;
  }

  private expect(text: string): void {
    if (!this.isOp(text)) throw this.unexpected(this.current);
    this.take();
  }

  unexpected(t: JuelToken): ExpressionError {
    if (t.kind === 'end') return new ExpressionError(`unexpected end of expression in '${this.src}'`);
    if (t.kind === 'op' && UNSUPPORTED_OPS[t.text]) {
      return new ExpressionError(`${UNSUPPORTED_OPS[t.text]} not supported in '${this.src}'`);
    }
    if (t.kind === 'name' && t.text === 'instanceof') {
      return new ExpressionError(`instanceof is not supported in '${this.src}'`);
    }
    return new ExpressionError(`unexpected '${t.text}' at offset ${t.start} in '${this.src}'`);
  }

  expression(depth: number): JuelNode {
    if (depth > MAX_NESTING_DEPTH) {
      throw new ExpressionError(`expression nests deeper than ${MAX_NESTING_DEPTH} levels`);
    }
    const test = this.binary(0, depth);
    if (!this.isOp('?')) return test;
    this.take();
    const then = this.expression(depth + 1);
    this.expect(':');
    const otherwise = this.expression(depth + 1);
    return { type: 'conditional', test, then, otherwise };
  }

  /** Precedence climbing over the levels of EL spec 1.17, loosest first. */
  private binary(level: number, depth: number): JuelNode {
    if (level === LEVELS.length) return this.unary(depth);
    let left = this.binary(level + 1, depth);
    for (;;) {
      const op = this.binaryOp(LEVELS[level]!);
      if (!op) return left;
      this.take();
      const right = this.binary(level + 1, depth);
      left = { type: 'binary', op, left, right };
    }
  }

  private binaryOp(ops: readonly JuelBinaryOp[]): JuelBinaryOp | undefined {
    const t = this.current;
    const op = t.kind === 'op' ? (t.text as JuelBinaryOp) : t.kind === 'name' ? WORD_OPS[t.text] : undefined;
    return op !== undefined && ops.includes(op) ? op : undefined;
  }

  private unary(depth: number): JuelNode {
    if (depth > MAX_NESTING_DEPTH) {
      throw new ExpressionError(`expression nests deeper than ${MAX_NESTING_DEPTH} levels`);
    }
    if (this.isOp('-')) {
      this.take();
      return { type: 'unary', op: '-', operand: this.unary(depth + 1) };
    }
    if (this.isOp('!') || this.isWord('not')) {
      this.take();
      return { type: 'unary', op: '!', operand: this.unary(depth + 1) };
    }
    if (this.isWord('empty')) {
      this.take();
      return { type: 'unary', op: 'empty', operand: this.unary(depth + 1) };
    }
    return this.value(depth);
  }

  private value(depth: number): JuelNode {
    let node = this.primary(depth);
    if (node.type === 'identifier' && node.name === EXECUTION_IDENTIFIER) node = this.executionAccess(node, depth);
    for (;;) {
      if (this.isOp('.')) {
        this.take();
        const name = this.take();
        if (name.kind !== 'name' || RESERVED.has(name.text)) throw this.unexpected(name);
        node = { type: 'property', object: node, key: { type: 'literal', value: checkedKey(name.text) } };
      } else if (this.isOp('[')) {
        this.take();
        const key = this.expression(depth + 1);
        this.expect(']');
        if (key.type === 'literal' && typeof key.value === 'string') checkedKey(key.value);
        node = { type: 'property', object: node, key };
      } else if (this.isOp('(')) {
        node = this.methodCall(node, depth);
      } else {
        return node;
      }
    }
  }

  /** `value.name(…)` with a whitelisted name; a bean method, a function or a computed name is refused at deploy. */
  private methodCall(node: JuelNode, depth: number): JuelNode {
    const key = node.type === 'property' && node.key.type === 'literal' ? node.key.value : undefined;
    if (node.type === 'identifier') throw new ExpressionError(`function calls are not supported: '${node.name}(…)' in '${this.src}'`);
    if (node.type !== 'property' || typeof key !== 'string' || !JAVA_METHOD_ARITIES.has(key)) {
      throw new ExpressionError(`method calls are not supported: '${describeNode(node)}(…)' in '${this.src}' ${JAVA_METHODS_HINT}`);
    }
    const args = this.arguments(depth);
    checkJavaMethodCall(key, args, this.src);
    return { type: 'method', object: node.object, name: key, args };
  }

  /**
   * Camunda resolves `execution` to the DelegateExecution before any variable of that name, so it is
   * never a plain variable here: only the whitelisted properties and methods are accepted, and bare
   * `execution` (which could only be handed to a bean method we do not support) is refused.
   */
  private executionAccess(identifier: JuelNode, depth: number): JuelNode {
    if (this.isOp('(')) return identifier; // `execution(…)`: the generic function-call error follows
    let name: string;
    if (this.isOp('.')) {
      this.take();
      const t = this.take();
      if (t.kind !== 'name') throw this.unexpected(t);
      name = t.text;
    } else if (this.isOp('[')) {
      this.take();
      const key = this.expression(depth + 1);
      this.expect(']');
      if (key.type !== 'literal' || typeof key.value !== 'string') {
        throw new ExpressionError(`execution[…] needs a literal property name in '${this.src}'`);
      }
      name = key.value;
    } else {
      throw new ExpressionError(
        `'execution' can only be used as execution.<property> or execution.<method>(…) in '${this.src}'`,
      );
    }
    this.usesExecution = true;
    if (!this.isOp('(')) {
      const getter = EXECUTION_PROPERTIES.get(name);
      if (getter === undefined) {
        throw new ExpressionError(
          `property 'execution.${name}' is not supported in '${this.src}'; supported: ${[...EXECUTION_PROPERTIES.keys()].join(', ')}`,
        );
      }
      return { type: 'execution', method: getter, args: [] };
    }
    const arity = EXECUTION_METHODS.get(name);
    if (arity === undefined) {
      throw new ExpressionError(
        `method calls are not supported: 'execution.${name}(…)' in '${this.src}'; on execution only ${[...EXECUTION_METHODS.keys()].join(', ')}`,
      );
    }
    const args = this.arguments(depth);
    if (args.length !== arity) {
      throw new ExpressionError(
        `execution.${name} takes ${arity} argument${arity === 1 ? '' : 's'}, got ${args.length} in '${this.src}'`,
      );
    }
    return { type: 'execution', method: name, args };
  }

  private arguments(depth: number): JuelNode[] {
    this.expect('(');
    const args: JuelNode[] = [];
    if (this.isOp(')')) {
      this.take();
      return args;
    }
    for (;;) {
      args.push(this.expression(depth + 1));
      if (this.isOp(')')) {
        this.take();
        return args;
      }
      this.expect(',');
    }
  }

  private primary(depth: number): JuelNode {
    const t = this.take();
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw new ExpressionError(`number literal '${t.text}' is out of range`);
      return { type: 'literal', value };
    }
    if (t.kind === 'string') return { type: 'literal', value: t.text };
    if (t.kind === 'name') {
      if (t.text === 'true' || t.text === 'false') return { type: 'literal', value: t.text === 'true' };
      if (t.text === 'null') return { type: 'literal', value: null };
      if (RESERVED.has(t.text)) throw this.unexpected(t);
      // `ns:fn(…)` is an EL function; `c ? x : y` is not, so only a name and `(` after the colon count.
      if (this.isOp(':') && NAMESPACED_CALL.test(this.src.slice(this.current.start, this.current.start + 256))) {
        throw new ExpressionError(`function calls are not supported: '${t.text}:…' in '${this.src}'`);
      }
      return { type: 'identifier', name: checkedKey(t.text) };
    }
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.expression(depth + 1);
      this.expect(')');
      return inner;
    }
    if (t.kind === 'op' && t.text === '[') throw new ExpressionError(`list literals are not supported in '${this.src}'`);
    throw this.unexpected(t);
  }
}

const NAMESPACED_CALL = /^:\s*[A-Za-z_$\p{L}][A-Za-z0-9_$\p{L}\p{N}]*\s*\(/u;

const LEVELS: readonly (readonly JuelBinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

function checkedKey(name: string): string {
  if (FORBIDDEN_PROPERTY_NAMES.has(name)) {
    throw new ExpressionError(`access to '${name}' is not allowed in expressions`);
  }
  return name;
}
