/** The fake station's supervision commands keep the rules the screens show (renderer `?fake=1`). */
import { describe, expect, it } from 'vitest';
import { createFakeSupervision } from '../../renderer/src/bridge/fake-supervision.js';
import type { Clip } from '../../renderer/src/contract-types.js';
import { DEFAULT_SETTINGS } from '../../electron/core/domain/settings.js';
import { testClip } from '../fakes/supervision.js';

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function fake(clips: Clip[], badge = '3201001', head = true) {
  const records: string[] = [];
  const handlers = createFakeSupervision({
    clips: () => clips,
    settings: () => DEFAULT_SETTINGS,
    now: () => new Date('2026-11-23T08:00:00Z'),
    requireOperator: () => `王强(${badge})`,
    badge: () => badge,
    isHead: () => head,
    record: (_actor, action) => records.push(action),
    fail: (code) => new Refused(code),
    sha: (seed) => seed.padEnd(64, '0').slice(0, 64),
  });
  return { handlers, records };
}

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Refused).code;
  }
  return 'none';
};

describe('fake supervision', () => {
  it('flags, asks for and records a gap explanation by its officer only', () => {
    const a = testClip('2026-10-05T02:00:00Z', 10);
    const b = testClip('2026-10-05T02:30:00Z', 10);
    const supervisor = fake([a, b]);
    const gap = supervisor.handlers['gaps.timeline']({}).events[0]?.gaps[0];
    expect(gap).toMatchObject({ minutes: 20, overThreshold: true, status: 'unrequested' });
    const asked = supervisor.handlers['gaps.requestExplanation']({ beforeClipId: a.id, afterClipId: b.id });
    expect(code(() => supervisor.handlers['gaps.explain']({ gapId: asked.id, text: '不是我' }))).toBe('FORBIDDEN');
    expect(supervisor.records).toEqual(['gap.explanation-requested']);
  });

  it('masks the ID, rejects a wrong check digit and produces only an approved request', () => {
    const clip = testClip('2026-10-05T02:00:00Z', 10);
    const { handlers } = fake([clip]);
    const ask = { recipientName: '李四', idDocumentType: 'resident-id' as const, clipIds: [clip.id], reason: '复议' };
    expect(code(() => handlers['partyCopies.request']({ ...ask, idDocumentNumber: '110105194912310021' }))).toBe('ID_NUMBER_INVALID');
    const request = handlers['partyCopies.request']({ ...ask, idDocumentNumber: '11010519491231002X' });
    expect(request.idDocumentNumber).toBe('110***********002X');
    expect(code(() => handlers['partyCopies.produce']({ id: request.id, destination: '/media/usb1', watermark: false }))).toBe('PARTY_COPY_NOT_APPROVED');
    handlers['partyCopies.decide']({ id: request.id, approve: true });
    expect(code(() => handlers['partyCopies.produce']({ id: request.id, destination: '/media/full', watermark: false }))).toBe('DISK_FULL');
    expect(handlers['partyCopies.produce']({ id: request.id, destination: '/media/usb1', watermark: true }).request.status).toBe('produced');
  });

  it('draws once per period and never queues a supervisor their own footage', () => {
    const own = testClip('2026-10-05T02:00:00Z', 10, { officer: '3201001', officerName: '王强' });
    const other = testClip('2026-10-06T02:00:00Z', 10);
    const { handlers } = fake([own, other]);
    expect(handlers['spotcheck.draw']({ period: '2026-10' }).alreadyDrawn).toBe(false);
    expect(handlers['spotcheck.draw']({ period: '2026-10' }).alreadyDrawn).toBe(true);
    expect(handlers['spotcheck.queue']({}).map((item) => item.clipId)).toEqual([other.id]);
  });
});
