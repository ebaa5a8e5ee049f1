import { ExpressionError } from '../errors/index.js';
import type { JuelNode } from './juel-ast.js';
import { javaRegex } from './juel-java-regex.js';
import { STRING_METHODS, type JavaMethod } from './juel-java-strings.js';
import {
  describeValue, intArgument, javaEquals, javaToString, javaTypeOf, numberArgument, toJavaInt, type JavaType,
} from './juel-java-values.js';
import { guarded } from './juel-semantics.js';
import { FORBIDDEN_PROPERTY_NAMES, hasOwn } from './limits.js';

/**
 * The Java methods Camunda 7 models call on plain values (`${list.size() > 0}`, `${name.toUpperCase()}`,
 * `${map.get('k')}`), dispatched on the value's type at run time. Only the names in these tables exist:
 * every implementation is written here against the value's data, so a call can never reach a JavaScript
 * prototype method, a function held in a variable, or a Java-ish mutator (add, put, remove: expressions
 * do not change variables except through execution.setVariable). The parser refuses any other name at
 * deploy, like the execution methods of juel-execution.ts.
 */

type Table<T> = ReadonlyMap<string, { arities: readonly number[]; call: JavaMethod<T> }>;
type List = readonly unknown[];
type JsonMap = Readonly<Record<string, unknown>>;

function outOfBounds(where: string, detail: string): ExpressionError {
  return new ExpressionError(`${where}: ${detail} (IndexOutOfBoundsException in Java)`);
}

function listArgument(v: unknown, where: string): List {
  if (Array.isArray(v)) return v;
  throw new ExpressionError(`${where}: expected a List, got ${describeValue(v)}`);
}

/** Map keys are Strings; any other key finds nothing, as HashMap<String, …>.get(1) does. */
function mapKey(key: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  if (FORBIDDEN_PROPERTY_NAMES.has(key)) throw new ExpressionError(`access to '${key}' is not allowed in expressions`);
  return key;
}

const LIST_METHODS: Table<List> = new Map<string, { arities: readonly number[]; call: JavaMethod<List> }>([
  ['size', { arities: [0], call: (l) => l.length }],
  ['isEmpty', { arities: [0], call: (l) => l.length === 0 }],
  ['get', { arities: [1], call: (l, a) => {
    const i = intArgument(a[0], 'List.get(index)');
    if (i < 0 || i >= l.length) throw outOfBounds('List.get(index)', `index ${i} out of bounds for length ${l.length}`);
    return l[i];
  } }],
  ['contains', { arities: [1], call: (l, a) => l.some((x) => javaEquals(x, a[0])) }],
  ['indexOf', { arities: [1], call: (l, a) => l.findIndex((x) => javaEquals(x, a[0])) }],
  ['lastIndexOf', { arities: [1], call: (l, a) => l.findLastIndex((x) => javaEquals(x, a[0])) }],
  ['containsAll', { arities: [1], call: (l, a) => listArgument(a[0], 'List.containsAll(collection)').every((y) => l.some((x) => javaEquals(x, y))) }],
  ['subList', { arities: [2], call: (l, a) => {
    const from = intArgument(a[0], 'List.subList(fromIndex, toIndex)');
    const to = intArgument(a[1], 'List.subList(fromIndex, toIndex)');
    if (from < 0 || to > l.length || from > to) {
      throw outOfBounds('List.subList(fromIndex, toIndex)', `fromIndex ${from}, toIndex ${to}, size ${l.length}`);
    }
    return l.slice(from, to);
  } }],
  ['equals', { arities: [1], call: (l, a) => javaEquals(l, a[0]) }],
  ['toString', { arities: [0], call: javaToString }],
]);

const MAP_METHODS: Table<JsonMap> = new Map<string, { arities: readonly number[]; call: JavaMethod<JsonMap> }>([
  ['size', { arities: [0], call: (m) => Object.keys(m).length }],
  ['isEmpty', { arities: [0], call: (m) => Object.keys(m).length === 0 }],
  ['get', { arities: [1], call: (m, a) => {
    const key = mapKey(a[0]);
    return key !== undefined && hasOwn(m, key) ? m[key] : null;
  } }],
  ['getOrDefault', { arities: [2], call: (m, a) => {
    const key = mapKey(a[0]);
    return key !== undefined && hasOwn(m, key) ? m[key] : a[1];
  } }],
  ['containsKey', { arities: [1], call: (m, a) => {
    const key = mapKey(a[0]);
    return key !== undefined && hasOwn(m, key);
  } }],
  ['containsValue', { arities: [1], call: (m, a) => Object.values(m).some((v) => javaEquals(v, a[0])) }],
  ['keySet', { arities: [0], call: (m) => Object.keys(m) }],
  ['values', { arities: [0], call: (m) => Object.values(m) }],
  ['equals', { arities: [1], call: (m, a) => javaEquals(m, a[0]) }],
  ['toString', { arities: [0], call: javaToString }],
]);

