/** Supervision's handlers over strict in-memory ports: who may do what, what is stored and audited. */
import { describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/domain/errors.js';
import type { PackageRequest, PartyCopyWriter } from '../../electron/core/supervision/ports.js';
import { CONTINUITY_ACTOR } from '../../electron/core/supervision/gap-commands.js';
import { createSupervision } from '../../electron/core/supervision/supervision-commands.js';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { testCall } from '../fakes/actors.js';
import { supervisionContext, testClip } from '../fakes/supervision.js';

const officer = testCall(); // 张伟 3201008, officer, 执法一科
const supervisor = testCall({ userId: 'u-sup-1', username: 'wangqiang', displayName: '王强', badgeNumber: '3201001', roles: ['supervisor'] });
const supervisorWhoRecords = testCall({ userId: 'u-sup-2', username: 'liuyang', displayName: '刘洋', badgeNumber: '3201009', roles: ['supervisor', 'officer'] });
const clerk = testCall({ userId: 'u-clerk', username: 'chenjing', displayName: '陈静', badgeNumber: '3201020', roles: ['clerk'] });
const head = testCall({ userId: 'u-head', username: 'zhaoju', displayName: '赵局', badgeNumber: '3200001', roles: ['supervisor'], head: true });

async function refusal(promise: Promise<unknown>): Promise<{ code: string; params: Record<string, string | number> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StationError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('gap explanations', () => {
  it('a supervisor asks, only the recording officer answers, once; the explanation is kept and audited', async () => {
    const a = testClip('2026-10-05T02:00:00Z', 10);
    const b = testClip('2026-10-05T02:30:00Z', 10);
    const c = testClip('2026-10-05T03:00:00Z', 10);
    const { ctx, ports, store } = await supervisionContext([a, b, c]);
    const { handlers } = createSupervision({ ctx, store });

    const timeline = await handlers['gaps.timeline']({}, supervisor);
    expect(timeline.events[0]?.gaps.map((g) => [g.minutes, g.overThreshold])).toEqual([[20, true], [20, true]]);

    expect((await refusal(handlers['gaps.requestExplanation']({ beforeClipId: a.id, afterClipId: c.id }, supervisor))).code).toBe('GAP_NOT_CONSECUTIVE');
    expect((await refusal(handlers['gaps.requestExplanation']({ beforeClipId: a.id, afterClipId: b.id }, officer))).code).toBe('FORBIDDEN');
    const gap = await handlers['gaps.requestExplanation']({ beforeClipId: a.id, afterClipId: b.id, note: '请说明中断原因' }, supervisor);
    expect(gap).toMatchObject({ status: 'requested', officerBadge: '3201008', minutes: 20 });

    expect(await handlers['gaps.list']({ mine: true }, officer)).toHaveLength(1);
    expect(await handlers['gaps.list']({ mine: true }, supervisor)).toHaveLength(0);
    const otherOfficer = testCall({ userId: 'u-o2', badgeNumber: '3201555' });
    expect((await refusal(handlers['gaps.explain']({ gapId: gap.id, text: '电池耗尽，更换电池后继续录制' }, otherOfficer))).params.reason).toBe('not-owner');

    const explained = await handlers['gaps.explain']({ gapId: gap.id, text: '电池耗尽，更换电池后继续录制' }, officer);
    expect(explained.explanation?.text).toBe('电池耗尽，更换电池后继续录制');
    expect((await refusal(handlers['gaps.explain']({ gapId: gap.id, text: '改口' }, officer))).code).toBe('GAP_ALREADY_EXPLAINED');
    expect((await refusal(handlers['gaps.explain']({ gapId: 'gap-nope', text: '无此间隔' }, officer))).code).toBe('GAP_NOT_FOUND');
    expect((await handlers['gaps.list']({ clipId: b.id }, supervisor))[0]?.status).toBe('explained');
    expect((await handlers['gaps.timeline']({}, supervisor)).events[0]?.gaps[0]?.status).toBe('explained');
    expect(ports.auditLog.actions()).toEqual(['gap.explanation-requested', 'gap.explained']);
  });
});

describe('the station asking by itself after a dock', () => {
  it('requests an explanation of every long gap next to a docked clip, once, and leaves short gaps alone', async () => {
    const a = testClip('2026-10-05T02:00:00Z', 10);
    const b = testClip('2026-10-05T02:13:00Z', 10); // 3 min after a: under the threshold
    const c = testClip('2026-10-05T02:40:00Z', 10); // 17 min after b
    const { ctx, ports, store } = await supervisionContext([a, b, c]);
    const { gapWatch, handlers } = createSupervision({ ctx, store });
    const session = { id: 'dock-9', state: 'ingesting', clipIds: [c.id] } as unknown as DockSession;
    expect(await gapWatch.afterDock(session)).toBe(0);
    expect(await gapWatch.afterDock({ ...session, state: 'awaiting-labels' })).toBe(1);
    expect(await gapWatch.afterDock({ ...session, state: 'ready-to-close' })).toBe(0);
    const [gap] = store.snapshot().gaps;
    expect(gap).toMatchObject({ beforeClipId: b.id, afterClipId: c.id, status: 'requested', request: { by: CONTINUITY_ACTOR } });
    expect(await handlers['gaps.list']({ mine: true }, officer)).toHaveLength(1);
    const again = await handlers['gaps.requestExplanation']({ beforeClipId: b.id, afterClipId: c.id }, supervisor);
    expect(again.request?.by).toBe(CONTINUITY_ACTOR);
    expect(ports.auditLog.records.map((r) => [r.actor, r.action])).toEqual([[CONTINUITY_ACTOR, 'gap.explanation-requested']]);
  });
});

describe('spot-check review', () => {
  const clips = () => [
    testClip('2026-10-02T02:00:00Z', 5),
    testClip('2026-10-09T02:00:00Z', 5),
    testClip('2026-10-16T02:00:00Z', 5, { officer: '3201009', officerName: '刘洋' }),
  ];

  it('draws last month once, queues to supervisors but never their own footage, and shows the officer the result', async () => {
    const { ctx, ports, store } = await supervisionContext(clips(), { spotCheckSamplePerOfficer: 2 });
    const { handlers, spotCheck } = createSupervision({ ctx, store });
    expect((await refusal(handlers['spotcheck.draw']({}, officer))).code).toBe('FORBIDDEN');
    const first = await handlers['spotcheck.draw']({}, supervisor);
    expect(first.alreadyDrawn).toBe(false);
    expect(first.draw.period).toBe('2026-10');
    expect(first.draw.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(first.draw.itemIds).toHaveLength(3);
    const again = await spotCheck.drawPeriod('station:spot-check');
    expect(again).toEqual({ draw: first.draw, alreadyDrawn: true });

    const queue = await handlers['spotcheck.queue']({}, supervisorWhoRecords);
    expect(queue.map((item) => item.officerKey)).toEqual(['3201008', '3201008']);
    const own = store.snapshot().items.find((item) => item.officerKey === '3201009');
    const refused = await refusal(handlers['spotcheck.review']({ itemId: own?.id ?? '', recordedInFull: true, lawfulAndStandard: true, interruptionsExplained: 'na', findings: '' }, supervisorWhoRecords));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', params: { reason: 'own-record' } });

    const target = queue[0];
    const reviewed = await handlers['spotcheck.review']({ itemId: target?.id ?? '', recordedInFull: false, lawfulAndStandard: true, interruptionsExplained: 'no', findings: '中途中断未说明' }, supervisorWhoRecords);
    expect(reviewed.review).toMatchObject({ recordedInFull: false, interruptionsExplained: 'no', by: '刘洋(3201009)' });
    expect((await refusal(handlers['spotcheck.review']({ itemId: target?.id ?? '', recordedInFull: true, lawfulAndStandard: true, interruptionsExplained: 'na', findings: '' }, supervisor))).code).toBe('SPOTCHECK_ALREADY_REVIEWED');
    expect((await handlers['spotcheck.mine']({}, officer)).map((item) => item.review?.findings)).toEqual(['中途中断未说明']);
    expect(ports.auditLog.actions()).toEqual(['spotcheck.drawn', 'spotcheck.reviewed']);
  });

  it('never draws a clip again in a later period once it was drawn', async () => {
    const { ctx, store } = await supervisionContext(clips(), { spotCheckSamplePerOfficer: 5, spotCheckPeriodMonths: 3 });
    const { handlers } = createSupervision({ ctx, store });
    const q4 = await handlers['spotcheck.draw']({ period: '2026-11' }, supervisor);
    expect(q4.draw.period).toBe('2026-10');
    expect(q4.draw.itemIds).toHaveLength(3);
    const same = await handlers['spotcheck.draw']({ period: '2026-12' }, supervisor);
    expect(same.alreadyDrawn).toBe(true);
  });
});

describe('copies for a party', () => {
  class RecordingWriter implements PartyCopyWriter {
    readonly requests: PackageRequest[] = [];
    fail: StationError | undefined;
    async write(request: PackageRequest) {
      this.requests.push(request);
      if (this.fail) throw this.fail;
      return { folder: `${request.destination}/${request.folderName}`, files: request.items.map((item) => ({ path: item.fileName, size: item.size, sha256: item.clipId, role: 'copy' as const, clipId: item.clipId })), manifestSha256: 'f'.repeat(64) };
    }
  }

  it('records the request with the ID masked, needs the head, produces once after approval and audits the destination', async () => {
    const clip = testClip('2026-10-05T02:00:00Z', 10);
    const { ctx, ports, store } = await supervisionContext([clip]);
    const writer = new RecordingWriter();
    const { handlers } = createSupervision({ ctx, store, writer });
    const ask = { recipientName: '李四', idDocumentType: 'resident-id' as const, clipIds: [clip.id], reason: '行政复议需要' };
    expect((await refusal(handlers['partyCopies.request']({ ...ask, idDocumentNumber: '110105194912310021' }, clerk))).code).toBe('ID_NUMBER_INVALID');
    expect((await refusal(handlers['partyCopies.request']({ ...ask, idDocumentNumber: '11010519491231002X' }, officer))).code).toBe('FORBIDDEN');
    expect((await refusal(handlers['partyCopies.request']({ ...ask, clipIds: ['e'.repeat(64)], idDocumentNumber: '11010519491231002X' }, clerk))).code).toBe('CLIP_NOT_FOUND');
    const request = await handlers['partyCopies.request']({ ...ask, idDocumentNumber: '11010519491231002x' }, clerk);
    expect(request).toMatchObject({ status: 'pending', idDocumentNumber: '110***********002X' });
    expect(JSON.stringify(store.snapshot().partyCopies)).toContain('11010519491231002X');
    expect(JSON.stringify(ports.auditLog.records)).not.toContain('11010519491231002X');

    expect((await refusal(handlers['partyCopies.produce']({ id: request.id, destination: '/media/usb1', watermark: false }, clerk))).code).toBe('PARTY_COPY_NOT_APPROVED');
    expect((await refusal(handlers['partyCopies.decide']({ id: request.id, approve: true }, supervisor))).params.reason).toBe('head-only');
    const approved = await handlers['partyCopies.decide']({ id: request.id, approve: true, note: '同意' }, head);
    expect(approved.status).toBe('approved');
    expect((await refusal(handlers['partyCopies.decide']({ id: request.id, approve: false }, head))).code).toBe('PARTY_COPY_ALREADY_DECIDED');

    writer.fail = new StationError('DISK_FULL', 'full', { needed: 10, free: 1, file: '/media/full' });
    expect((await refusal(handlers['partyCopies.produce']({ id: request.id, destination: '/media/full', watermark: false }, clerk))).code).toBe('DISK_FULL');
    writer.fail = undefined;
    const { production } = await handlers['partyCopies.produce']({ id: request.id, destination: '/media/usb1', watermark: true }, clerk);
    expect(production.destination).toBe('/media/usb1');
    expect(writer.requests.at(-1)?.items[0]?.watermarkText).toBe(`复制件 仅供 李四 使用 申请号 ${request.id}`);
    expect(writer.requests.at(-1)?.cover.idDocumentNumber).toBe('11010519491231002X');
    expect((await refusal(handlers['partyCopies.produce']({ id: request.id, destination: '/media/usb1', watermark: false }, clerk))).code).toBe('PARTY_COPY_NOT_APPROVED');

    const refusedExport = ports.auditLog.records.find((r) => r.action === 'party-copy.export-refused');
    expect(refusedExport?.detail).toMatchObject({ destination: '/media/full', code: 'DISK_FULL' });
    const exported = ports.auditLog.records.find((r) => r.action === 'clip.exported');
    expect(exported).toMatchObject({ target: `clip:${clip.id}`, detail: { destination: '/media/usb1', requestId: request.id } });
  });
});

describe('bookmarks', () => {
  it('are kept with the clip, listed in time order, removed only by their author', async () => {
    const clip = testClip('2026-10-05T02:00:00Z', 10);
    const { ctx, store } = await supervisionContext([clip]);
    const { handlers } = createSupervision({ ctx, store });
    await handlers['bookmarks.add']({ clipId: clip.id, positionMs: 90_000, note: '当事人拒绝配合' }, supervisor);
    const early = await handlers['bookmarks.add']({ clipId: clip.id, positionMs: 5_000, note: '出示证件' }, supervisor);
    expect((await handlers['bookmarks.list']({ clipId: clip.id }, supervisor)).map((b) => b.positionMs)).toEqual([5_000, 90_000]);
    expect((await refusal(handlers['bookmarks.add']({ clipId: clip.id, positionMs: 1, note: 'x' }, officer))).code).toBe('FORBIDDEN');
    expect((await refusal(handlers['bookmarks.remove']({ id: early.id }, head))).params.reason).toBe('not-owner');
    expect(await handlers['bookmarks.remove']({ id: early.id }, supervisor)).toEqual({ removed: true });
    expect((await refusal(handlers['bookmarks.remove']({ id: early.id }, supervisor))).code).toBe('BOOKMARK_NOT_FOUND');
  });
});

describe("a case's confidentiality in supervision", () => {
  it('hides the clips of a case raised above the supervisor’s clearance from the continuity timeline', async () => {
    const label = { caseNumber: '清国土罚（2026）31号', party: '某公司', handler: '张伟', stage: 'investigation' as const, location: '东城街道', labelledAt: '2026-10-05T04:00:00Z', labelledBy: '张伟(3201008)' };
    const a = testClip('2026-10-05T02:00:00Z', 10, { label });
    const b = testClip('2026-10-05T02:30:00Z', 10, { label });
    const { ctx, store } = await supervisionContext([a, b]);
    const ordinary = createSupervision({ ctx, store, caseLevel: () => undefined });
    expect((await ordinary.handlers['gaps.timeline']({}, supervisor)).events).toHaveLength(1);
    // 王强's clearance is ordinary: a commercial-secret case does not exist for him, gaps included.
    const raised = createSupervision({ ctx, store, caseLevel: (caseNumber) => (caseNumber === label.caseNumber ? 'commercial-secret' : undefined) });
    expect((await raised.handlers['gaps.timeline']({}, supervisor)).events).toEqual([]);
  });
});
