import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClipQuery } from '../../electron/core/ports.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { compareByRecordingTime, matchesQuery, recordingTimeMs } from '../../electron/adapters/catalogue/clip-filter.js';
import { DurableJsonFile, nodeDurableFileOps, type DurableFileOps } from '../../electron/adapters/catalogue/durable-json-adapter.js';
import { ShardedCatalogueStore } from '../../electron/adapters/catalogue/sharded-catalogue-store.js';
import { clipId, generateRealisticClips, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

let dir: string;
const openStores: ShardedCatalogueStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'catalogue-'));
});
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openStore(options?: ConstructorParameters<typeof ShardedCatalogueStore>[1]): Promise<ShardedCatalogueStore> {
  const store = new ShardedCatalogueStore(dir, options);
  openStores.push(store);
  await store.open();
  return store;
}

async function reopen(store: ShardedCatalogueStore): Promise<ShardedCatalogueStore> {
  await store.close();
  return openStore();
}

/** Ids that all land in one shard (same first two hex chars), to make writes collide. */
function idsInShard(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => prefix + clipId(`${prefix}-${i}`).slice(prefix.length));
}

function session(id: string, startedAt: string): DockSession {
  return {
    id,
    camera: { deviceNumber: 'DSJ-A8-100001' },
    sourceRoot: '/media/cam',
    startedAt,
    operator: '44181001',
    state: 'awaiting-labels',
    clockOffsetMs: 0,
    clipIds: [],
    unlabelledCount: 0,
    lateCount: 0,
    problems: [],
    progress: { sessionId: id, step: 'done', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, speed: 0 },
  };
}

/** What a query must return, computed the slow obvious way. */
function expectedPage(clips: Clip[], q: ClipQuery): { ids: string[]; total: number } {
  const matching = clips
    .filter((clip) => matchesQuery(clip, q))
    .sort((a, b) => compareByRecordingTime(recordingTimeMs(a), a.id, recordingTimeMs(b), b.id));
  const offset = q.offset ?? 0;
  return { ids: matching.slice(offset, offset + (q.limit ?? 100)).map((clip) => clip.id), total: matching.length };
}

