/**
 * The narrow view of a bpmn-moddle element the mappers read. moddle elements are class instances with
 * property accessors; reading them as plain records keeps the mappers free of moddle's runtime API.
 */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly id?: string;
  readonly name?: string;
  /** Attributes moddle did not map: foreign namespaces (and, in lax mode, unknown ones it warned about). */
  readonly $attrs?: Readonly<Record<string, string>>;
  /** Children of a generic (`$any`) element of a foreign namespace. */
  readonly $children?: readonly ModdleElement[];
  readonly $body?: string;
  readonly [key: string]: unknown;
}

export function asElement(v: unknown): ModdleElement | undefined {
  return v !== null && typeof v === 'object' && typeof (v as { $type?: unknown }).$type === 'string'
    ? (v as ModdleElement)
    : undefined;
}

export function elements(v: unknown): ModdleElement[] {
  return Array.isArray(v) ? (v.map(asElement).filter((e) => e !== undefined) as ModdleElement[]) : [];
}

export function str(el: ModdleElement | undefined, prop: string): string | undefined {
  const v = el?.[prop];
  return typeof v === 'string' ? v : undefined;
}

export function bool(el: ModdleElement | undefined, prop: string): boolean | undefined {
  const v = el?.[prop];
  return typeof v === 'boolean' ? v : undefined;
}

export function child(el: ModdleElement | undefined, prop: string): ModdleElement | undefined {
  return asElement(el?.[prop]);
}

/** Extension elements of one moddle type (e.g. `camunda:InputOutput`), in document order. */
export function extensions(el: ModdleElement | undefined, type: string): ModdleElement[] {
  const ext = child(el, 'extensionElements');
  return elements(ext?.['values']).filter((v) => v.$type === type);
}

export function extension(el: ModdleElement | undefined, type: string): ModdleElement | undefined {
  return extensions(el, type)[0];
}

/** Nearest element, itself included, that has an id: what an error about a nested extension points at. */
export function nearestWithId(el: ModdleElement | undefined): ModdleElement | undefined {
  let cur = el;
  while (cur && !cur.id) cur = cur.$parent;
  return cur;
}

/** Body text of a FormalExpression-like child (`<conditionExpression>`, `<timeDuration>` …). */
export function bodyOf(el: ModdleElement | undefined): string | undefined {
  const b = str(el, 'body');
  return b === undefined ? undefined : b;
}
