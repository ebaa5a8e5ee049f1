import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StoreError } from '../../src/errors/index.js';
import { FileStore } from '../../src/store/index.js';
import { encodeIdForFileName } from '../../src/store/file-names.js';
import { orderSnapshot } from './snapshot-fixture.js';

/** Above Linux's pid_max ceiling (2^22), so no process can have it. */
const DEAD_PID = 2_147_483_646;

let dir: string;
const opened: FileStore[] = [];

async function openStore(): Promise<FileStore> {
  const store = new FileStore({ dir });
  await store.open();
  opened.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpmn-file-store-'));
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('FileStore lock', () => {
  it('refuses a second store on the same directory while the first holds it', async () => {
    await openStore();

    const second = new FileStore({ dir }).open();

    await expect(second).rejects.toBeInstanceOf(StoreError);
    await expect(second).rejects.toThrow(`locked by pid ${process.pid}`);
  });

  it('refuses a directory locked by another live process', async () => {
    await writeFile(join(dir, '.lock'), `${process.ppid}\n`);

    await expect(new FileStore({ dir }).open()).rejects.toThrow(`locked by pid ${process.ppid}`);
  });

  it('takes over a stale lock left by a dead process', async () => {
    await writeFile(join(dir, '.lock'), `${DEAD_PID}\n`);

    await openStore();

    expect((await readFile(join(dir, '.lock'), 'utf8')).trim()).toBe(String(process.pid));
  });

  it('takes over an empty lock (crash while creating it)', async () => {
    await writeFile(join(dir, '.lock'), '');

    await expect(openStore()).resolves.toBeInstanceOf(FileStore);
  });

  it('releases the lock on close, so another store can open the directory', async () => {
    const first = await openStore();
    await first.close();

    expect(await readdir(dir)).not.toContain('.lock');
    await expect(openStore()).resolves.toBeInstanceOf(FileStore);
  });

  it('rejects use before open', async () => {
    await expect(new FileStore({ dir }).loadInstance('x')).rejects.toThrow(/not open/);
  });
});

describe('FileStore ids and layout', () => {
  const hostileIds = ['../escape', '/etc/passwd', 'nul\0byte', '..', '.', 'CON', 'Order', 'order', 'ü/ß', 'x'.repeat(1000)];

  it('keeps hostile ids inside its folders and round-trips them', async () => {
    const store = await openStore();
    for (const id of hostileIds) {
      await store.saveInstance(orderSnapshot(id), undefined);
      await store.appendHistory(id, [{ seq: 1, at: '2024-05-01T10:00:00.000Z', type: 'instance.started' }]);
    }

    // ids never become paths: instances and history live in the journal
    expect((await readdir(dir)).sort()).toEqual(['.lock', 'deployments', 'journal.log']);
    for (const id of hostileIds) {
      expect((await store.loadInstance(id))!.instanceId).toBe(id);
      expect(await store.readHistory(id)).toHaveLength(1);
    }
    expect((await store.loadAllInstances()).map((s) => s.instanceId).sort()).toEqual([...hostileIds].sort());
  });

  it('lets a new store over the same directory see everything, versions included', async () => {
    const first = await openStore();
    await first.saveInstance(orderSnapshot('order-1', 1), undefined);
    await first.saveInstance(orderSnapshot('order-1', 2), 1);
    await first.appendHistory('order-1', [{ seq: 1, at: '2024-05-01T10:00:00.000Z', type: 'instance.started' }]);
    await first.saveDeployment({ id: 'd1', source: '<x/>', hash: 'h', deployedAt: '2024-05-01T00:00:00.000Z', processes: [] });
    await first.close();

    const second = await openStore();

    expect(await second.loadAllInstances()).toEqual([orderSnapshot('order-1', 2)]);
    expect(await second.readHistory('order-1')).toHaveLength(1);
    expect((await second.loadDeployments()).map((d) => d.id)).toEqual(['d1']);
    await expect(second.saveInstance(orderSnapshot('order-1', 2), 1)).rejects.toBeInstanceOf(ConflictError);
    await expect(second.saveInstance(orderSnapshot('order-1', 1), undefined)).rejects.toThrow(/already in use/);
    await second.saveInstance(orderSnapshot('order-1', 3), 2);
  });

  it('checks versions of files it has not read yet without being told to load them', async () => {
    const first = await openStore();
    await first.saveInstance(orderSnapshot('order-1', 7), undefined);
    await first.close();
    const second = await openStore();

    await expect(second.saveInstance(orderSnapshot('order-1', 8), 6)).rejects.toThrow(/stored version is 7/);
    await second.saveInstance(orderSnapshot('order-1', 8), 7);
  });
});

describe('FileStore taking over the one-file-per-instance layout', () => {
  const instanceFile = (id: string): string => join(dir, 'instances', `${encodeIdForFileName(id)}.json`);
  const historyFile = (id: string): string => join(dir, 'history', `${encodeIdForFileName(id)}.jsonl`);

  async function writeOldLayout(files: Record<string, string>): Promise<void> {
    await mkdir(join(dir, 'instances'), { recursive: true });
    await mkdir(join(dir, 'history'), { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(file, text);
  }

  it('moves instances and history into the journal and removes the old folders', async () => {
    await writeOldLayout({
      [instanceFile('Order/1')]: JSON.stringify(orderSnapshot('Order/1', 4)),
      [historyFile('Order/1')]: '{"seq":1,"at":"a","type":"instance.started"}\n',
      [`${instanceFile('Order/1')}.999-1.tmp`]: '{"half',
    });

    const store = await openStore();

    expect((await readdir(dir)).sort()).toEqual(['.lock', 'deployments', 'journal.log']);
    expect(await store.loadAllInstances()).toEqual([orderSnapshot('Order/1', 4)]);
    expect(await store.readHistory('Order/1')).toEqual([{ seq: 1, at: 'a', type: 'instance.started' }]);
    await expect(store.saveInstance(orderSnapshot('Order/1', 5), 3)).rejects.toBeInstanceOf(ConflictError);
  });

  it('finds the instance of a history file whose name is a one-way hash of a long id', async () => {
    const longId = 'x'.repeat(1000);
    await writeOldLayout({
      [instanceFile(longId)]: JSON.stringify(orderSnapshot(longId)),
      [historyFile(longId)]: '{"seq":1,"at":"a","type":"instance.started"}\n',
    });

    const store = await openStore();

    expect(encodeIdForFileName(longId)).toContain('~');
    expect(await store.readHistory(longId)).toHaveLength(1);
  });

  it('does not double history when a crash left the old folders after the import', async () => {
    const old = {
      [instanceFile('order-1')]: JSON.stringify(orderSnapshot('order-1')),
      [historyFile('order-1')]: '{"seq":1,"at":"a","type":"instance.started"}\n',
    };
    await writeOldLayout(old);
    await (await openStore()).close();
    opened.splice(0);
    await writeOldLayout(old);

    const store = await openStore();

    expect(await store.readHistory('order-1')).toHaveLength(1);
    expect(await store.loadAllInstances()).toHaveLength(1);
  });

  it('names a truncated, empty or tampered old instance file and leaves the folders alone', async () => {
    const text = JSON.stringify(orderSnapshot('bad'));
    await writeOldLayout({ [instanceFile('bad')]: text.slice(0, text.length / 2) });
    const open = (): Promise<void> => new FileStore({ dir }).open();

    await expect(open()).rejects.toBeInstanceOf(StoreError);
    await expect(open()).rejects.toThrow(`${instanceFile('bad')}: file is not valid JSON`);
    await writeFile(instanceFile('bad'), '');
    await expect(open()).rejects.toThrow(/bad\.json: file is empty \(truncated/);
    await writeFile(instanceFile('bad'), JSON.stringify({ ...orderSnapshot('bad'), status: 'HACKED' }));
    await expect(open()).rejects.toThrow(/bad\.json: snapshot field 'status' must be one of/);
    expect(await readdir(join(dir, 'instances'))).toEqual(['bad.json']);
  });

  it('refuses an old file whose name does not belong to the instance inside', async () => {
    await writeOldLayout({ [instanceFile('copy')]: JSON.stringify(orderSnapshot('original')) });

    await expect(new FileStore({ dir }).open()).rejects.toThrow(/copy\.json: file name does not match its instanceId 'original'/);
  });

  it('ignores a torn last line of an old history file, and names a corrupt one in the middle', async () => {
    await writeOldLayout({ [historyFile('order-1')]: '{"seq":1,"at":"a","type":"instance.started"}\n{"seq":2,"at":"b","ty' });
    const store = await openStore();
    expect(await store.readHistory('order-1')).toEqual([{ seq: 1, at: 'a', type: 'instance.started' }]);
    await store.close();
    opened.splice(0);

    await writeOldLayout({ [historyFile('order-1')]: '{"seq":1,"at":"a","type":"x"}\nnot json\n{"seq":3,"at":"c","type":"y"}\n' });

    await expect(new FileStore({ dir }).open()).rejects.toThrow(/order-1\.jsonl:2: history line is not valid JSON/);
  });
});

describe('FileStore damaged files', () => {
  it('removes deployment temp files left by a crash mid-write', async () => {
    await mkdir(join(dir, 'deployments'), { recursive: true });
    await writeFile(join(dir, 'deployments', 'd1.json.999-2.tmp'), '');

    await openStore();

    expect(await readdir(join(dir, 'deployments'))).toEqual([]);
  });

  it('names a damaged deployment file', async () => {
    const store = await openStore();
    await writeFile(join(dir, 'deployments', 'd1.json'), JSON.stringify({ id: 'd1', source: 42 }));

    await expect(store.loadDeployments()).rejects.toThrow(/d1\.json: stored deployment field 'source'/);
  });
});
