import type { SnapshotMigration } from './index.js';

/**
 * Schema 0 is the pre-release snapshot format (never published; kept to prove the migration chain and
 * as the template for real steps). It differed from schema 1 in four ways:
 *
 * | schema 0                                        | schema 1                                  |
 * |-------------------------------------------------|-------------------------------------------|
 * | `processKey`, `processVersion`, `specHash` flat | `process: { key, version, specHash }`     |
 * | `tokens: { [tokenId]: { elementId, phase, … } }`| `tokens: [{ id, elementId, phase, … }]`   |
 * | no `nextId`                                     | `nextId` = highest numeric id suffix used |
 * | no `incidents`, no `historySeq`                 | `incidents: []`, `historySeq: 0`          |
 *
 * `nextId`: the engine makes ids as `${prefix}${++nextId}`, so the highest trailing number of any id in
 * use (tokens, scopes, user tasks, jobs, timers, subscriptions) is the counter's last value; new ids then
 * continue above every live one. Ids of ended elements are not in a snapshot and may be reused: schema 0
 * history that names them stays ambiguous, which is acceptable for a pre-release format.
 */
export const v0ToV1: SnapshotMigration = {
  from: 0,
  to: 1,
  migrate(raw: Record<string, unknown>, fail: (message: string) => never): Record<string, unknown> {
    const { processKey, processVersion, specHash, tokens, ...rest } = raw;
    if (typeof processKey !== 'string' || typeof processVersion !== 'number' || typeof specHash !== 'string') {
      fail("schema 0 snapshot needs 'processKey' (string), 'processVersion' (number) and 'specHash' (string)");
    }
    if (!isRecord(tokens)) fail("schema 0 snapshot field 'tokens' must be an object keyed by token id");
    const tokenList = Object.entries(tokens).map(([id, token]) => {
      if (!isRecord(token)) fail(`schema 0 snapshot token '${id}' must be an object`);
      return { id, ...token };
    });
    let nextId = 0;
    const ids = [
      ...tokenList.map((t) => t.id),
      ...['scopes', 'userTasks', 'jobs', 'timers', 'subscriptions'].flatMap((field) => idsOf(raw[field])),
    ];
    for (const id of ids) {
      const n = /(\d+)$/.exec(id);
      if (n !== null) nextId = Math.max(nextId, Number(n[1]));
    }
    return {
      ...rest,
      schemaVersion: 1,
      process: { key: processKey, version: processVersion, specHash },
      tokens: tokenList,
      incidents: [],
      nextId,
      historySeq: 0,
    };
  },
};

function idsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((e: unknown) => (isRecord(e) && typeof e.id === 'string' ? [e.id] : []));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
