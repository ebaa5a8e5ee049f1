import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { run } from '../../examples/long-running/main.js';

describe('example long-running (Temporal-style query and cancellation)', () => {
  it('a query mid-run sees the progress; terminate aborts the running batch, whose handler rolls back', async () => {
    // given / when
    const result = await run({ clock: new ManualClock(), log: () => {} });
    // then: the query while b2 ran saw b1's rows
    expect(result.query).toEqual({ status: 'RUNNING', activeElementIds: ['ImportBatch'], rowsImported: 1000 });
    // then: the cancellation reached the running handler and nothing after it ran to completion
    expect(result.rolledBack).toEqual(['b2']);
    expect(result.completedBatches).toEqual(['b1']);
    expect(result.final).toEqual({ status: 'TERMINATED', rowsImported: 1000 });
    expect(result.historyTypes.at(-1)).toBe('instance.terminated');
  });

  // Engine bug: the rejection of a handler aborted by terminate() is treated as an ordinary failure,
  // so with the default retry policy (interval 0) the handler is called twice more with the signal
  // already aborted, and an incident is recorded before the instance terminates.
  it('a handler aborted by terminate is not retried and raises no incident', async () => {
    const result = await run({ clock: new ManualClock(), log: () => {} });
    expect(result.callsAfterAbort).toBe(0);
    expect(result.historyTypes).not.toContain('incident.created');
  });
});
