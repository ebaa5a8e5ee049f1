/**
 * Expectations ported from Camunda 7's own DMN engine tests (Apache-2.0): `engine-dmn/engine/src/test/
 * java/org/camunda/bpm/dmn/engine/…` (HitPolicyTest, DmnDecisionEvaluationTest, FeelIntegrationTest,
 * ParseDecisionTest) and `engine/src/test/java/org/camunda/bpm/engine/test/dmn/…` (result mapping).
 * Files are relative to `../shared/corpus/camunda7-dmn-tests/`. Only the facts (inputs, expected
 * outputs, error codes) are taken; the Java test bodies are not.
 */
import type { DecisionResultMapping } from '../../src/dmn/types.js';

export type CaseExpectation =
  /** Rows of the result list, in order (compared exactly). */
  | { readonly rows: readonly Record<string, unknown>[] }
  /** The single output value of each row, in order (Camunda's `collectSingleOutputEntries`). */
  | { readonly values: readonly unknown[] }
  /** The decision result mapped as a business rule task would (`camunda:mapDecisionResult`). */
  | { readonly mapped: DecisionResultMapping; readonly value: unknown }
  /** The decision result does not fit the mapping. */
  | { readonly mapped: DecisionResultMapping; readonly mappingError: true }
  /** Parsing fails (ParseError or UnsupportedElementError), or evaluation fails with a Camunda code. */
  | { readonly error: 'parse' | 'unsupported' | 'evaluate'; readonly dmnCode?: string };

export interface DmnConformanceCase {
  readonly javaTest: string;
  readonly file: string;
  readonly decision?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly expect: CaseExpectation;
  /** Why the case is not run (groovy scripts, Java beans, legacy JUEL defaults). */
  readonly skip?: string;
}

const HP = 'HitPolicyTest';
const hp = (policy: string) => `dmn-engine/hitpolicy/HitPolicyTest.${policy}.dmn`;
/** HitPolicyTest's `evaluateDecisionTable(input1, input2, input3, output1, output2, output3)`. */
const vars = (i1: boolean, i2: boolean, i3: boolean, o1: unknown, o2: unknown, o3: unknown) => ({ input1: i1, input2: i2, input3: i3, output1: o1, output2: o2, output3: o3 });
const all = (v: unknown) => ({ out1: v, out2: v, out3: v });
const TFF = [true, false, false] as const;
const FTF = [false, true, false] as const;
const FFT = [false, false, true] as const;
const FFF = [false, false, false] as const;
const MULTI = [[true, true, false], [true, false, true], [false, true, true], [true, true, true]] as const;

function singleMatchCases(policy: string, name: string, compound: boolean): DmnConformanceCase[] {
  const file = hp(`${policy}.${compound ? 'compound' : 'single'}`);
  const kind = compound ? 'CompoundOutput' : 'SingleOutput';
  const cases: DmnConformanceCase[] = [{ javaTest: `${HP}#test${name}HitPolicy${kind}NoMatchingRule`, file, variables: vars(...FFF, 'a', 'b', 'c'), expect: { rows: [] } }];
  for (const [flags, out] of [[TFF, 'a'], [FTF, 'b'], [FFT, 'c']] as const) {
    cases.push({
      javaTest: `${HP}#test${name}HitPolicy${kind}SingleMatchingRule`,
      file,
      variables: vars(flags[0], flags[1], flags[2], 'a', 'b', 'c'),
      expect: compound ? { rows: [all(out)] } : { values: [out] },
    });
  }
  return cases;
}

function multiMatchCases(policy: string, name: string, compound: boolean, expect: (flags: readonly boolean[], outs: readonly string[]) => CaseExpectation): DmnConformanceCase[] {
  const file = hp(`${policy}.${compound ? 'compound' : 'single'}`);
  const kind = compound ? 'CompoundOutput' : 'SingleOutput';
  return MULTI.flatMap((flags) =>
    [['a', 'b', 'c'], ['c', 'b', 'a']].map((outs) => ({
      javaTest: `${HP}#test${name}HitPolicy${kind}MultipleMatchingRules`,
      file,
      variables: vars(flags[0], flags[1], flags[2], outs[0], outs[1], outs[2]),
      expect: expect(flags, outs),
    })),
  );
}

