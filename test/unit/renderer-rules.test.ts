/**
 * The renderer's in-memory fake station keeps a copy of the catalogue's search and order (adapters stay
 * out of the renderer), and the renderer has its own damaged-media words. Each must agree with the
 * original on the same inputs. Label rules, hand-in policy and default settings are not copied: the
 * renderer imports the station's own shared domain code.
 */
import { describe, expect, it } from 'vitest';
import { compareByRecordingTime, matchesQuery as coreMatches, recordingTimeMs as coreTime } from '../../electron/adapters/catalogue/clip-filter.js';
import { DAMAGE_EXPLANATIONS as CORE_DAMAGE } from '../../electron/adapters/media/parse-ffprobe.js';
import type { ClipQuery } from '../../electron/core/ports.js';
import { compareClips, matchesQuery } from '../../renderer/src/bridge/fake-rules.js';
import { DAMAGE_EXPLANATIONS } from '../../renderer/src/i18n/damage.js';
import { generateRealisticClips, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

describe('fake station rules copy', () => {
  it("damage explanations are the station's", () => {
    expect(DAMAGE_EXPLANATIONS).toEqual(CORE_DAMAGE);
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
