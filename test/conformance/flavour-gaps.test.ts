/**
 * Constructs one flavour does not define. The issues ask for a deploy-time rejection with a location;
 * these files live beside this test, not in diagrams/, because `npm start` deploys every diagram there.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('flavour gaps', () => {
  // Zeebe has no standard loop (only multi-instance); Camunda 8 refuses the deployment.
  it('given a Camunda 8 file with standardLoopCharacteristics, when deployed, then it is rejected at the element', async () => {
    const engine = new Engine();
    try {
      await expect(engine.deployFile(fixture('c8-standard-loop.bpmn'))).rejects.toMatchObject({
        code: 'UNSUPPORTED_ELEMENT',
        elementId: 'ServiceTask_poll',
      });
    } finally {
      await engine.close();
    }
  });
});