describe('ShardedCatalogueStore', () => {
  it('puts, gets, counts and queries clips', async () => {
    const store = await openStore();
    const older = makeClip({ id: clipId('older'), media: { kind: 'video', recordedAt: '2026-03-01T00:00:00.000Z' } });
    const newer = makeClip({ id: clipId('newer'), media: { kind: 'video', recordedAt: '2026-03-02T00:00:00.000Z' }, label: makeLabel() });
    await store.putMany([older, newer]);

    expect(store.get(older.id)).toEqual(older);
    expect(store.get(clipId('absent'))).toBeUndefined();
    expect(store.get('not-an-id')).toBeUndefined();
    expect(store.count()).toBe(2);
    expect(store.query({}).items.map((clip) => clip.id)).toEqual([newer.id, older.id]);
    expect(store.query({ unlabelledOnly: true })).toEqual({ items: [older], total: 1 });
    expect(store.query({ caseNumber: '清国土罚(2026)12号' }).items.map((clip) => clip.id)).toEqual([newer.id]);
    expect(store.query({ limit: 1, offset: 1 })).toEqual({ items: [older], total: 2 });
  });

  it('answers every kind of query as the plain filter-and-sort would, also after updates', async () => {
    const store = await openStore();
    const clips = generateRealisticClips(3_000, { seed: 5, days: 60 });
    await store.putMany(clips);
    const current = new Map(clips.map((clip) => [clip.id, clip]));
    const sample = clips[17] as Clip;
    const queries: ClipQuery[] = [
      {},
      { limit: 7, offset: 40 },
      { unlabelledOnly: true, limit: 1000 },
      { caseNumber: sample.label?.caseNumber ?? '清' },
      { text: '塘头' },
      { text: 'vid_2026', offset: 100 },
      { officer: sample.camera.officerName ?? '' },
      { deviceNumber: sample.camera.deviceNumber },
      { party: '建材' },
      { dockSessionId: sample.dockSessionId },
      { from: '2026-02-01T00:00:00Z', to: '2026-02-10T00:00:00Z', limit: 1000 },
      { from: '2026-02-01T00:00:00Z', to: '2026-02-10T00:00:00Z', unlabelledOnly: true },
      { to: '2026-01-20T00:00:00Z', text: '镇' },
    ];
    const check = (): void => {
      for (const q of queries) {
        const page = store.query(q);
        expect({ ids: page.items.map((clip) => clip.id), total: page.total }, JSON.stringify(q)).toEqual(expectedPage([...current.values()], q));
      }
    };
    check();

    // Few changes (spliced into the order) and many (re-sorted): labels, moved recording times, new clips.
    for (const batchSize of [3, 200]) {
      const changed = clips.slice(batchSize, batchSize * 2).map((clip, i): Clip => {
        const recordedAt = new Date(Date.parse('2026-01-15T00:00:00Z') + i * 60_000).toISOString();
        return i % 2 === 0 ? { ...clip, label: makeLabel({ caseNumber: `清林罚（2026）${i}号` }) } : { ...clip, media: { ...clip.media, recordedAt } };
      });
      const added = generateRealisticClips(batchSize, { seed: 900 + batchSize }).map((clip) => ({ ...clip, id: clipId(`added-${batchSize}-${clip.id}`) }));
      await store.putMany([...changed, ...added]);
      for (const clip of [...changed, ...added]) current.set(clip.id, clip);
      expect(store.count()).toBe(current.size);
      check();
    }

    const reopened = await reopen(store);
    expect(reopened.count()).toBe(current.size);
    expect(reopened.query({ text: '塘头', limit: 1000 }).items.map((clip) => clip.id)).toEqual(expectedPage([...current.values()], { text: '塘头', limit: 1000 }).ids);
  });

  it('keeps clips, labels and sessions across a reopen, in compact ASCII files', async () => {
    const store = await openStore();
    const clip = makeClip({ id: clipId('persisted') });
    await store.putMany([clip]);
    await store.putMany([{ ...clip, label: makeLabel({ party: '陈某某' }) }]);
    await store.putSession(session('dock-a', '2026-03-01T00:00:00.000Z'));
    await store.putSession(session('dock-b', '2026-03-02T00:00:00.000Z'));

    const reopened = await reopen(store);
    expect(reopened.get(clip.id)?.label?.party).toBe('陈某某');
    expect(reopened.getSession('dock-a')?.startedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(reopened.getSession('dock-c')).toBeUndefined();
    expect(reopened.listSessions().map((s) => s.id)).toEqual(['dock-b', 'dock-a']);

    const shardText = await readFile(path.join(dir, 'clips', `${clip.id.slice(0, 2)}.json`), 'utf8');
    expect(shardText).toMatch(/^[\x20-\x7e]*$/);
    expect(shardText).not.toContain('\n');
    expect(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'))).toEqual({ schemaVersion: 1, shardPrefixChars: 2 });
  });

  it('loses no update when putMany calls on one shard overlap', async () => {
    const store = await openStore();
    const ids = idsInShard('ab', 40);
    await Promise.all(ids.map((id) => store.putMany([makeClip({ id })])));
    // Overlapping edits of one clip: the last call wins, as if they had run one by one.
    const target = ids[0] as string;
    await Promise.all(['一', '二', '三'].map((party) => store.putMany([makeClip({ id: target, label: makeLabel({ party }) })])));

    expect(store.count()).toBe(40);
    const reopened = await reopen(store);
    expect(reopened.count()).toBe(40);
    for (const id of ids) expect(reopened.get(id)).toBeDefined();
    expect(reopened.get(target)?.label?.party).toBe('三');
  });

  it('keeps its own frozen copy of what was put', async () => {
    const store = await openStore();
    const clip = makeClip({ id: clipId('frozen') });
    await store.putMany([clip]);
    clip.originalName = 'changed by the caller afterwards';
    const stored = store.get(clip.id) as Clip;
    expect(stored.originalName).toBe('VID_20260312_143022_0001.MP4');
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.camera)).toBe(true);
    expect(() => {
      (stored as { hasThumbnail: boolean }).hasThumbnail = false;
    }).toThrow(TypeError);
  });

  it('refuses a clip it could not open again (bad id, missing fields), storing nothing of the batch', async () => {
    const store = await openStore();
    const good = makeClip({ id: clipId('good') });
    await expect(store.putMany([good, makeClip({ id: '../../etc/passwd' })])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(store.putMany([good, makeClip({ id: clipId('A').toUpperCase() })])).rejects.toThrow(/not a lower-case hex SHA-256/);
    const withoutCamera = { ...makeClip({ id: clipId('no-camera') }), camera: undefined } as unknown as Clip;
    await expect(store.putMany([good, withoutCamera])).rejects.toThrow(/lacks receivedAt, media or camera/);
    expect(store.count()).toBe(0);
    expect((await reopen(store)).count()).toBe(0);
  });

  it('refuses to open over a corrupt shard, names the file and leaves it as it was', async () => {
    const store = await openStore();
    const clip = makeClip({ id: clipId('corrupt') });
    await store.putMany([clip]);
    await store.close();
    const shardFile = path.join(dir, 'clips', `${clip.id.slice(0, 2)}.json`);
    const torn = (await readFile(shardFile, 'utf8')).slice(0, 100);
    await writeFile(shardFile, torn);

    const broken = new ShardedCatalogueStore(dir);
    await expect(broken.open()).rejects.toThrow(shardFile);
    await expect(broken.open()).rejects.toMatchObject({ name: 'CatalogueFileError', params: { file: shardFile } });
    expect(() => broken.count()).toThrow(/not open/);
    expect(await readFile(shardFile, 'utf8')).toBe(torn);
  });

  it('refuses a shard holding a record that belongs elsewhere', async () => {
    const store = await openStore();
    await store.close();
    const misplaced = makeClip({ id: `ff${clipId('x').slice(2)}` });
    await writeFile(path.join(dir, 'clips', '00.json'), JSON.stringify({ clips: [misplaced] }));
    await expect(new ShardedCatalogueStore(dir).open()).rejects.toThrow(/00\.json.*does not belong in shard 00/);
  });

  it('refuses a shard holding one clip twice', async () => {
    const store = await openStore();
    await store.close();
    const twice = makeClip({ id: `00${clipId('twice').slice(2)}` });
    await writeFile(path.join(dir, 'clips', '00.json'), JSON.stringify({ clips: [twice, { ...twice, label: makeLabel() }] }));
    await expect(new ShardedCatalogueStore(dir).open()).rejects.toThrow(/00\.json.*appears twice/);
  });

  it('refuses data without meta.json, a newer schema, or another shard layout', async () => {
    const store = await openStore();
    await store.putMany([makeClip({ id: clipId('meta') })]);
    await store.close();
    const metaFile = path.join(dir, 'meta.json');

    await expect(new ShardedCatalogueStore(dir, { shardPrefixChars: 1 }).open()).rejects.toThrow(/meta\.json.*2 hex char/);
    await writeFile(metaFile, JSON.stringify({ schemaVersion: 99, shardPrefixChars: 2 }));
    await expect(new ShardedCatalogueStore(dir).open()).rejects.toThrow(/newer station/);
    await rm(metaFile);
    await expect(new ShardedCatalogueStore(dir).open()).rejects.toThrow(/meta\.json is missing/);
  });

  it('can use 16 shards', async () => {
    const store = await openStore({ shardPrefixChars: 1 });
    await store.putMany(generateRealisticClips(200, { seed: 3 }));
    await store.close();
    const files = (await readdir(path.join(dir, 'clips'))).filter((name) => name.endsWith('.json'));
    expect(files.every((name) => /^[0-9a-f]\.json$/.test(name))).toBe(true);
    expect((await openStore()).count()).toBe(200);
  });

  it('removes temp files left by a crash and keeps the real data', async () => {
    const store = await openStore();
    const clip = makeClip({ id: clipId('crash') });
    await store.putMany([clip]);
    await store.close();
    const leftover = path.join(dir, 'clips', `.${clip.id.slice(0, 2)}.json.0123456789ab.tmp`);
    await writeFile(leftover, '{"clips":{"half-writ');
    await writeFile(path.join(dir, '.sessions.json.ba9876543210.tmp'), '');

    const reopened = await openStore();
    expect(reopened.get(clip.id)).toEqual(clip);
    expect((await readdir(path.join(dir, 'clips'))).some((name) => name.endsWith('.tmp'))).toBe(false);
    expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('leaves the old file and the old state when a write dies half way', async () => {
    let failWrites = false;
    const failingDisk: DurableFileOps = {
      ...nodeDurableFileOps,
      async writeAndSync(file, bytes) {
        if (!failWrites) return nodeDurableFileOps.writeAndSync(file, bytes);
        await writeFile(file, bytes.subarray(0, bytes.length / 2));
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      },
    };
    const store = await openStore({ fileOps: failingDisk });
    const clip = makeClip({ id: clipId('power-cut') });
    await store.putMany([clip]);
    const shardFile = path.join(dir, 'clips', `${clip.id.slice(0, 2)}.json`);
    const before = await readFile(shardFile, 'utf8');

    failWrites = true;
    await expect(store.putMany([{ ...clip, label: makeLabel() }])).rejects.toMatchObject({ code: 'WRITE_FAILED', params: { file: shardFile } });
    expect(store.get(clip.id)?.label).toBeUndefined();
    expect(store.query({ unlabelledOnly: true }).total).toBe(1);
    expect(await readFile(shardFile, 'utf8')).toBe(before);
    expect((await readdir(path.join(dir, 'clips'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // The shard keeps working once the disk does.
    failWrites = false;
    await store.putMany([{ ...clip, label: makeLabel() }]);
    expect((await reopen(store)).get(clip.id)?.label).toBeDefined();
  });

  it('reports a full disk as DISK_FULL', async () => {
    let diskFull = false;
    const fullDisk: DurableFileOps = {
      ...nodeDurableFileOps,
      writeAndSync: (file, bytes) =>
        diskFull ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : nodeDurableFileOps.writeAndSync(file, bytes),
    };
    const store = await openStore({ fileOps: fullDisk });
    diskFull = true;
    await expect(store.putMany([makeClip({ id: clipId('full') })])).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(store.count()).toBe(0);
  });

  it('waits for writes in flight on close', async () => {
    const store = new ShardedCatalogueStore(dir);
    await store.open();
    const writes = store.putMany(generateRealisticClips(500, { seed: 11 }));
    await store.close();
    await writes;
    expect((await openStore()).count()).toBe(500);
  });
});

describe('DurableJsonFile', () => {
  it('writes a temp file in the same folder, fsyncs it, renames it over the file, then fsyncs the folder', async () => {
    const calls: string[] = [];
    const recordingOps: DurableFileOps = {
      writeAndSync: async (file, bytes) => {
        calls.push(`writeAndSync ${path.relative(dir, file)}`);
        await nodeDurableFileOps.writeAndSync(file, bytes);
      },
      rename: async (from, to) => {
        calls.push(`rename ${path.relative(dir, from)} -> ${path.relative(dir, to)}`);
        await nodeDurableFileOps.rename(from, to);
      },
      syncFolder: async (folder) => {
        calls.push(`syncFolder ${folder === dir ? '.' : folder}`);
        await nodeDurableFileOps.syncFolder(folder);
      },
    };
    const file = path.join(dir, 'data.json');
    const adapter = new DurableJsonFile<{ n: number }>(file, (value) => value as { n: number }, recordingOps);
    await adapter.write({ n: 1 });

    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^writeAndSync \.data\.json\.[0-9a-f]{12}\.tmp$/);
    expect(calls[1]).toMatch(/^rename \.data\.json\.[0-9a-f]{12}\.tmp -> data\.json$/);
    expect(calls[2]).toBe('syncFolder .');
    expect(await adapter.read()).toEqual({ n: 1 });
  });

  it('reads a missing file as no data and an empty one as an error', async () => {
    const file = path.join(dir, 'data.json');
    const adapter = new DurableJsonFile<unknown>(file, (value) => value);
    expect(await adapter.read()).toBeNull();
    await writeFile(file, '');
    await expect(adapter.read()).rejects.toThrow(`catalogue file ${file} is not valid JSON`);
  });

  it('lands overlapping writes in call order', async () => {
    const file = path.join(dir, 'data.json');
    const adapter = new DurableJsonFile<{ n: number }>(file, (value) => value as { n: number });
    await Promise.all(Array.from({ length: 20 }, (_, n) => adapter.write({ n })));
    expect(await adapter.read()).toEqual({ n: 19 });
  });
});
