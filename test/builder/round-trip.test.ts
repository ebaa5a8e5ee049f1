import { describe, expect, it } from 'vitest';
import { ConflictError, ExpressionError, ParseError, UnsupportedElementError } from '../../src/errors/index.js';
import { firstOf, message, process, timer, waitFor } from '../../src/builder/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { ElementSpec, ProcessSpec } from '../../src/spec/types.js';

const only = async (xml: string): Promise<ProcessSpec> => (await parseDefinitions(xml)).processes[0] as ProcessSpec;
/** The element spec whose kind union contains K (gateway specs share one interface for several kinds). */
type SpecOf<K> = ElementSpec extends infer E ? (E extends { kind: infer EK } ? (K extends EK ? E : never) : never) : never;
const el = <K extends ElementSpec['kind']>(p: ProcessSpec, id: string, kind: K): SpecOf<K> => {
  const e = p.elements[id];
  expect(e?.kind).toBe(kind);
  return e as SpecOf<K>;
};
const edges = (p: ProcessSpec) => Object.values(p.flows).map((f) => `${f.sourceId}->${f.targetId}${f.condition ? ` [${f.condition.source}]` : ''}`).sort();

describe('builder round trip, Camunda 7', () => {
  const order = () =>
    process('order', { name: 'Order', versionTag: 'v1' })
      .start('placed', { name: 'Order placed' })
      .userTask('approve', {
        name: 'Approve order',
        assignee: '${manager}',
        candidateGroups: ['sales', 'ops'],
        form: [
          { id: 'approved', label: 'Approved?', type: 'boolean', required: true },
          { id: 'size', type: 'enum', values: ['S', { id: 'L', name: 'Large' }], defaultValue: 'S' },
          { id: 'qty', type: 'long', min: 1, max: 9 },
        ],
      })
      .exclusive('ok?', { id: 'ok', default: 'to_rejected' })
      .when('${approved}', (b) => b.serviceTask('ship', { type: 'shipping', headers: { carrier: 'dhl' } }), { id: 'to_ship', name: 'yes' })
      .otherwise((b) => b.end('rejected'))
      .scriptTask('total', { script: 'const t = qty * 2;\nt', resultVariable: 'sum' })
      .userTask('pack', { forEach: 'items', as: 'item', parallel: false, completionCondition: '${nrOfCompletedInstances == 2}' })
      .subProcess('billing', (b) => b.start().task('bill').end(), { forEach: '${accounts}', as: 'account' })
      .timer('cool', { duration: 'PT1H' })
      .message('paid', { name: 'payment received' })
      .end('done', { terminate: true });

  it('gives back the elements, flows and conditions the builder describes', async () => {
    // given / when
    const p = await order().toDefinitions().then((d) => d.processes[0] as ProcessSpec);
    // then
    expect(p).toMatchObject({ id: 'order', name: 'Order', flavour: 'camunda7', isExecutable: true, versionTag: 'v1' });
    expect(p.childIds).toEqual(['placed', 'approve', 'ok', 'ship', 'rejected', 'total', 'pack', 'billing', 'cool', 'paid', 'done']);
    expect(edges(p)).toEqual(
      [
        'placed->approve', 'approve->ok', 'ok->ship [${approved}]', 'ok->rejected', 'ship->total', 'total->pack',
        'pack->billing', 'billing->cool', 'cool->paid', 'paid->done', 'StartEvent_1->bill', 'bill->EndEvent_1',
      ].sort(),
    );
    expect(el(p, 'ok', 'exclusiveGateway').defaultFlowId).toBe('to_rejected');
    expect(p.flows['to_ship']).toMatchObject({ name: 'yes', sourceId: 'ok', targetId: 'ship' });
    expect(el(p, 'done', 'endEvent').eventDefinitions).toEqual([{ type: 'terminate' }]);
  });

  it('keeps the Camunda 7 extension data: assignment, form, service, script, loops, events', async () => {
    const p = await only(order().toXml());
    const approve = el(p, 'approve', 'userTask');
    expect(approve.assignment.assignee?.evaluate({ manager: 'ann' })).toBe('ann');
    expect(approve.assignment.candidateGroups?.evaluate({})).toEqual(['sales', 'ops']);
    expect(approve.form?.fields).toMatchObject([
      { id: 'approved', label: 'Approved?', type: 'boolean', validation: { required: true } },
      { id: 'size', type: 'enum', defaultValue: 'S', values: [{ id: 'S', name: 'S' }, { id: 'L', name: 'Large' }] },
      { id: 'qty', type: 'long', validation: { min: 1, max: 9 } },
    ]);
    expect(el(p, 'ship', 'serviceTask').service).toMatchObject({ type: 'shipping', typeSource: 'topic', external: true, headers: { carrier: 'dhl' } });
    expect(el(p, 'total', 'scriptTask')).toMatchObject({ format: 'javascript', script: 'const t = qty * 2;\nt', resultVariable: 'sum' });
    const pack = el(p, 'pack', 'userTask').loop;
    expect(pack).toMatchObject({ type: 'multiInstance', isSequential: true, inputElement: 'item' });
    expect(pack?.type === 'multiInstance' && pack.inputCollection?.evaluate({ items: [1, 2] })).toEqual([1, 2]);
    expect(pack?.type === 'multiInstance' && pack.completionCondition?.source).toBe('${nrOfCompletedInstances == 2}');
    const billing = el(p, 'billing', 'subProcess');
    expect(billing.childIds).toEqual(['StartEvent_1', 'bill', 'EndEvent_1']);
    expect(billing.loop).toMatchObject({ type: 'multiInstance', isSequential: false, inputElement: 'account' });
    expect(p.elements['bill']?.scopeId).toBe('billing');
    const cool = el(p, 'cool', 'intermediateCatchEvent').eventDefinitions[0];
    expect(cool?.type === 'timer' && cool.timeDuration?.source).toBe('PT1H');
    const paid = el(p, 'paid', 'intermediateCatchEvent').eventDefinitions[0];
    expect(paid?.type === 'message' && paid.messageName?.evaluate({})).toBe('payment received');
  });

  it('writes an event-based gateway for firstOf, each branch opening with its catch event', async () => {
    const p = await only(
      process('wait').start()
        .then(waitFor(firstOf(message('approved', { id: 'gotIt' }), timer('P1D', { id: 'late', then: (b) => b.end('expired') })), { id: 'race' }))
        .end('ok')
        .toXml(),
    );
    el(p, 'race', 'eventBasedGateway');
    expect(edges(p)).toEqual(['StartEvent_1->race', 'race->gotIt', 'race->late', 'late->expired', 'gotIt->ok'].sort());
  });
});

