import { describe, expect, it } from 'vitest';
import { hoursLate, isOverdueForLabel, recordingTimeOnStationClock } from '../../electron/core/domain/hand-in-policy.js';

const clip = (recordedAt: string | undefined, cameraMtime: string, clockOffsetMs = 0) => ({ media: { kind: 'video' as const, ...(recordedAt ? { recordedAt } : {}) }, cameraMtime, clockOffsetMs });

describe('hand-in policy (R1.1)', () => {
  it('prefers the time inside the file over the file mtime', () => {
    expect(recordingTimeOnStationClock(clip('2026-11-20T08:00:00Z', '2026-11-20T09:00:00Z')).toISOString()).toBe('2026-11-20T08:00:00.000Z');
  });

  it('corrects the camera clock by the offset measured at docking', () => {
    // Camera runs 10 minutes fast: its 08:10 is the station's 08:00.
    expect(recordingTimeOnStationClock(clip('2026-11-20T08:10:00Z', 'x', 600_000)).toISOString()).toBe('2026-11-20T08:00:00.000Z');
  });

  it('flags hand-ins past the limit with the hours, and not those inside it', () => {
    const received = new Date('2026-11-21T10:00:00Z');
    expect(hoursLate(clip('2026-11-20T08:00:00Z', 'x'), received, 24)).toBe(26);
    expect(hoursLate(clip('2026-11-20T08:00:00Z', 'x'), received, 48)).toBeUndefined();
    expect(hoursLate(clip(undefined, '2026-11-21T09:00:00Z'), received, 24)).toBeUndefined();
  });

  it('counts unlabelled clips as overdue after the configured hours only', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(isOverdueForLabel({ receivedAt: '2026-11-20T09:00:00Z' }, now, 24)).toBe(true);
    expect(isOverdueForLabel({ receivedAt: '2026-11-20T11:00:00Z' }, now, 24)).toBe(false);
    expect(isOverdueForLabel({ receivedAt: '2026-11-19T09:00:00Z', label: {} as never }, now, 24)).toBe(false);
  });
});
