import { describe, expect, it } from 'vitest';
import { chain, chord, firstOf, forEach, group, message, process, service, timer, waitFor } from '../../src/builder/index.js';
import { Engine, ManualClock } from '../../src/index.js';

function setup() {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  const calls: string[] = [];
  return { engine, clock, calls };
}

/** Every element entered, in order: the path an instance took. */
const path = async (engine: Engine, id: string) =>
  (await engine.history(id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);

describe('builder helpers run on the Engine', () => {
  it('chain: Tokyo → Seattle → London, each step sees what the one before returned', async () => {
    // given
    const { engine, calls } = setup();
    engine.registerService('hello', ({ elementId, variables }) => {
      calls.push(elementId);
      return { greetings: [...((variables.greetings as string[]) ?? []), `Hello ${elementId}`] };
    });
    await process('hello').start().then(chain(service('hello', { id: 'Tokyo' }), service('hello', { id: 'Seattle' }), service('hello', { id: 'London' }))).end().deploy(engine);
    // when
    const inst = await engine.start('hello');
    // then
    expect(inst.status).toBe('COMPLETED');
    expect(calls).toEqual(['Tokyo', 'Seattle', 'London']);
    expect(inst.variables.greetings).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
  });

  it('group: every branch runs, the join waits for the user task of the last one', async () => {
    const { engine, calls } = setup();
    engine.registerService('work', ({ elementId }) => void calls.push(elementId));
    await process('grp').start().then(group([service('work', { id: 'a' }), service('work', { id: 'b' }), (b) => b.userTask('check')], { id: 'fork' })).userTask('final').end().deploy(engine);
    const inst = await engine.start('grp');
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(inst.activeElementIds).toEqual(['check']);
    const [check] = await engine.listUserTasks({ instanceId: inst.id });
    const afterJoin = await engine.completeUserTask(check!.id, {});
    expect(afterJoin.activeElementIds).toEqual(['final']);
    const [final] = await engine.listUserTasks({ instanceId: inst.id });
    expect((await engine.completeUserTask(final!.id, {})).status).toBe('COMPLETED');
    expect((await path(engine, inst.id)).filter((e) => e === 'fork_join')).toHaveLength(3);
  });

  it('chord: the callback runs once, after every member of the group', async () => {
    const { engine, calls } = setup();
    engine.registerService('add', ({ elementId }) => (calls.push(elementId), { [elementId]: elementId.length }));
    engine.registerService('sum', ({ variables }) => (calls.push('sum'), { total: Number(variables.one) + Number(variables.three) }));
    await process('chord').start().then(chord([service('add', { id: 'one' }), service('add', { id: 'three' })], service('sum'))).end().deploy(engine);
    const inst = await engine.start('chord');
    expect(inst.status).toBe('COMPLETED');
    expect(calls.at(-1)).toBe('sum');
    expect(calls.filter((c) => c === 'sum')).toHaveLength(1);
    expect(inst.variables.total).toBe(8);
  });

  it('forEach (Camunda 7): one subprocess instance per item, each with its own item variable', async () => {
    const { engine, calls } = setup();
    engine.registerService('visit', ({ variables }) => void calls.push(String(variables.city)));
    await process('tour').start().then(forEach('cities', (b) => b.serviceTask('visit', { type: 'visit' }), { id: 'each', as: 'city' })).end().deploy(engine);
    const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Cairo'];
    const inst = await engine.start('tour', { variables: { cities } });
    expect(inst.status).toBe('COMPLETED');
    expect(calls.sort()).toEqual([...cities].sort());
    expect(inst.variables).not.toHaveProperty('city');
  });

  it('forEach (Camunda 8): fan-out over workers, results collected in input order', async () => {
    const { engine } = setup();
    await process('weather', { flavour: 'camunda8' })
      .start()
      .then(forEach('=cities', service('forecast'), { as: 'city', outputCollection: 'reports', outputElement: '=report' }))
      .end()
      .deploy(engine);
    const cities = ['Tokyo', 'Seattle', 'London'];
    const inst = await engine.start('weather', { variables: { cities } });
    const jobs = await engine.fetchAndLock({ workerId: 'w', maxTasks: 10, topics: [{ topic: 'forecast', lockDurationMs: 60_000 }] });
    expect(jobs).toHaveLength(3);
    for (const job of [...jobs].reverse()) await engine.completeExternalTask(job.id, 'w', { report: `sun in ${job.variables.city}` });
    const done = await engine.getInstance(inst.id);
    expect(done?.status).toBe('COMPLETED');
    expect(done?.variables.reports).toEqual(cities.map((c) => `sun in ${c}`));
  });

  it('waitFor(message) waits until the message is correlated', async () => {
    const { engine } = setup();
    await process('msg').start().then(waitFor(message('approved', { id: 'approval' }))).end().deploy(engine);
    const inst = await engine.start('msg');
    expect(inst.activeElementIds).toEqual(['approval']);
    const result = await engine.correlateMessage('approved', { variables: { by: 'ann' } });
    expect(result.instanceIds).toEqual([inst.id]);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
  });

  it('waitFor(timer) fires on the manual clock, not before', async () => {
    const { engine, clock } = setup();
    await process('nap').start().then(waitFor(timer('PT10M'))).end().deploy(engine);
    const inst = await engine.start('nap');
    clock.advance(9 * 60_000);
    expect(await engine.runDueTimers()).toBe(0);
    clock.advance(60_000);
    expect(await engine.runDueTimers()).toBe(1);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
  });

  describe('waitFor(firstOf(message, timer)): approval or a 24 h timeout, whichever first', () => {
    const approvalWithTimeout = () =>
      process('approval')
        .start()
        .userTask('request')
        .then(waitFor(firstOf(message('approved', { id: 'gotApproval', then: (b) => b.end('approvedEnd') }), timer('PT24H', { id: 'timeout', then: (b) => b.userTask('escalate') })), { id: 'race' }))
        .end('escalated');

    it('the message wins before the deadline; the timer is withdrawn', async () => {
      const { engine, clock } = setup();
      await approvalWithTimeout().deploy(engine);
      const inst = await engine.start('approval');
      const [request] = await engine.listUserTasks({ instanceId: inst.id });
      await engine.completeUserTask(request!.id, {});
      // The token waits at the event-based gateway itself, as in Camunda's activity tree.
      expect((await engine.getInstance(inst.id))?.activeElementIds).toEqual(['race']);
      await engine.correlateMessage('approved');
      clock.advance(25 * 3_600_000);
      expect(await engine.runDueTimers()).toBe(0);
      expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
      expect(await path(engine, inst.id)).toContain('approvedEnd');
    });

    it('the timer wins when nobody answers; a late message finds nothing', async () => {
      const { engine, clock } = setup();
      await approvalWithTimeout().deploy(engine);
      const inst = await engine.start('approval');
      const [request] = await engine.listUserTasks({ instanceId: inst.id });
      await engine.completeUserTask(request!.id, {});
      clock.advance(24 * 3_600_000);
      expect(await engine.runDueTimers()).toBe(1);
      expect((await engine.correlateMessage('approved')).instanceIds).toEqual([]);
      const [escalate] = await engine.listUserTasks({ instanceId: inst.id });
      expect(escalate?.elementId).toBe('escalate');
      expect((await engine.completeUserTask(escalate!.id, {})).status).toBe('COMPLETED');
      expect(await path(engine, inst.id)).not.toContain('approvedEnd');
    });
  });

  it('the order example: user task with a form, exclusive choice, both outcomes', async () => {
    const { engine, calls } = setup();
    engine.registerService('ship', ({ variables }) => void calls.push(`ship ${String(variables.qty)}`));
    await process('order')
      .start()
      .userTask('approve', { candidateGroups: 'sales', form: [{ id: 'approved', type: 'boolean', required: true }, { id: 'qty', type: 'long' }] })
      .exclusive('ok?')
      .when('${approved}', (b) => b.serviceTask('ship', { type: 'ship' }))
      .otherwise((b) => b.end('rejected'))
      .end('shipped')
      .deploy(engine);
    for (const [approved, end] of [['true', 'shipped'], ['false', 'rejected']] as const) {
      const inst = await engine.start('order');
      const [task] = await engine.listUserTasks({ instanceId: inst.id, candidateGroup: 'sales' });
      const done = await engine.completeUserTask(task!.id, { approved, qty: '3' });
      expect(done.status).toBe('COMPLETED');
      expect(done.variables).toMatchObject({ approved: approved === 'true', qty: 3 });
      expect((await path(engine, inst.id)).at(-1)).toBe(end);
    }
    expect(calls).toEqual(['ship 3']);
  });

  it('Camunda 8: deploys as camunda8 and runs user task, script, gateway and workers to completion', async () => {
    const { engine } = setup();
    const deployment = await process('order8', { flavour: 'camunda8' })
      .start()
      .userTask('review', { form: [{ id: 'total', type: 'long', required: true }] })
      .scriptTask('tax', { script: '=total * 0.2', resultVariable: 'tax' })
      .exclusive('large?')
      .when('=total > 100', (b) => b.serviceTask('audit', { type: 'audit' }))
      .otherwise((b) => b)
      .then(waitFor(message('paid', { correlationKey: '=orderId' })))
      .end()
      .deploy(engine);
    expect(deployment.processes).toMatchObject([{ key: 'order8', flavour: 'camunda8' }]);
    const inst = await engine.start('order8', { variables: { orderId: 'o-7' } });
    const [review] = await engine.listUserTasks({ instanceId: inst.id });
    expect(review?.form?.fields.map((f) => f.id)).toEqual(['total']);
    await engine.completeUserTask(review!.id, { total: '500' });
    const [audit] = await engine.fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topic: 'audit', lockDurationMs: 1000 }] });
    expect(audit?.variables.tax).toBe(100);
    await engine.completeExternalTask(audit!.id, 'w');
    expect((await engine.correlateMessage('paid', { correlationKey: 'other' })).instanceIds).toEqual([]);
    expect((await engine.correlateMessage('paid', { correlationKey: 'o-7' })).instanceIds).toEqual([inst.id]);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
  });

  it('Camunda 8: waitFor(firstOf(...)) lets the timer win when the keyed message does not come', async () => {
    const { engine, clock } = setup();
    await process('race8', { flavour: 'camunda8' })
      .start()
      .then(waitFor(firstOf(message('paid', { correlationKey: '=orderId', then: (b) => b.end('paidEnd') }), timer('PT1H', { then: (b) => b.end('lateEnd') }))))
      .deploy(engine);
    const inst = await engine.start('race8', { variables: { orderId: 'o-1' } });
    clock.advance(3_600_000);
    expect(await engine.runDueTimers()).toBe(1);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
    expect((await path(engine, inst.id)).at(-1)).toBe('lateEnd');
  });
});
