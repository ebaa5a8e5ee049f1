import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as feelin from 'feelin';
import { compileDecisions, decisionOutput, evaluateDecision, mapDecisionResult, parseDmn } from '../../src/dmn/index.js';
import { ExpressionError, NotFoundError, ParseError } from '../../src/errors/index.js';
import { dmn, table } from './dmn-text.js';

vi.mock('feelin', async (importOriginal) => {
  const real = await importOriginal<typeof import('feelin')>();
  return { ...real, evaluate: vi.fn(real.evaluate), unaryTest: vi.fn(real.unaryTest) };
});

const compile = (xml: string) => compileDecisions(parseDmn(xml, { file: 't.dmn' }));
const result = (resultList: Record<string, unknown>[], multipleHits = false) => ({ decisionKey: 'd', resultList, matchedRules: [], inputs: [], multipleHits });
const dish = compileDecisions(parseDmn(readFileSync('diagrams/c7-dish-decision.dmn', 'utf8'), { file: 'diagrams/c7-dish-decision.dmn' }));

describe('evaluateDecision', () => {
  it('evaluates the dish example through its required decisions, in dependency order', () => {
    // given a summer day with a weekend's guests
    const result = evaluateDecision(dish, 'dish', { temperature: 35, dayType: 'Weekend' });
    // then season and guest count were decided first and fed the dish table
    expect(result.requiredResults!.map((r) => r.decisionKey)).toEqual(['season', 'guestCount']);
    expect(result.resultList).toEqual([{ desiredDish: 'Light salad' }]);
    expect(result.matchedRules).toEqual([{ ruleId: 'Rule_summer_many', outputs: { desiredDish: 'Light salad' } }]);
    expect(result.inputs).toEqual([
      { id: 'Input_season', label: 'Season', value: 'Summer' },
      { id: 'Input_guestCount', label: 'How many guests', value: 15 },
    ]);
  });

  it('collects every matching rule of a COLLECT table, in rule order, through two levels of requirements', () => {
    const result = evaluateDecision(dish, 'beverages', { temperature: 5, dayType: 'WeekDay', guestsWithChildren: true });
    expect(result.requiredResults!.map((r) => r.decisionKey)).toEqual(['season', 'guestCount', 'dish']);
    expect(mapDecisionResult(result, 'collectEntries')).toEqual(['Pinot Noir', 'Apple Juice', 'Water']);
    expect(result.matchedRules.map((r) => r.ruleId)).toEqual(['Rule_wine_meat', 'Rule_juice', 'Rule_water']);
  });

  it('does not parse FEEL while evaluating a table of simple tests', () => {
    vi.mocked(feelin.evaluate).mockClear();
    vi.mocked(feelin.unaryTest).mockClear();
    for (let i = 0; i < 50; i++) evaluateDecision(dish, 'beverages', { temperature: i, dayType: 'Holiday', guestsWithChildren: i % 2 === 0 });
    expect(feelin.evaluate).not.toHaveBeenCalled();
    expect(feelin.unaryTest).not.toHaveBeenCalled();
    // control: a test on `?` is outside the compiled grammar and does go through feelin
    const exotic = compile(dmn(table('q', { inputs: [['i1', 'x']], outputs: ['y'], rules: [['? > 5', '1']] })));
    expect(evaluateDecision(exotic, 'q', { x: 6 }).resultList).toEqual([{ y: 1 }]);
    expect(feelin.unaryTest).toHaveBeenCalled();
  });

  it('ranks PRIORITY and OUTPUT ORDER hits by the output values list', () => {
    const rules = [['-', '"low"'], ['> 5', '"high"'], ['> 2', '"medium"']];
    const spec = (hitPolicy: string) => ({ hitPolicy, inputs: [['i1', 'score']] as [string, string][], outputs: [{ name: 'risk', values: '"high","medium","low"' }], rules });
    const c = compile(dmn(table('p', spec('PRIORITY')) + table('o', spec('OUTPUT ORDER'))));
    expect(evaluateDecision(c, 'p', { score: 3 }).resultList).toEqual([{ risk: 'medium' }]);
    expect(evaluateDecision(c, 'p', { score: 9 }).resultList).toEqual([{ risk: 'high' }]);
    expect(evaluateDecision(c, 'o', { score: 9 }).resultList).toEqual([{ risk: 'high' }, { risk: 'medium' }, { risk: 'low' }]);
    // every hit stays visible for audit, in rule order
    expect(evaluateDecision(c, 'p', { score: 9 }).matchedRules.map((r) => r.ruleId)).toEqual(['rule1', 'rule2', 'rule3']);
  });

  it('aggregates COLLECT SUM, MIN, MAX and COUNT', () => {
    const rules = [['> 0', '10'], ['> 1', '20'], ['> 2', '5']];
    const agg = (a: string) => table(a, { hitPolicy: 'COLLECT', aggregation: a, inputs: [['i1', 'n']], outputs: ['v'], rules });
    const c = compile(dmn(['SUM', 'MIN', 'MAX', 'COUNT'].map(agg).join('\n')));
    expect(evaluateDecision(c, 'SUM', { n: 3 }).resultList).toEqual([{ v: 35 }]);
    expect(evaluateDecision(c, 'MIN', { n: 3 }).resultList).toEqual([{ v: 5 }]);
    expect(evaluateDecision(c, 'MAX', { n: 2 }).resultList).toEqual([{ v: 20 }]);
    expect(evaluateDecision(c, 'COUNT', { n: 0 }).resultList).toEqual([{ v: 0 }]);
    expect(evaluateDecision(c, 'SUM', { n: 0 }).resultList).toEqual([]);
  });

  it('fails UNIQUE when two rules match, and ANY when their outputs differ', () => {
    const c = compile(dmn(table('u', { inputs: [['i1', 'x']], outputs: ['y'], rules: [['> 1', '"a"'], ['> 2', '"b"']] }) + table('a', { hitPolicy: 'ANY', inputs: [['i2', 'x']], outputs: ['y'], rules: [['> 1', '"a"'], ['> 2', '"b"']] })));
    expect(() => evaluateDecision(c, 'u', { x: 3 })).toThrow(expect.objectContaining({ code: 'EXPRESSION_ERROR', elementId: 'u', details: expect.objectContaining({ dmnCode: 'DMN-03001' }) }));
    expect(() => evaluateDecision(c, 'a', { x: 3 })).toThrow(/DMN-03002/);
    expect(evaluateDecision(c, 'u', { x: 2 }).resultList).toEqual([{ y: 'a' }]);
  });

  it('returns the default output entry when no rule matches', () => {
    const c = compile(dmn(table('d', { hitPolicy: 'FIRST', inputs: [['i1', 'x']], outputs: [{ name: 'y', default: '"none"' }], rules: [['> 10', '"big"']] })));
    expect(evaluateDecision(c, 'd', { x: 1 })).toMatchObject({ resultList: [{ y: 'none' }], matchedRules: [] });
    expect(evaluateDecision(c, 'd', { x: 11 }).resultList).toEqual([{ y: 'big' }]);
  });

  it('evaluates literal expression decisions, also as required decisions (Camunda 8 reads them by decision id)', () => {
    const lit = '<decision id="total"><variable name="total"/><literalExpression id="e"><text>price * quantity</text></literalExpression></decision>';
    const req = '<informationRequirement id="ir"><requiredDecision href="#total"/></informationRequirement>';
    const c = compile(dmn(lit + table('shipping', { inputs: [['i1', 'total']], outputs: ['free'], rules: [['>= 100', 'true'], ['< 100', 'false']] }, req)));
    expect(evaluateDecision(c, 'total', { price: 30, quantity: 4 }).resultList).toEqual([{ total: 120 }]);
    expect(mapDecisionResult(evaluateDecision(c, 'shipping', { price: 30, quantity: 4 }), 'singleEntry')).toBe(true);
    expect(mapDecisionResult(evaluateDecision(c, 'shipping', { price: 30, quantity: 1 }), 'singleEntry')).toBe(false);
  });

  it('runs JUEL tables with cellInput and camunda:inputVariable', () => {
    const xml = dmn(
      `<decision id="j"><decisionTable id="t"><input id="i1" camunda:inputVariable="amount"><inputExpression id="e" typeRef="integer"><text>order.total</text></inputExpression></input>
       <output id="o" name="ok"/><rule id="r1"><inputEntry id="c1"><text>amount &gt; 100</text></inputEntry><outputEntry id="c2"><text>"big"</text></outputEntry></rule>
       <rule id="r2"><inputEntry id="c3"><text>\${amount &lt;= 100}</text></inputEntry><outputEntry id="c4"><text>\${"small"}</text></outputEntry></rule></decisionTable></decision>`,
      { attrs: ' expressionLanguage="juel"' },
    );
    const c = compile(xml);
    expect(evaluateDecision(c, 'j', { order: { total: 150 } }).resultList).toEqual([{ ok: 'big' }]);
    expect(evaluateDecision(c, 'j', { order: { total: '99' } }).resultList).toEqual([{ ok: 'small' }]);
  });

  it('names an unknown decision, and a FEEL syntax error with its cell and line at compile time', () => {
    expect(() => evaluateDecision(dish, 'nope', {})).toThrow(NotFoundError);
    const err = (() => {
      try {
        compile(dmn(table('d', { inputs: [['i1', 'x']], outputs: ['y'], rules: [['[1..', '1']] })));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ExpressionError);
    expect(err).toMatchObject({ elementId: 'r0_in0', file: 't.dmn' });
    expect((err as ExpressionError).line).toBeGreaterThan(2);
    expect(err).not.toBeInstanceOf(ParseError);
  });
});

describe('mapDecisionResult', () => {
  it('maps like Camunda 7 business rule tasks', () => {
    expect(mapDecisionResult(result([{ a: 1 }]), 'singleEntry')).toBe(1);
    expect(mapDecisionResult(result([]), 'singleEntry')).toBeNull();
    expect(mapDecisionResult(result([{ a: 1, b: 2 }]), 'singleResult')).toEqual({ a: 1, b: 2 });
    expect(mapDecisionResult(result([{ a: 1 }, { a: 2 }]), 'collectEntries')).toEqual([1, 2]);
    expect(mapDecisionResult(result([{ a: 1 }, { a: 2 }]))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('refuses results that do not fit the mode instead of dropping rows', () => {
    expect(() => mapDecisionResult(result([{ a: 1 }, { a: 2 }]), 'singleEntry')).toThrow(ExpressionError);
    expect(() => mapDecisionResult(result([{ a: 1, b: 2 }]), 'singleEntry')).toThrow(ExpressionError);
    expect(() => mapDecisionResult(result([{ a: 1 }, { a: 2 }]), 'singleResult')).toThrow(ExpressionError);
    expect(() => mapDecisionResult(result([{ a: 1, b: 2 }]), 'collectEntries')).toThrow(ExpressionError);
  });
});

describe('decisionOutput (Camunda 8 resultVariable)', () => {
  it('gives a value, a context or null for single-hit tables and a list for multiple-hit ones', () => {
    expect(decisionOutput(evaluateDecision(dish, 'dish', { temperature: 5, dayType: 'Holiday' }))).toBe('Pasta');
    expect(decisionOutput(evaluateDecision(dish, 'beverages', { temperature: 35, dayType: 'Holiday', guestsWithChildren: false }))).toEqual(['Sauvignon Blanc', 'Water']);
    expect(decisionOutput({ ...result([{ a: 1, b: 2 }]) })).toEqual({ a: 1, b: 2 });
    expect(decisionOutput(result([]))).toBeNull();
    expect(decisionOutput(result([], true))).toEqual([]);
    expect(decisionOutput(result([{ a: 1 }], true))).toEqual([1]);
  });
});
