import { describe, expect, it } from 'vitest';
import { FAN_OUT_CITIES, run } from '../../examples/hello-cities/main.js';

describe('example hello-cities (Durable Functions chaining and fan-out/fan-in)', () => {
  it('chains Tokyo → Seattle → London, each call seeing the previous result, and fans out over five cities collecting in input order', async () => {
    // given / when
    const lines: string[] = [];
    const result = await run({ log: (l) => lines.push(l) });
    // then: chaining
    expect(result.chaining.status).toBe('COMPLETED');
    expect(result.chaining.greetings).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(result.chaining.path).toEqual(['StartEvent_1', 'SayHello_Tokyo', 'SayHello_Seattle', 'SayHello_London', 'EndEvent_1']);
    // then: fan-out/fan-in
    expect(result.fanOut.status).toBe('COMPLETED');
    expect(result.fanOut.calls).toBe(5);
    // Camunda 8 jobs of one batch run concurrently: all five calls were in flight together.
    expect(result.fanOut.maxInFlight).toBe(5);
    expect(result.fanOut.greetings).toEqual(FAN_OUT_CITIES.map((c) => `Hello ${c}!`));
    expect(lines.some((l) => l.startsWith('chaining: COMPLETED'))).toBe(true);
  });
});