describe('builder round trip, Camunda 8', () => {
  it('writes zeebe: extensions that parse back to the same spec', async () => {
    const xml = process('order8', { flavour: 'camunda8', versionTag: '2' })
      .start()
      .userTask('review', { assignee: '=owner', candidateGroups: 'sales', form: [{ id: 'approved', type: 'boolean', required: true }, { id: 'qty', type: 'long', min: 1 }] })
      .inclusive('which?', { id: 'which' })
      .when('=approved', (b) => b.serviceTask('charge', { type: 'charge-payment', retries: 5 }))
      .when('=qty > 10', (b) => b.scriptTask('discount', { script: '=qty * 0.1', resultVariable: 'discount' }))
      .otherwise((b) => b)
      .serviceTask('notify', { type: 'notify', forEach: 'recipients', as: 'to', outputCollection: 'receipts', outputElement: '=receipt' })
      .message('paid', { name: 'paid', correlationKey: '=orderId' })
      .end()
      .toXml();
    expect(xml).toContain('xmlns:zeebe=');
    expect(xml).not.toContain('camunda:');
    const p = await only(xml);
    expect(p).toMatchObject({ flavour: 'camunda8', versionTag: '2' });
    expect(edges(p)).toContain('which->charge [=approved]');
    expect(edges(p)).toContain('which_join->notify');
    expect(p.flows[el(p, 'which', 'inclusiveGateway').defaultFlowId as string]?.targetId).toBe('which_join');
    const review = el(p, 'review', 'userTask');
    expect(review.assignment.assignee?.evaluate({ owner: 'bob' })).toBe('bob');
    expect(review.assignment.candidateGroups?.evaluate({})).toEqual(['sales']);
    expect(review.form?.fields).toMatchObject([
      { id: 'approved', type: 'boolean', validation: { required: true } },
      { id: 'qty', type: 'long', validation: { min: 1 } },
    ]);
    expect(el(p, 'charge', 'serviceTask').service).toMatchObject({ type: 'charge-payment', typeSource: 'zeebe', retry: { maxAttempts: 5 } });
    expect(el(p, 'discount', 'scriptTask')).toMatchObject({ format: 'feel', resultVariable: 'discount' });
    const loop = el(p, 'notify', 'serviceTask').loop;
    expect(loop).toMatchObject({ type: 'multiInstance', isSequential: false, inputElement: 'to', outputCollection: 'receipts' });
    expect(loop?.type === 'multiInstance' && loop.inputCollection?.source).toBe('=recipients');
    const paid = el(p, 'paid', 'intermediateCatchEvent').eventDefinitions[0];
    expect(paid?.type === 'message' && paid.correlationKey?.evaluate({ orderId: 'o-1' })).toBe('o-1');
  });
});

describe('validation while building', () => {
  it('rejects a duplicate id with a ConflictError naming it', () => {
    const b = process('p').start().userTask('a');
    expect(() => b.userTask('a')).toThrow(ConflictError);
    expect(() => process('p').start().userTask('p')).toThrow(/id "p" is already used/);
  });

  it('rejects a dangling branch at toXml and an element after an end', () => {
    const open = process('p').start().exclusive().when('${x}', (b) => b.userTask('left')).otherwise((b) => b.end());
    expect(() => open.toXml()).toThrow(ParseError);
    expect(() => open.toXml()).toThrow(/dangling branch: "left"/);
    expect(() => process('p').start().end().userTask('late')).toThrow(/cannot be reached/);
    expect(() => process('p').start().subProcess('s', (b) => b.task('t')).end()).toThrow(/dangling branch in subprocess "s"/);
  });

  it('rejects an unclosed gateway, an unknown expression form and flavour-only features', () => {
    const root = process('p').start();
    root.exclusive('x', { id: 'x' }).when('${a}', (b) => b.end());
    expect(() => root.toXml()).toThrow(/gateway "x" still has open branches/);
    expect(() => process('p').start().exclusive().when('approved', (b) => b.end())).toThrow(ExpressionError);
    expect(() => process('p', { flavour: 'camunda8' }).start().exclusive().when('${a}', (b) => b.end())).toThrow(ExpressionError);
    expect(() => process('p').start().message('m', { name: 'm', correlationKey: '${k}' })).toThrow(UnsupportedElementError);
    expect(() => process('p').start().serviceTask('s', { type: 't', forEach: 'xs', outputCollection: 'ys' })).toThrow(UnsupportedElementError);
    expect(() => process('1p')).toThrow(ParseError);
  });
});
