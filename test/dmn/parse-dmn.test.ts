import { describe, expect, it } from 'vitest';
import { ParseError, UnsupportedElementError } from '../../src/errors/index.js';
import { parseDmn } from '../../src/dmn/index.js';
import { dmn, table } from './dmn-text.js';

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
};

describe('parseDmn', () => {
  it('reads decisions, hit policy, inputs, outputs and rules with their source lines', () => {
    const xml = dmn(table('d', { hitPolicy: 'RULE ORDER', inputs: [['i1', 'amount']], outputs: ['result'], rules: [['< 10', '"small"'], ['>= 10', '"large"']] }));
    const spec = parseDmn(xml, { file: 'd.dmn' });
    const d = spec.decisions['d']!;
    expect(spec.file).toBe('d.dmn');
    expect(d.logic.kind).toBe('decisionTable');
    if (d.logic.kind !== 'decisionTable') return;
    expect(d.logic.hitPolicy).toBe('RULE ORDER');
    expect(d.logic.inputs.map((i) => i.expression.text)).toEqual(['amount']);
    expect(d.logic.rules.map((r) => r.id)).toEqual(['rule1', 'rule2']);
    expect(d.logic.rules[1]!.inputEntries[0]!.text).toBe('>= 10');
    expect(d.logic.rules[0]!.line).toBeGreaterThan(d.line!);
  });

  it('reads DMN 1.1 files as Camunda 7 wrote them, and the hit policy defaults to UNIQUE', () => {
    const xml = dmn(table('d', { inputs: [['i1', 'x']], outputs: ['y'], rules: [['1', '2']] }), { ns: 'http://www.omg.org/spec/DMN/20151101/dmn.xsd' });
    const logic = parseDmn(xml).decisions['d']!.logic;
    expect(logic.kind === 'decisionTable' && logic.hitPolicy).toBe('UNIQUE');
  });

  it('refuses a DOCTYPE before parsing, with its line and column', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<definitions/>`;
    const err = thrown(() => parseDmn(xml, { file: 'evil.dmn' }));
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ line: 2, column: 1, file: 'evil.dmn' });
  });

  it('refuses XML that is not well-formed, and a BPMN file given as DMN', () => {
    expect(thrown(() => parseDmn('<definitions><decision></definitions>'))).toBeInstanceOf(ParseError);
    const bpmn = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="x"/>';
    expect(thrown(() => parseDmn(bpmn)).message).toMatch(/not a DMN file/);
  });

  it('names the element and line of an expression language it cannot run', () => {
    const xml = dmn(`<decision id="d"><variable name="v"/><literalExpression id="lit" expressionLanguage="groovy"><text>1 + 1</text></literalExpression></decision>`);
    const err = thrown(() => parseDmn(xml, { file: 'g.dmn' }));
    expect(err).toBeInstanceOf(UnsupportedElementError);
    expect(err).toMatchObject({ elementId: 'lit', line: 3, column: 38, file: 'g.dmn' });
  });

  it('refuses boxed contexts and business knowledge models rather than skipping them', () => {
    expect(thrown(() => parseDmn(dmn('<decision id="d"><context id="c"/></decision>')))).toBeInstanceOf(UnsupportedElementError);
    const bkm = '<decision id="d"><knowledgeRequirement><requiredKnowledge href="#k"/></knowledgeRequirement><variable name="v"/><literalExpression><text>1</text></literalExpression></decision>';
    expect(thrown(() => parseDmn(dmn(bkm)))).toBeInstanceOf(UnsupportedElementError);
  });

  it('refuses a rule with the wrong number of cells, naming the rule', () => {
    const xml = dmn(table('d', { inputs: [['i1', 'a'], ['i2', 'b']], outputs: ['y'], rules: [['1', '2']] }));
    expect(thrown(() => parseDmn(xml))).toMatchObject({ code: 'PARSE_ERROR', elementId: 'rule1' });
  });

  it('refuses PRIORITY without output values, and an aggregation outside COLLECT', () => {
    const priority = dmn(table('d', { hitPolicy: 'PRIORITY', inputs: [['i1', 'a']], outputs: ['y'], rules: [['-', '1']] }));
    expect(thrown(() => parseDmn(priority)).message).toMatch(/output values/);
    const sum = dmn(table('d', { hitPolicy: 'FIRST', aggregation: 'SUM', inputs: [['i1', 'a']], outputs: ['y'], rules: [['-', '1']] }));
    expect(thrown(() => parseDmn(sum)).message).toMatch(/needs hit policy COLLECT/);
  });

  it('refuses required decisions that are missing or form a cycle', () => {
    const req = (id: string) => `<informationRequirement id="ir_${Math.random().toString(36).slice(2)}"><requiredDecision href="#${id}"/></informationRequirement>`;
    const missing = dmn(table('a', { inputs: [['i1', 'x']], outputs: ['y'], rules: [] }, req('nowhere')));
    expect(thrown(() => parseDmn(missing)).message).toMatch(/requires "nowhere"/);
    const cycle = dmn(table('a', { inputs: [['i1', 'x']], outputs: ['y'], rules: [] }, req('b')) + table('b', { inputs: [['i2', 'x']], outputs: ['z'], rules: [] }, req('a')));
    expect(thrown(() => parseDmn(cycle)).message).toMatch(/cycle: a -> b -> a/);
  });

});
