/**
 * The renderer's in-memory fake station keeps copies of a few station rules it may not import
 * (catalogue search and order, the hand-in policy, default settings) and the damaged-media words.
 * Each copy must agree with the original on the same inputs. (The label rules are not copied: the
 * form imports the station's own electron/core/labels.)
 */
import { describe, expect, it } from 'vitest';
import { compareByRecordingTime, matchesQuery as coreMatches, recordingTimeMs as coreTime } from '../../electron/adapters/catalogue/clip-filter.js';
import { DAMAGE_EXPLANATIONS as CORE_DAMAGE } from '../../electron/adapters/media/parse-ffprobe.js';
import type { ClipQuery } from '../../electron/core/ports.js';
import { hoursLate as coreHoursLate, isOverdueForLabel as coreOverdue } from '../../electron/core/dock/hand-in-policy.js';
import { DEFAULT_SETTINGS as CORE_DEFAULTS } from '../../electron/core/domain/settings.js';
import { compareClips, DEFAULT_SETTINGS, hoursLate, isOverdueForLabel, matchesQuery } from '../../renderer/src/bridge/fake-rules.js';
import { DAMAGE_EXPLANATIONS } from '../../renderer/src/i18n/damage.js';
import { generateRealisticClips, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

describe('fake station rules copy', () => {
  it("default settings and damage explanations are the station's", () => {
    expect(DEFAULT_SETTINGS).toEqual(CORE_DEFAULTS);
    expect(DAMAGE_EXPLANATIONS).toEqual(CORE_DAMAGE);
  });

  it('late hand-in and overdue labels are decided alike', () => {
    const received = new Date('2026-03-14T10:00:00Z');
    for (const recordedAt of ['2026-03-13T09:00:00Z', '2026-03-13T11:00:00Z', '2026-03-10T00:00:00Z', undefined]) {
      for (const clockOffsetMs of [0, 3_600_000, -7_200_000]) {
        const clip = makeClip({ clockOffsetMs, cameraMtime: '2026-03-13T08:00:00Z', media: { kind: 'video', ...(recordedAt ? { recordedAt } : {}) } });
        for (const limit of [24, 48]) expect(hoursLate(clip, received, limit)).toBe(coreHoursLate(clip, received, limit));
        for (const hours of [1, 24, 100]) {
          expect(isOverdueForLabel(clip, received, hours)).toBe(coreOverdue(clip, received, hours));
          const labelled = { ...clip, label: makeLabel() };
          expect(isOverdueForLabel(labelled, received, hours)).toBe(coreOverdue(labelled, received, hours));
        }
      }
    }
  });

  it('selects and orders clips like the catalogue', () => {
    const clips = [
      ...generateRealisticClips(400, { seed: 7 }),
      makeClip({ id: 'a'.repeat(64), label: makeLabel({ caseNumber: '清国土罚(2026)12号' }) }),
      makeClip({ id: 'b'.repeat(64), dockSessionId: 'dock-9', seenAgain: [{ dockSessionId: 'dock-10', at: '2026-03-13T00:00:00Z', originalPath: 'x' }] }),
    ];
    const queries: ClipQuery[] = [
      {},
      { unlabelledOnly: true },
      { text: '清国土罚（2026）' },
      { text: 'dsj' },
      { caseNumber: '(2026)12号' },
      { party: '有限公司' },
      { officer: '张' },
      { deviceNumber: 'A8' },
      { dockSessionId: 'dock-10' },
      { from: '2026-01-01T00:00:00Z', to: '2026-06-30T23:59:59Z' },
      { text: '镇', unlabelledOnly: false, from: '2025-01-01T00:00:00Z' },
    ];
    const counts: number[] = [];
    for (const q of queries) {
      const mine = clips.filter((clip) => matchesQuery(clip, q)).map((c) => c.id);
      const theirs = clips.filter((clip) => coreMatches(clip, q)).map((c) => c.id);
      expect(mine, JSON.stringify(q)).toEqual(theirs);
      counts.push(theirs.length);
    }
    // Not a vacuous agreement: the queries select different, non-empty subsets.
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(new Set(counts).size).toBeGreaterThan(5);
    const orderMine = [...clips].sort(compareClips).map((c) => c.id);
    const orderTheirs = [...clips].sort((a, b) => compareByRecordingTime(coreTime(a), a.id, coreTime(b), b.id)).map((c) => c.id);
    expect(orderMine).toEqual(orderTheirs);
  });
});
