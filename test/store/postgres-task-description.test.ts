import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { PG_URL, assertDatabaseReachable, dropSchema, testSchemaName } from './postgres-test-db.js';

// A description a task listener set lives in the snapshot; another engine process finds the task
// through the user_tasks table, which must carry it (the <documentation> comes from the deployment).

const xml = (withListener: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="t">
  <bpmn:process id="${withListener ? 'described' : 'documented'}" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u" />
    <bpmn:userTask id="u"><bpmn:documentation>Check the order</bpmn:documentation>
      ${withListener ? '<bpmn:extensionElements><camunda:taskListener event="create" class="describe" /></bpmn:extensionElements>' : ''}
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('user task descriptions over a shared PostgreSQL schema', () => {
  let schema: string;
  let engines: Engine[];

  beforeAll(assertDatabaseReachable);
  beforeEach(() => {
    schema = testSchemaName();
    engines = [];
  });
  afterEach(async () => {
    for (const e of engines) await e.close().catch(() => {});
    await dropSchema(schema);
  });

  function engine(): Engine {
    const e = new Engine({
      store: new PostgresStore({ connectionString: PG_URL, schema, maxConnections: 2 }),
      clock: new ManualClock(new Date('2026-03-01T08:00:00.000Z')),
      services: { describe: ({ task }) => void (task!.description = 'Call the customer first') },
    });
    engines.push(e);
    return e;
  }

  it('another engine lists the description a create listener set, and the documentation where none did', async () => {
    const a = engine();
    const b = engine();
    await a.deploy(xml(true));
    await a.deploy(xml(false));
    const described = await a.start('described');
    const documented = await a.start('documented');
    const [task] = await b.listUserTasks({ instanceId: described.id });
    expect(task!.description).toBe('Call the customer first');
    expect(await b.getUserTask(task!.id)).toEqual(task);
    const [plain] = await b.listUserTasks({ instanceId: documented.id });
    expect(plain!.description).toBe('Check the order');
  });
});
