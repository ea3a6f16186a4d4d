/** The clerk's queue and the re-check schedule (electron/core/archive/queue.ts). */
import { describe, expect, it } from 'vitest';
import type { DiscRecord, ManualQueueEntry } from '../../electron/core/archive/model.js';
import { buildArchiveQueue, discsDueForRecheck } from '../../electron/core/archive/queue.js';
import { clipId, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

const now = new Date('2026-05-01T00:00:00Z');

function disc(overrides: Partial<DiscRecord>): DiscRecord {
  return {
    id: 'ES-20260401-0001-A1',
    setId: 'ES-20260401-0001',
    copy: 1,
    copies: 1,
    index: 1,
    count: 1,
    kind: 'image',
    location: '/x.iso',
    volumeId: 'ES_20260401_0001_A1',
    status: 'verified',
    createdAt: '2026-04-01T00:00:00.000Z',
    createdBy: 'clerk',
    station: 'st',
    caseNumbers: [],
    parties: [],
    clipIds: [],
    files: [],
    bytes: 0,
    auditRecord: { seq: 1, hash: 'h' },
    labelText: [],
    verifications: [{ at: '2026-04-01T00:00:00.000Z', by: 'clerk', ok: true, filesChecked: 1, bytesChecked: 1, fromDevice: true, problems: [] }],
    ...overrides,
  };
}

const evidence = makeClip({ id: clipId('e'), label: makeLabel({ longTerm: 'evidence', labelledAt: '2026-04-20T00:00:00.000Z' }) });
const dispute = makeClip({ id: clipId('d'), label: makeLabel({ caseNumber: '清国土罚（2026）13号', longTerm: 'dispute', labelledAt: '2026-03-01T00:00:00.000Z' }) });
const routine = makeClip({ id: clipId('r'), label: makeLabel() });
const unlabelled = makeClip({ id: clipId('u') });

describe('buildArchiveQueue', () => {
  it('queues clips labelled with an R4.3 situation or as evidence, by case, overdue first', () => {
    const queue = buildArchiveQueue({ clips: [evidence, dispute, routine, unlabelled], discs: [], manual: [], now });
    expect(queue.entries.map((e) => e.caseNumber)).toEqual(['清国土罚（2026）13号', '清国土罚（2026）12号']);
    expect(queue.entries[0]).toMatchObject({ clipIds: [dispute.id], reasons: ['dispute'], copiesWanted: 1, copiesVerified: 0, overdue: true, dueBy: '2026-03-31T00:00:00.000Z' });
    expect(queue.entries[1]).toMatchObject({ clipIds: [evidence.id], reasons: ['evidence'], overdue: false });
    expect(queue.clips).toBe(2);
  });

  it('drops a clip once a verified copy holds it, and brings it back when that disc fails a re-check', () => {
    const verified = disc({ clipIds: [dispute.id] });
    expect(buildArchiveQueue({ clips: [dispute], discs: [verified], manual: [], now }).entries).toEqual([]);
    const failed = { ...verified, status: 'failed-verification' as const };
    expect(buildArchiveQueue({ clips: [dispute], discs: [failed], manual: [], now }).entries).toHaveLength(1);
  });

  it('a case the clerk put in by hand wants two copies: one verified copy is not enough', () => {
    const manual: ManualQueueEntry[] = [{ id: 'm', caseNumber: '清国土罚（2026）12号', clipIds: [], copies: 2, addedAt: '2026-04-25T00:00:00.000Z', addedBy: 'clerk' }];
    const queue = buildArchiveQueue({ clips: [routine, evidence], discs: [disc({ clipIds: [routine.id, evidence.id] })], manual, now });
    expect(queue.entries).toHaveLength(1);
    expect(queue.entries[0]).toMatchObject({ copiesWanted: 2, copiesVerified: 1, clipIds: [routine.id, evidence.id] });
    expect(queue.entries[0]?.reasons.sort()).toEqual(['evidence', 'manual']);
    const two = [disc({ clipIds: [routine.id, evidence.id] }), disc({ id: 'B1', copy: 2, clipIds: [routine.id, evidence.id] })];
    expect(buildArchiveQueue({ clips: [routine, evidence], discs: two, manual, now }).entries).toEqual([]);
  });

  it('two discs of the same copy are still one copy', () => {
    const manual: ManualQueueEntry[] = [{ id: 'm', clipIds: [routine.id], copies: 2, addedAt: '2026-04-25T00:00:00.000Z', addedBy: 'clerk' }];
    const sameCopy = [disc({ id: 'A1', clipIds: [routine.id] }), disc({ id: 'A2', index: 2, clipIds: [routine.id] })];
    expect(buildArchiveQueue({ clips: [routine], discs: sameCopy, manual, now }).entries[0]?.copiesVerified).toBe(1);
  });

  it('an unlabelled clip picked by hand is listed apart', () => {
    const manual: ManualQueueEntry[] = [{ id: 'm', clipIds: [unlabelled.id], copies: 1, addedAt: '2026-04-25T00:00:00.000Z', addedBy: 'clerk' }];
    expect(buildArchiveQueue({ clips: [unlabelled], discs: [], manual, now }).entries[0]?.caseNumber).toBe('（未标注）');
  });
});

describe('discsDueForRecheck', () => {
  it('lists verified discs whose last read-back is older than the interval', () => {
    const fresh = disc({ id: 'fresh', verifications: [{ at: '2026-04-30T00:00:00.000Z', by: 'c', ok: true, filesChecked: 1, bytesChecked: 1, fromDevice: true, problems: [] }] });
    const old = disc({ id: 'old', shelf: '档案室 A-3' });
    const rechecked = disc({
      id: 'rechecked',
      verifications: [
        { at: '2025-01-01T00:00:00.000Z', by: 'c', ok: true, filesChecked: 1, bytesChecked: 1, fromDevice: true, problems: [] },
        { at: '2026-01-01T00:00:00.000Z', by: 'c', ok: true, filesChecked: 1, bytesChecked: 1, fromDevice: true, problems: [] },
      ],
    });
    const broken = disc({ id: 'broken', status: 'failed-verification' });
    const due = discsDueForRecheck([fresh, old, rechecked, broken], now, 30);
    expect(due.map((d) => d.discId)).toEqual(['rechecked', 'old']);
    expect(due[1]).toEqual({ discId: 'old', reason: 'never-rechecked', lastCheckedAt: '2026-04-01T00:00:00.000Z', dueSince: '2026-05-01T00:00:00.000Z', shelf: '档案室 A-3' });
    expect(due[0]?.reason).toBe('interval-elapsed');
    expect(discsDueForRecheck([old], now)).toEqual([]);
  });
});
