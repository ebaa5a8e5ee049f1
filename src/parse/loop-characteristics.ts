import type { LoopSpec } from '../spec/types.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { bool, child, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

const text = (el: ModdleElement | undefined): string | undefined => {
  const b = str(el, 'body');
  return b !== undefined && b.trim() !== '' ? b.trim() : undefined;
};

export function loopOf(activity: ModdleElement, ctx: ParseContext, ext: FlavourExtensions): LoopSpec | undefined {
  const loop = child(activity, 'loopCharacteristics');
  if (!loop) return undefined;
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    const condition = text(child(loop, 'loopCondition'));
    const max = loop['loopMaximum'];
    return {
      type: 'standardLoop',
      testBefore: bool(loop, 'testBefore') ?? false,
      ...(condition !== undefined ? { loopCondition: ctx.cond(condition, activity) } : {}),
      ...(typeof max === 'number' ? { loopMaximum: max } : {}),
    };
  }
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return ctx.unsupported(activity, `unsupported loop <${loop.$type}>`);
  const cardinality = text(child(loop, 'loopCardinality'));
  const completion = text(child(loop, 'completionCondition'));
  // Plain BPMN: loopDataInputRef / inputDataItem name the collection and the element variable.
  const dataInput = child(loop, 'loopDataInputRef');
  const inputItem = child(loop, 'inputDataItem');
  const collectionRef = dataInput?.id;
  const plain = {
    ...(collectionRef !== undefined
      ? { inputCollection: ctx.expr(/[$#]\{/.test(collectionRef) ? collectionRef : `\${${collectionRef}}`, activity) }
      : {}),
    ...(str(inputItem, 'name') ?? inputItem?.id ? { inputElement: (str(inputItem, 'name') ?? inputItem?.id) as string } : {}),
  };
  return {
    type: 'multiInstance',
    isSequential: bool(loop, 'isSequential') ?? false,
    ...(cardinality !== undefined ? { loopCardinality: ctx.expr(cardinality, activity) } : {}),
    ...(completion !== undefined ? { completionCondition: ctx.cond(completion, activity) } : {}),
    ...(ctx.flavour === 'camunda8' ? {} : plain),
    ...ext.multiInstance?.(loop, ctx),
  };
}
