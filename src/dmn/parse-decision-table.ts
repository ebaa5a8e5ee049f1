import { ParseError } from '../errors/index.js';
import { attr, childNamed, childrenNamed, type XmlElement } from './dmn-xml.js';
import { parseFeelLiteral, splitTopLevel } from './feel-literals.js';
import { parseExpression, requireId, type DmnParseContext } from './parse-expression.js';
import type { CollectAggregator, DecisionTableSpec, DmnInputSpec, DmnOutputSpec, DmnRuleSpec, HitPolicy } from './types.js';

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATORS: readonly CollectAggregator[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

export function parseDecisionTable(table: XmlElement, key: string, ctx: DmnParseContext): DecisionTableSpec {
  const where = (el: XmlElement, elementId = key) => ({ file: ctx.file, line: el.line, column: el.column, elementId });
  const hitPolicy = hitPolicyOf(table, where(table));
  const aggregationText = attr(table, 'aggregation');
  let aggregation: CollectAggregator | undefined;
  if (aggregationText !== undefined) {
    aggregation = AGGREGATORS.find((a) => a === aggregationText.trim().toUpperCase());
    if (!aggregation) throw new ParseError(`unknown aggregation "${aggregationText}" in "${key}"`, where(table));
    if (hitPolicy !== 'COLLECT') throw new ParseError(`aggregation ${aggregation} needs hit policy COLLECT in "${key}"`, where(table));
  }

  const inputs: DmnInputSpec[] = childrenNamed(table, 'input').map((el) => {
    const id = requireId(el, 'input', ctx, key);
    const exprEl = childNamed(el, 'inputExpression');
    const expression = exprEl
      ? parseExpression(exprEl, ctx, key, 'inputExpression')
      : { text: '', language: 'feel' as const, line: el.line, column: el.column };
    const label = attr(el, 'label');
    return { id, expression, inputVariable: attr(el, 'inputVariable') || 'cellInput', line: el.line, column: el.column, ...(label !== undefined ? { label } : {}) };
  });

  const outputs: DmnOutputSpec[] = childrenNamed(table, 'output').map((el) => parseOutput(el, key, ctx));
  if (outputs.length === 0) throw new ParseError(`decision table "${key}" has no output`, where(table));
  const names = new Set<string>();
  for (const [i, out] of outputs.entries()) {
    const el = childrenNamed(table, 'output')[i] as XmlElement;
    if (outputs.length > 1 && out.name === '') throw new ParseError(`output "${out.id}" needs a name: the table has several outputs`, where(el, out.id));
    if (names.has(out.name)) throw new ParseError(`two outputs are named "${out.name}" in "${key}"`, where(el, out.id));
    names.add(out.name);
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.outputValues && o.outputValues.length > 0)) {
    throw new ParseError(`hit policy ${hitPolicy} in "${key}" needs output values to rank the outputs by`, where(table));
  }

  const rules: DmnRuleSpec[] = childrenNamed(table, 'rule').map((el) => {
    const id = requireId(el, 'rule', ctx, key);
    const inputEntries = childrenNamed(el, 'inputEntry').map((e) => parseExpression(e, ctx, id, 'inputEntry'));
    const outputEntries = childrenNamed(el, 'outputEntry').map((e) => parseExpression(e, ctx, id, 'outputEntry'));
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      throw new ParseError(
        `rule "${id}" has ${inputEntries.length} input and ${outputEntries.length} output entries; the table has ${inputs.length} inputs and ${outputs.length} outputs`,
        where(el, id),
      );
    }
    return { id, inputEntries, outputEntries, line: el.line, column: el.column };
  });

  const id = attr(table, 'id');
  return { kind: 'decisionTable', hitPolicy, inputs, outputs, rules, ...(aggregation ? { aggregation } : {}), ...(id !== undefined ? { id } : {}) };
}

function hitPolicyOf(table: XmlElement, where: { file?: string; line: number; column: number; elementId: string }): HitPolicy {
  const text = attr(table, 'hitPolicy');
  if (text === undefined) return 'UNIQUE';
  // Modeler writes `RULE ORDER`; DMN 1.1 examples in the wild also carry `RULE_ORDER`.
  const norm = text.trim().toUpperCase().replace(/_/g, ' ');
  const policy = HIT_POLICIES.find((p) => p === norm);
  if (!policy) throw new ParseError(`unknown hit policy "${text}"`, where);
  return policy;
}

function parseOutput(el: XmlElement, key: string, ctx: DmnParseContext): DmnOutputSpec {
  const id = requireId(el, 'output', ctx, key);
  const label = attr(el, 'label');
  const typeRef = attr(el, 'typeRef');
  const valuesEl = childNamed(el, 'outputValues');
  let outputValues: unknown[] | undefined;
  if (valuesEl) {
    const text = (childNamed(valuesEl, 'text')?.text ?? '').trim();
    outputValues = text === '' ? [] : splitTopLevel(text).map((part) => {
      const literal = parseFeelLiteral(part);
      if (!literal) throw new ParseError(`output value ${part.trim()} of "${id}" is not a literal`, { file: ctx.file, line: valuesEl.line, column: valuesEl.column, elementId: id });
      return literal.value;
    });
  }
  const defaultEl = childNamed(el, 'defaultOutputEntry');
  const defaultOutput = defaultEl ? parseExpression(defaultEl, ctx, id, 'defaultOutputEntry') : undefined;
  return {
    id,
    name: attr(el, 'name') ?? '',
    line: el.line,
    column: el.column,
    ...(label !== undefined ? { label } : {}),
    ...(typeRef !== undefined ? { typeRef } : {}),
    ...(outputValues ? { outputValues } : {}),
    ...(defaultOutput && defaultOutput.text !== '' ? { defaultOutput } : {}),
  };
}
