import { describe, expect, it } from 'vitest';
import { run } from '../../examples/canvas/main.js';

describe('example canvas (Celery chain / group / chord via the builder)', () => {
  it('chain gives 32, group gives every result, chord calls its callback once with the sum', async () => {
    // given / when
    const result = await run({ log: () => {} });
    // then
    expect(result.chain).toEqual({ status: 'COMPLETED', result: 32 });
    expect(result.group).toEqual({ status: 'COMPLETED', results: [0, 2, 4, 6, 8] });
    expect(result.chord).toEqual({ status: 'COMPLETED', total: 20, callbackCalls: 1 });
    expect(result.chordXmlHasDiagram).toBe(true);
  });
});
