import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { run } from '../../examples/approval-with-timeout/main.js';

describe('example approval-with-timeout (Durable Functions human interaction)', () => {
  it('the message wins for A after 2 h; B escalates when its 24 h timer fires; a late message finds nothing', async () => {
    // given
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    // when
    const result = await run({ clock, log: () => {} });
    // then
    expect(clock.now().toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(result.approved).toMatchObject({ businessKey: 'A', status: 'COMPLETED', outcome: 'approved A' });
    expect(result.approved.path).toContain('Approved');
    expect(result.approved.path).not.toContain('Timeout');
    expect(result.timedOut).toMatchObject({ businessKey: 'B', status: 'COMPLETED', outcome: 'escalated B after 24 h' });
    expect(result.timedOut.path).toContain('Timeout');
    expect(result.timedOut.path).not.toContain('Approved');
    expect(result.timersFiredAt24h).toBe(1);
    expect(result.lateMessageInstanceIds).toEqual([]);
  });
});
