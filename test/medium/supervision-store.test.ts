/** Supervision's store on real files: durable across a reopen, changes applied in order, a damaged file refused. */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonSupervisionStore } from '../../electron/adapters/supervision/json-supervision-store.js';
import { createSupervision } from '../../electron/core/supervision/supervision-commands.js';
import { testCall } from '../fakes/actors.js';
import { supervisionContext, testClip } from '../fakes/supervision.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'supervision-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the supervision store', () => {
  it('keeps bookmarks, gap explanations, draws, reviews and copy requests across a reopen', async () => {
    const file = path.join(dir, 'supervision', 'supervision.json');
    const a = testClip('2026-10-05T02:00:00Z', 10);
    const b = testClip('2026-10-05T02:30:00Z', 10);
    const { ctx } = await supervisionContext([a, b]);
    const store = new JsonSupervisionStore(file);
    await store.open();
    const supervisor = testCall({ userId: 'u-sup', badgeNumber: '3201001', displayName: '王强', roles: ['supervisor'] });
    const clerk = testCall({ userId: 'u-clerk', badgeNumber: '3201020', displayName: '陈静', roles: ['clerk'] });
    const { handlers } = createSupervision({ ctx, store });
    await Promise.all([
      handlers['bookmarks.add']({ clipId: a.id, positionMs: 1000, note: '一' }, supervisor),
      handlers['bookmarks.add']({ clipId: a.id, positionMs: 2000, note: '二' }, supervisor),
      handlers['bookmarks.add']({ clipId: b.id, positionMs: 3000, note: '三' }, supervisor),
    ]);
    const gap = await handlers['gaps.requestExplanation']({ beforeClipId: a.id, afterClipId: b.id }, supervisor);
    await handlers['gaps.explain']({ gapId: gap.id, text: '存储卡已满，更换后继续' }, testCall());
    await handlers['spotcheck.draw']({ period: '2026-10' }, supervisor);
    await handlers['partyCopies.request']({ recipientName: '李四', idDocumentType: 'resident-id', idDocumentNumber: '11010519491231002X', clipIds: [a.id], reason: '诉讼需要' }, clerk);
    await store.close();
    expect(readdirSync(path.dirname(file))).toEqual(['supervision.json']);

    const reopened = new JsonSupervisionStore(file);
    await reopened.open();
    const data = reopened.snapshot();
    expect(data.bookmarks.map((bm) => bm.note).sort()).toEqual(['一', '三', '二']);
    expect(data.gaps[0]?.explanation?.text).toBe('存储卡已满，更换后继续');
    expect(data.draws).toHaveLength(1);
    expect(data.items).toHaveLength(2);
    expect(data.partyCopies[0]?.idDocumentNumber).toBe('11010519491231002X');
    await reopened.close();
  });

  it('refuses to open a damaged file rather than start empty', async () => {
    const file = path.join(dir, 'supervision.json');
    await writeFile(file, JSON.stringify({ version: 1, bookmarks: [{ id: 1 }], gaps: [], draws: [], items: [], partyCopies: [] }));
    await expect(new JsonSupervisionStore(file).open()).rejects.toThrow(/supervision\.json.*bookmarks\.0/);
  });

  it('changes nothing when a change throws', async () => {
    const store = new JsonSupervisionStore(path.join(dir, 'supervision.json'));
    await store.open();
    await expect(
      store.apply((data) => {
        data.bookmarks.push({ id: 'x', clipId: 'c', positionMs: 0, note: 'n', author: 'a', createdAt: 'now' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(store.snapshot().bookmarks).toEqual([]);
    await store.close();
  });
});
