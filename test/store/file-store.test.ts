import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

    expect((await readdir(dir)).sort()).toEqual(['.lock', 'deployments', 'history', 'instances']);
    expect(await readdir(join(dir, 'instances'))).toHaveLength(hostileIds.length);
    for (const name of await readdir(join(dir, 'instances'))) expect(Buffer.byteLength(name)).toBeLessThan(255);
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

describe('FileStore damaged files', () => {
  const instanceFile = (id: string): string => join(dir, 'instances', `${encodeIdForFileName(id)}.json`);

  it('names a truncated instance file, on load and on loadAllInstances', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('good'), undefined);
    await store.saveInstance(orderSnapshot('bad'), undefined);
    const text = await readFile(instanceFile('bad'), 'utf8');
    await writeFile(instanceFile('bad'), text.slice(0, text.length / 2));

    const one = store.loadInstance('bad');
    await expect(one).rejects.toBeInstanceOf(StoreError);
    await expect(one).rejects.toMatchObject({ details: { file: instanceFile('bad') } });
    await expect(store.loadAllInstances()).rejects.toThrow(`${instanceFile('bad')}: file is not valid JSON`);
  });

  it('names an empty instance file', async () => {
    const store = await openStore();
    await writeFile(instanceFile('empty'), '');

    await expect(store.loadAllInstances()).rejects.toThrow(/empty \(truncated/);
  });

  it('names the tampered field of an instance file', async () => {
    const store = await openStore();
    await writeFile(instanceFile('order-1'), JSON.stringify({ ...orderSnapshot('order-1'), status: 'HACKED' }));

    await expect(store.loadInstance('order-1')).rejects.toThrow(/order-1\.json: snapshot field 'status' must be one of/);
  });

  it('refuses a file whose name does not belong to the instance inside', async () => {
    const store = await openStore();
    await writeFile(instanceFile('copy'), JSON.stringify(orderSnapshot('original')));

    await expect(store.loadAllInstances()).rejects.toThrow(/copy\.json: file name does not match its instanceId 'original'/);
    await expect(store.loadInstance('copy')).rejects.toThrow(/holds instance 'original'/);
  });

  it('ignores a torn last history line and cuts it off before the next append', async () => {
    const first = await openStore();
    await first.appendHistory('order-1', [{ seq: 1, at: 'a', type: 'instance.started' }]);
    await first.close();
    const historyFile = join(dir, 'history', 'order-1.jsonl');
    await appendFile(historyFile, '{"seq":2,"at":"b","ty');

    const second = await openStore();
    expect(await second.readHistory('order-1')).toEqual([{ seq: 1, at: 'a', type: 'instance.started' }]);
    await second.appendHistory('order-1', [{ seq: 2, at: 'c', type: 'element.entered' }]);

    expect((await second.readHistory('order-1')).map((e) => e.seq)).toEqual([1, 2]);
    expect(await readFile(historyFile, 'utf8')).toBe(
      '{"seq":1,"at":"a","type":"instance.started"}\n{"seq":2,"at":"c","type":"element.entered"}\n',
    );
  });

  it('names a corrupt history line in the middle of the file', async () => {
    const store = await openStore();
    await writeFile(join(dir, 'history', 'order-1.jsonl'), '{"seq":1,"at":"a","type":"x"}\nnot json\n{"seq":3,"at":"c","type":"y"}\n');

    await expect(store.readHistory('order-1')).rejects.toThrow(/order-1\.jsonl:2: history line is not valid JSON/);
  });

  it('removes temp files left by a crash mid-write, keeping the committed file', async () => {
    const first = await openStore();
    await first.saveInstance(orderSnapshot('order-1'), undefined);
    await first.close();
    await writeFile(`${instanceFile('order-1')}.999-1.tmp`, '{"half');
    await mkdir(join(dir, 'deployments'), { recursive: true });
    await writeFile(join(dir, 'deployments', 'd1.json.999-2.tmp'), '');

    const second = await openStore();

    expect(await readdir(join(dir, 'instances'))).toEqual(['order-1.json']);
    expect(await readdir(join(dir, 'deployments'))).toEqual([]);
    expect(await second.loadAllInstances()).toEqual([orderSnapshot('order-1')]);
  });

  it('names a damaged deployment file', async () => {
    const store = await openStore();
    await writeFile(join(dir, 'deployments', 'd1.json'), JSON.stringify({ id: 'd1', source: 42 }));

    await expect(store.loadDeployments()).rejects.toThrow(/d1\.json: stored deployment field 'source'/);
  });
});