const picked = (flags: readonly boolean[], outs: readonly string[]) => outs.filter((_, i) => flags[i]);

const hitPolicyCases: DmnConformanceCase[] = [
  ...['default', 'unique'].flatMap((p) => {
    const name = p === 'default' ? 'Default' : 'Unique';
    return [false, true].flatMap((compound) => [
      ...singleMatchCases(p, name, compound),
      ...multiMatchCases(p, name, compound, () => ({ error: 'evaluate', dmnCode: 'DMN-03001' })),
    ]);
  }),
  ...[false, true].flatMap((compound) => [
    ...singleMatchCases('any', 'Any', compound),
    ...multiMatchCases('any', 'Any', compound, () => ({ error: 'evaluate', dmnCode: 'DMN-03002' })),
    ...MULTI.map((flags) => ({
      javaTest: `${HP}#testAnyHitPolicy${compound ? 'Compound' : 'Single'}OutputMultipleMatchingRules`,
      file: hp(`any.${compound ? 'compound' : 'single'}`),
      variables: vars(flags[0], flags[1], flags[2], 'a', 'a', 'a'),
      expect: compound ? { rows: [all('a')] } : { values: ['a'] },
    })),
    ...singleMatchCases('first', 'First', compound),
    ...multiMatchCases('first', 'First', compound, (f, o) => (compound ? { rows: [all(picked(f, o)[0])] } : { values: [picked(f, o)[0]] })),
    ...singleMatchCases('ruleOrder', 'RuleOrder', compound),
    ...multiMatchCases('ruleOrder', 'RuleOrder', compound, (f, o) => (compound ? { rows: picked(f, o).map(all) } : { values: picked(f, o) })),
    ...singleMatchCases('collect', 'Collect', compound),
  ]),
  ...multiMatchCases('collect', 'Collect', false, (f, o) => ({ values: picked(f, o) })),
  { javaTest: `${HP}#testPriorityHitPolicySingleOutputNoMatchingRule`, file: hp('priority.single'), expect: { error: 'parse' } },
  { javaTest: `${HP}#testOutputOrderHitPolicyNotSupported`, file: hp('outputOrder.single'), expect: { error: 'parse' } },
  // COLLECT with an operator over numbers: output1..3 are the values of rules 1..3.
  { javaTest: `${HP}#testCollectSumHitPolicySingleOutputNoMatchingRule`, file: hp('collect.sum.single'), variables: vars(...FFF, 10, 20, 30.034), expect: { rows: [] } },
  { javaTest: `${HP}#testCollectSumHitPolicySingleOutputSingleMatchingRule`, file: hp('collect.sum.single'), variables: vars(...FFT, 10, 20, 30.034), expect: { values: [30.034] } },
  { javaTest: `${HP}#testCollectSumHitPolicySingleOutputSingleMatchingRule`, file: hp('collect.sum.single'), variables: vars(...FFT, 10, 20, 'c'), expect: { error: 'evaluate', dmnCode: 'DMN-03004' } },
  { javaTest: `${HP}#testCollectSumHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.sum.single'), variables: vars(true, true, false, 10, 20, 30.034), expect: { values: [30] } },
  { javaTest: `${HP}#testCollectSumHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.sum.single'), variables: vars(true, true, true, 10, 20, 30.034), expect: { values: [60.034] } },
  { javaTest: `${HP}#testCollectSumHitPolicyCompoundOutputSingleMatchingRule`, file: hp('collect.sum.compound'), variables: vars(...TFF, 1, 2, 3), expect: { error: 'evaluate', dmnCode: 'DMN-03003' } },
  { javaTest: `${HP}#testCollectMinHitPolicySingleOutputNoMatchingRule`, file: hp('collect.min.single'), variables: vars(...FFF, 10, 20, 30.034), expect: { rows: [] } },
  { javaTest: `${HP}#testCollectMinHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.min.single'), variables: vars(true, true, true, 10, 20, 30.034), expect: { values: [10] } },
  { javaTest: `${HP}#testCollectMinHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.min.single'), variables: vars(false, true, true, 10, 20, 30.034), expect: { values: [20] } },
  { javaTest: `${HP}#testCollectMinHitPolicyCompoundOutputSingleMatchingRule`, file: hp('collect.min.compound'), variables: vars(...TFF, 1, 2, 3), expect: { error: 'evaluate', dmnCode: 'DMN-03003' } },
  { javaTest: `${HP}#testCollectMaxHitPolicySingleOutputNoMatchingRule`, file: hp('collect.max.single'), variables: vars(...FFF, 10, 20, 30.034), expect: { rows: [] } },
  { javaTest: `${HP}#testCollectMaxHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.max.single'), variables: vars(true, true, true, 10, 20, 30.034), expect: { values: [30.034] } },
  { javaTest: `${HP}#testCollectMaxHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.max.single'), variables: vars(true, true, false, 10, 20, 30.034), expect: { values: [20] } },
  { javaTest: `${HP}#testCollectMaxHitPolicyCompoundOutputSingleMatchingRule`, file: hp('collect.max.compound'), variables: vars(...TFF, 1, 2, 3), expect: { error: 'evaluate', dmnCode: 'DMN-03003' } },
  { javaTest: `${HP}#testCollectCountHitPolicySingleOutputNoMatchingRule`, file: hp('collect.count.single'), variables: vars(...FFF, 10, 'b', 30.034), expect: { values: [0] } },
  { javaTest: `${HP}#testCollectCountHitPolicySingleOutputSingleMatchingRule`, file: hp('collect.count.single'), variables: vars(...TFF, 10, 'b', 30.034), expect: { values: [1] } },
  { javaTest: `${HP}#testCollectCountHitPolicySingleOutputMultipleMatchingRules`, file: hp('collect.count.single'), variables: vars(true, true, true, 10, 'b', 30.034), expect: { values: [3] } },
  { javaTest: `${HP}#testCollectCountHitPolicyCompoundOutputSingleMatchingRule`, file: hp('collect.count.compound'), variables: vars(...TFF, 1, 2, 3), expect: { error: 'evaluate', dmnCode: 'DMN-03003' } },
];

const EV = 'DmnDecisionEvaluationTest';
const ev = (name: string) => `dmn-engine/evaluate/${name}`;
const groovy = 'the file uses groovy expressions; scripts in DMN are refused at deploy';

const evaluationCases: DmnConformanceCase[] = [
  { javaTest: `${EV}#shouldEvaluateDrdDishDecisionExample`, file: ev('EvaluateDrdDishDecisionExample.dmn'), decision: 'Dish', variables: { temperature: 20, dayType: 'Weekend' }, expect: { rows: [{ desiredDish: 'Steak' }] } },
  { javaTest: `${EV}#shouldEvaluateDecisionWithRequiredDecisionByKey`, file: ev('EvaluateMultiLevelDecisionsWithMultipleInputAndSingleOutput.dmn'), decision: 'A', variables: { xx: 'xx', yy: 'yy', zz: 'zz', ll: 'll' }, expect: { rows: [{ aa: 'aa' }] } },
  { javaTest: `${EV}#shouldEvaluateDecisionsWithRequiredDecisionAndParentDecision`, file: ev('EvaluateDecisionsWithParentDecision.dmn'), decision: 'A', variables: { ff: true, dd: 5 }, expect: { rows: [{ aa: 7 }] } },
  { javaTest: `${EV}#shouldEvaluateSharedDecisions`, file: ev('EvaluateSharedDecisions.dmn'), decision: 'A', variables: { ff: 'ff' }, expect: { rows: [{ aa: 'aa' }] } },
  { javaTest: `${EV}#shouldEvaluateDecisionsWithRequiredDecisionAndMultipleMatchingRules`, file: ev('EvaluateDecisionsWithMultipleMatchingRules.groovy.dmn'), decision: 'A', expect: { error: 'unsupported' }, skip: groovy },
  { javaTest: `${EV}#shouldEvaluateDecisionWithLiteralExpression`, file: ev('DecisionWithLiteralExpression.dmn'), expect: { error: 'unsupported' }, skip: groovy },
  { javaTest: `${EV}#shouldEvaluateDecisionWithBeanInvocationInLiteralExpression`, file: ev('DecisionWithBeanInvocationInLiteralExpression.dmn'), expect: { error: 'unsupported' }, skip: 'calls a Java bean from a groovy literal expression' },
  { javaTest: `${EV}#shouldEvaluateDecisionWithCollectHitPolicyReturningAList`, file: 'dmn-engine/transform/DrgCollectTest.dmn', decision: 'dish-decision', variables: { dayType: 'WeekDay' }, expect: { values: ['Steak'] }, skip: 'input expression `guestCount.size()` calls a Java method (JUEL method calls are not supported)' },
];

const FI = 'FeelIntegrationTest';
const feelCases: DmnConformanceCase[] = [
  { javaTest: `${FI}#testFeelInputEntry`, file: 'dmn-engine/el/FeelIntegrationTest.dmn', variables: { score: 3 }, expect: { values: ['a'] } },
  { javaTest: `${FI}#testFeelInputEntry`, file: 'dmn-engine/el/FeelIntegrationTest.dmn', variables: { score: 7 }, expect: { values: ['b'] } },
  { javaTest: `${FI}#testFeelInputEntry`, file: 'dmn-engine/el/FeelIntegrationTest.dmn', variables: { score: 11 }, expect: { rows: [] } },
  { javaTest: `${FI}#testFeelInputEntryDmn12`, file: 'dmn-engine/el/dmn12/FeelIntegrationTest.dmn', variables: { score: 3 }, expect: { values: ['a'] } },
  { javaTest: `${FI}#testFeelInputEntryDmn13`, file: 'dmn-engine/el/dmn13/FeelIntegrationTest.dmn', variables: { score: 6 }, expect: { values: ['b'] } },
];

const PD = 'ParseDecisionTest';
const api = (name: string) => `dmn-engine/api/${name}`;
const parseCases: DmnConformanceCase[] = [
  { javaTest: `${PD}#shouldFailIfDecisionIdIsMissing`, file: api('MissingIds.missingDecisionId.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfInputIdIsMissing`, file: api('MissingIds.missingInputId.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfOutputIdIsMissing`, file: api('MissingIds.missingOutputId.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfRuleIdIsMissing`, file: api('MissingIds.missingRuleId.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfCompoundOutputsNameIsMissing`, file: api('CompoundOutputs.noName.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfCompoundOutputsHaveDuplicateName`, file: api('CompoundOutputs.duplicateName.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfVariableIsMissing`, file: api('MissingVariable.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfRequiredDecisionReferenceMissing`, file: api('MissingRequiredDecisionReference.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfWrongRequiredDecisionReference`, file: api('WrongRequiredDecisionReference.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldFailIfNoInformationRequirementAttribute`, file: api('NoInformationRequirementAttribute.dmn'), expect: { error: 'parse' } },
  { javaTest: `${PD}#shouldNotFailIfMissingRequiredDecisionAttribute`, file: api('MissingRequiredDecisionAttribute.dmn'), variables: { carType: 'BMW' }, expect: { rows: [] } },
  { javaTest: `${PD}#shouldParseDecisionFromInputStream_Dmn12`, file: api('dmn12/NoInput.dmn'), expect: { values: ['ok'] } },
  { javaTest: `${PD}#shouldParseDecisionFromInputStream_Dmn13`, file: api('dmn13/NoInput.dmn'), expect: { values: ['ok'] } },
  // DmnTransformTest's loop tests (method names not ported; the resource files are theirs).
  { javaTest: 'DmnTransformTest#(SelfRequiredDecision.dmn)', file: api('SelfRequiredDecision.dmn'), expect: { error: 'parse' } },
  { javaTest: 'DmnTransformTest#(LoopInRequiredDecision.dmn)', file: api('LoopInRequiredDecision.dmn'), expect: { error: 'parse' } },
  { javaTest: 'DmnTransformTest#(LoopInRequiredDecision2.dmn)', file: api('LoopInRequiredDecision2.dmn'), expect: { error: 'parse' } },
  { javaTest: 'DmnEngineApiTest#(NotADmnFile.bpmn)', file: api('NotADmnFile.bpmn'), expect: { error: 'parse' } },
  { javaTest: 'DmnEngineApiTest#(InvocationDecision.dmn)', file: api('InvocationDecision.dmn'), expect: { error: 'unsupported' } },
  // The api copy of the dish example, with our own inputs: above 30 degrees is summer, a weekend brings 15 guests.
  { javaTest: 'DmnEngineApiTest#(DrdDishDecisionExample.dmn)', file: api('DrdDishDecisionExample.dmn'), decision: 'Dish', variables: { temperature: 35, dayType: 'Weekend' }, expect: { rows: [{ desiredDish: 'Light salad' }] } },
];

const BRT = 'DmnBusinessRuleTaskResultMappingTest';
const mappingFile = 'engine-dmn-integration/result/DmnBusinessRuleTaskResultMappingTest.dmn11.xml';
const mappingCases: DmnConformanceCase[] = [
  { javaTest: `${BRT}#testSingleEntryMapping`, file: mappingFile, variables: { input: 'single entry' }, expect: { mapped: 'singleEntry', value: 'foo' } },
  { javaTest: `${BRT}#testSingleResultMapping`, file: mappingFile, variables: { input: 'multiple entries' }, expect: { mapped: 'singleResult', value: { result1: 'foo', result2: 'bar' } } },
  { javaTest: `${BRT}#testCollectEntriesMapping`, file: mappingFile, variables: { input: 'single entry list' }, expect: { mapped: 'collectEntries', value: ['foo', 'foo'] } },
  { javaTest: `${BRT}#testResultListMapping`, file: mappingFile, variables: { input: 'multiple entries list' }, expect: { mapped: 'resultList', value: [{ result1: 'foo', result2: 'bar' }, { result1: 'foo', result2: 'bar' }] } },
  { javaTest: `${BRT}#testDefaultResultMapping`, file: mappingFile, variables: { input: 'multiple entries list' }, expect: { mapped: 'resultList', value: [{ result1: 'foo', result2: 'bar' }, { result1: 'foo', result2: 'bar' }] } },
  { javaTest: `${BRT}#testSingleEntryMappingFailureMultipleOutputs`, file: mappingFile, variables: { input: 'multiple entries' }, expect: { mapped: 'singleEntry', mappingError: true } },
  { javaTest: `${BRT}#testSingleResultMappingFailure`, file: mappingFile, variables: { input: 'single entry list' }, expect: { mapped: 'singleResult', mappingError: true } },
  { javaTest: `${BRT}#testCollectEntriesMappingFailure`, file: mappingFile, variables: { input: 'multiple entries list' }, expect: { mapped: 'collectEntries', mappingError: true } },
];

export const camunda7DmnCases: readonly DmnConformanceCase[] = [...hitPolicyCases, ...evaluationCases, ...feelCases, ...parseCases, ...mappingCases];
