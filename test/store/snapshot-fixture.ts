import type { Snapshot } from '../../src/engine/state.js';

/** A waiting order instance: one token at a user task, as the engine would persist it. */
export function orderSnapshot(instanceId: string, version = 1): Snapshot {
  return {
    schemaVersion: 1,
    instanceId,
    process: { key: 'order', version: 2, specHash: 'sha256-abc' },
    businessKey: 'PO-17',
    status: 'RUNNING',
    tokens: [{ id: 't2', elementId: 'approve', phase: 'waiting', waitingFor: `${instanceId}:ut3` }],
    scopes: [],
    variables: { amount: 120, customer: { name: 'Ada', tags: ['vip'] } },
    userTasks: [
      {
        id: `${instanceId}:ut3`,
        elementId: 'approve',
        tokenId: 't2',
        name: 'Approve order',
        candidateUsers: [],
        candidateGroups: ['sales'],
        createdAt: '2024-05-01T10:00:00.000Z',
      },
    ],
    jobs: [],
    timers: [],
    subscriptions: [],
    incidents: [],
    startedAt: '2024-05-01T10:00:00.000Z',
    nextId: 3,
    historySeq: 2,
    version,
  };
}
