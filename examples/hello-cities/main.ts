/**
 * hello-cities — function chaining and fan-out/fan-in, the first two patterns of Azure Durable Functions
 * ("Hello Tokyo, Hello Seattle, Hello London", then the same activity over many cities at once).
 *
 * - chaining: three service tasks in a row; each call sees what the previous one returned (the
 *   `greetings` list grows), like `await ctx.callActivity('SayHello', 'Tokyo')` three times.
 * - fan-out/fan-in: one service task with a parallel multi-instance over `cities`; the engine collects
 *   every instance's `greeting` into `greetings` in input order (Camunda 8 outputCollection), like
 *   `Task.WhenAll(cities.map(callActivity))`.
 * Both processes are defined in code with `bpmn-runner/builder`.
 */
import { chain, process, service } from '../../src/builder/index.js';
import { Engine, ManualClock } from '../../src/index.js';
import { defaultLog, pathOf, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export const FAN_OUT_CITIES = ['Tokyo', 'Seattle', 'London', 'Cairo', 'Lima'];

export interface HelloCitiesResult {
  chaining: { status: string; greetings: string[]; path: string[] };
  fanOut: { status: string; greetings: string[]; calls: number; maxInFlight: number };
}

export async function run(opts: ExampleOptions = {}): Promise<HelloCitiesResult> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  try {
    // The "activity function": its argument comes from the task (a header here, the item in the fan-out).
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    engine.registerService('sayHello', async ({ headers, variables }) => {
      calls++;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5)); // the "remote" call
      inFlight--;
      const city = headers.city ?? String(variables.city);
      const greeting = `Hello ${city}!`;
      const before = Array.isArray(variables.greetings) ? (variables.greetings as string[]) : [];
      // In the chain the list grows; in the fan-out each instance only hands back its own greeting.
      return headers.city !== undefined ? { greetings: [...before, greeting] } : { greeting };
    });

    const hello = (city: string) => service('sayHello', { id: `SayHello_${city}`, name: `Say hello to ${city}`, headers: { city } });
    await process('hello_chaining', { name: 'Hello cities (chaining)' })
      .start()
      .then(chain(hello('Tokyo'), hello('Seattle'), hello('London')))
      .end()
      .deploy(engine);

    await process('hello_fan_out', { name: 'Hello cities (fan-out/fan-in)', flavour: 'camunda8' })
      .start()
      .serviceTask('SayHello_each', {
        name: 'Say hello to every city',
        type: 'sayHello',
        forEach: 'cities',
        as: 'city',
        outputCollection: 'greetings',
        outputElement: '=greeting',
      })
      .end()
      .deploy(engine);

    const chained = await engine.start('hello_chaining');
    const chainGreetings = chained.variables.greetings as string[];
    log(`chaining: ${chained.status} ${chainGreetings.join(' → ')}`);

    calls = 0;
    maxInFlight = 0;
    const fanned = await engine.start('hello_fan_out', { variables: { cities: FAN_OUT_CITIES } });
    const fanGreetings = fanned.variables.greetings as string[];
    log(`fan-out/fan-in: ${fanned.status} ${calls} calls (at most ${maxInFlight} at once), collected ${JSON.stringify(fanGreetings)}`);

    return {
      chaining: { status: chained.status, greetings: chainGreetings, path: await pathOf(engine, chained.id) },
      fanOut: { status: fanned.status, greetings: fanGreetings, calls, maxInFlight },
    };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