/** Long.compare / Double.compare: -1, 0 or 1; NaN is above everything, as Double.compare has it. */
function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const NUMBER_METHODS: Table<number> = new Map<string, { arities: readonly number[]; call: JavaMethod<number> }>([
  ['intValue', { arities: [0], call: toJavaInt }],
  ['longValue', { arities: [0], call: (n) => (Number.isNaN(n) ? 0 : Math.trunc(n)) }],
  ['doubleValue', { arities: [0], call: (n) => n }],
  ['floatValue', { arities: [0], call: (n) => Math.fround(n) }],
  ['shortValue', { arities: [0], call: (n) => (toJavaInt(n) << 16) >> 16 }],
  ['byteValue', { arities: [0], call: (n) => (toJavaInt(n) << 24) >> 24 }],
  ['isNaN', { arities: [0], call: (n) => Number.isNaN(n) }],
  ['isInfinite', { arities: [0], call: (n) => n === Infinity || n === -Infinity }],
  ['compareTo', { arities: [1], call: (n, a) => compareNumbers(n, numberArgument(a[0], 'Number.compareTo(other)')) }],
  ['equals', { arities: [1], call: (n, a) => javaEquals(n, a[0]) }],
  ['toString', { arities: [0], call: javaToString }],
]);

const BOOLEAN_METHODS: Table<boolean> = new Map<string, { arities: readonly number[]; call: JavaMethod<boolean> }>([
  ['booleanValue', { arities: [0], call: (b) => b }],
  ['compareTo', { arities: [1], call: (b, a) => {
    const other = a[0];
    if (other === null || other === undefined) throw new ExpressionError('Boolean.compareTo(other): the argument is null (NullPointerException in Java)');
    const o = typeof other === 'string' ? other.toLowerCase() === 'true' : other === true;
    return b === o ? 0 : b ? 1 : -1;
  } }],
  ['equals', { arities: [1], call: (b, a) => javaEquals(b, a[0]) }],
  ['toString', { arities: [0], call: javaToString }],
]);

const TABLES: Readonly<Record<JavaType, Table<never>>> = {
  String: STRING_METHODS, Number: NUMBER_METHODS, Boolean: BOOLEAN_METHODS, List: LIST_METHODS, Map: MAP_METHODS,
};

/** Every method name of every type, with the argument counts it takes on some type: the deploy-time whitelist. */
export const JAVA_METHOD_ARITIES: ReadonlyMap<string, ReadonlySet<number>> = (() => {
  const all = new Map<string, Set<number>>();
  for (const table of Object.values(TABLES)) {
    for (const [name, { arities }] of table) for (const n of arities) (all.get(name) ?? all.set(name, new Set()).get(name)!).add(n);
  }
  return all;
})();

export const JAVA_METHODS_HINT = '(supported: methods of execution, and of String, List, Map and Number values such as length(), size(), get(…), substring(…))';

const REGEX_METHODS = new Set(['matches', 'replaceAll', 'replaceFirst', 'split']);

/**
 * Deploy-time check of `receiver.name(args)`: the name must be one of the whitelisted methods and take
 * that many arguments on some type; a literal regular expression is compiled now, so a bad one fails
 * the deploy instead of the first instance.
 */
export function checkJavaMethodCall(name: string, args: readonly JuelNode[], source: string): void {
  const arities = JAVA_METHOD_ARITIES.get(name);
  if (arities === undefined) throw new ExpressionError(`method '${name}' is not supported in '${source}'`);
  if (!arities.has(args.length)) {
    const counts = [...arities].sort().join(' or ');
    throw new ExpressionError(`${name}(…) takes ${counts} argument${counts === '1' ? '' : 's'}, got ${args.length} in '${source}'`);
  }
  const pattern = args[0];
  if (REGEX_METHODS.has(name) && pattern?.type === 'literal' && typeof pattern.value === 'string') {
    try {
      javaRegex(pattern.value);
    } catch (e) {
      throw new ExpressionError(`${(e as Error).message} in '${source}'`, {}, { cause: e });
    }
  }
}

/**
 * Calls `name` on `receiver` with the evaluated arguments. A null receiver is an error, as in JUEL
 * ("target unreachable"), as is a type that has no such method or not with that many arguments.
 */
export function callJavaMethod(receiver: unknown, name: string, args: readonly unknown[]): unknown {
  const type = javaTypeOf(receiver);
  if (type === undefined) {
    // JUEL: "target unreachable" for null; a Date, a class instance or a function has no whitelisted methods.
    throw new ExpressionError(`cannot call ${name}() on this value: it is ${describeValue(receiver)}`);
  }
  const method = TABLES[type].get(name);
  if (method === undefined) {
    throw new ExpressionError(`${type} has no method ${name}(); its methods are ${[...TABLES[type].keys()].join(', ')}`);
  }
  if (!method.arities.includes(args.length)) {
    const counts = method.arities.join(' or ');
    throw new ExpressionError(`${type}.${name} takes ${counts} argument${counts === '1' ? '' : 's'}, got ${args.length}`);
  }
  return guarded((method.call as JavaMethod<unknown>)(receiver, args));
}
