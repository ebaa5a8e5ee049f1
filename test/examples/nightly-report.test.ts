import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { run } from '../../examples/nightly-report/main.js';

describe('example nightly-report (Airflow-style cron DAG over HTTP, plus a manual trigger)', () => {
  it('the cron start fires at 02:00 each night, not before; a manual start backfills a given day; values flow sales → totals → POST', async () => {
    // given
    const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    // when
    const result = await run({ clock, log: () => {} });
    // then
    expect(result.firedBeforeTwo).toBe(0);
    expect(result.runs).toEqual([
      { trigger: 'schedule', startedAt: '2026-06-01T02:00:00.000Z', status: 'COMPLETED', reportDate: '2026-05-31', total: 424, topRegion: 'south', reportId: 'report-1' },
      { trigger: 'schedule', startedAt: '2026-06-02T02:00:00.000Z', status: 'COMPLETED', reportDate: '2026-06-01', total: 304, topRegion: 'west', reportId: 'report-2' },
      { trigger: 'manual', startedAt: '2026-06-02T05:00:00.000Z', status: 'COMPLETED', reportDate: '2026-05-15', total: 360, topRegion: 'south', reportId: 'report-3' },
    ]);
    expect(result.published).toEqual([
      { reportDate: '2026-05-31', total: 424, topRegion: 'south' },
      { reportDate: '2026-06-01', total: 304, topRegion: 'west' },
      { reportDate: '2026-05-15', total: 360, topRegion: 'south' },
    ]);
  });
});
