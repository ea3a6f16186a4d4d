/** The pure rules of supervision: continuity gaps, the stratified sample, review periods, ID numbers. */
import { describe, expect, it } from 'vitest';
import { buildTimeline, gapBetween, isOverThreshold } from '../../electron/core/supervision/continuity.js';
import { idDocumentProblem, maskIdNumber, residentIdProblem } from '../../electron/core/supervision/id-document.js';
import { alignPeriod, periodRange, previousPeriod, weekStratum } from '../../electron/core/supervision/periods.js';
import { drawSample } from '../../electron/core/supervision/sampling.js';
import { SeededRandom } from '../../electron/core/supervision/seeded-random.js';
import { testClip } from '../fakes/supervision.js';

const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * 60_000).toISOString();

describe('continuity gaps', () => {
  it('flags a gap only when it is longer than the threshold (the boundary is not a gap)', () => {
    const a = testClip('2026-10-05T02:00:00Z', 10);
    const exactly = testClip(at('2026-10-05T02:10:00Z', 5), 10);
    const justOver = testClip(at('2026-10-05T02:10:00Z', 5.05), 10);
    expect(gapBetween(a, exactly, 5)).toMatchObject({ minutes: 5, overThreshold: false });
    expect(gapBetween(a, justOver, 5)).toMatchObject({ minutes: 5.05, overThreshold: true });
    expect(isOverThreshold(5, 5)).toBe(false);
    expect(isOverThreshold(5.0001, 5)).toBe(true);
  });

  it('lays one device’s clips side by side, splits events by pause length and case number, ignores photos', () => {
    const label = (caseNumber: string) => ({ label: { caseNumber, party: '甲', handler: '张伟', stage: 'investigation' as const, location: '某地', labelledAt: '2026-10-05T05:00:00Z', labelledBy: '张伟' } });
    const c1 = testClip('2026-10-05T02:00:00Z', 10, label('清国土罚（2026）1号'));
    const c2 = testClip('2026-10-05T02:20:00Z', 10, label('清国土罚（2026）1号'));
    const c3 = testClip('2026-10-05T02:31:00Z', 5, label('清国土罚（2026）2号')); // other case: new event
    const c4 = testClip('2026-10-05T06:00:00Z', 5); // 3.4 h later: new event
    const photo = { ...testClip('2026-10-05T02:12:00Z', 0), kind: 'photo' as const };
    const other = testClip('2026-10-05T02:15:00Z', 5, { device: 'DSJ-OTHER' });
    const events = buildTimeline([c4, photo, c2, other, c1, c3], { thresholdMinutes: 5, eventHours: 2 });
    const mine = events.filter((e) => e.deviceNumber === 'DSJ-A8-0042');
    expect(mine.map((e) => e.clips.map((c) => c.clipId))).toEqual([[c4.id], [c3.id], [c1.id, c2.id]]);
    const first = mine.find((e) => e.clips.length === 2);
    expect(first?.caseNumber).toBe('清国土罚（2026）1号');
    expect(first?.gaps).toHaveLength(1);
    expect(first?.gaps[0]).toMatchObject({ beforeClipId: c1.id, afterClipId: c2.id, minutes: 10, overThreshold: true, status: 'unrequested' });
    expect(events.find((e) => e.deviceNumber === 'DSJ-OTHER')?.clips).toHaveLength(1);
  });
});

describe('review periods (bureau clock, UTC+8)', () => {
  it('names the period before now and its bounds', () => {
    expect(previousPeriod(new Date('2026-01-10T00:00:00Z'), 1)).toBe('2025-12');
    // 2026-10-31T17:00Z is already 1 November in the bureau.
    expect(previousPeriod(new Date('2026-10-31T17:00:00Z'), 1)).toBe('2026-10');
    expect(previousPeriod(new Date('2026-05-02T00:00:00Z'), 3)).toBe('2026-01');
    expect(alignPeriod('2026-11', 3)).toBe('2026-10');
    expect(periodRange('2026-10', 1)).toEqual({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') });
    expect(weekStratum(new Date('2026-10-07T15:59:00Z'))).toBe('2026-10-W1');
    expect(weekStratum(new Date('2026-10-07T16:00:00Z'))).toBe('2026-10-W2');
  });
});

describe('the stratified spot-check sample', () => {
  // Officer 3201008: 5 clips in each of the first four weeks of October; officer 3201009: 2 clips.
  const weekly = [1, 8, 15, 22].flatMap((day) => [0, 1, 2, 3, 4].map((k) => testClip(`2026-10-${String(day + k).padStart(2, '0')}T02:00:00Z`, 5)));
  const other = [testClip('2026-10-03T02:00:00Z', 5, { officer: '3201009', officerName: '李娜' }), testClip('2026-10-20T02:00:00Z', 5, { officer: '3201009', officerName: '李娜' })];
  const outside = testClip('2026-11-02T02:00:00Z', 5);
  const clips = [...weekly, ...other, outside];
  const base = { period: '2026-10', periodMonths: 1, perOfficer: 4, exclude: new Set<string>() };

  it('is reproducible from the recorded seed and differs with another seed', () => {
    const one = drawSample(clips, { ...base, seed: 'a'.repeat(64) });
    const again = drawSample([...clips].reverse(), { ...base, seed: 'a'.repeat(64) });
    expect(again.drawn.map((d) => d.clip.id)).toEqual(one.drawn.map((d) => d.clip.id));
    const seeds = ['b', 'c', 'd', 'e'].map((s) => drawSample(clips, { ...base, seed: s.repeat(64) }).drawn.map((d) => d.clip.id).join());
    expect(new Set([one.drawn.map((d) => d.clip.id).join(), ...seeds]).size).toBeGreaterThan(1);
  });

  it('takes one clip from every week before a second from any, and never footage outside the period', () => {
    for (const seed of ['1', '2', '3', '4', '5'].map((s) => s.repeat(64))) {
      const { drawn } = drawSample(clips, { ...base, seed });
      const zhang = drawn.filter((d) => d.officerKey === '3201008');
      expect(zhang).toHaveLength(4);
      expect(new Set(zhang.map((d) => d.stratum))).toEqual(new Set(['2026-10-W1', '2026-10-W2', '2026-10-W3', '2026-10-W4']));
      expect(drawn.some((d) => d.clip.id === outside.id)).toBe(false);
    }
  });

  it('draws all of a small population, none for an officer without footage, and never an excluded clip', () => {
    const exclude = new Set(weekly.slice(0, 18).map((c) => c.id));
    const result = drawSample(clips, { ...base, seed: 'f'.repeat(64), exclude });
    expect(result.officers).toEqual([
      { officerKey: '3201008', officerName: '张伟', population: 2, drawn: 2 },
      { officerKey: '3201009', officerName: '李娜', population: 2, drawn: 2 },
    ]);
    expect(result.drawn.every((d) => !exclude.has(d.clip.id))).toBe(true);
    expect(drawSample([], { ...base, seed: 'f'.repeat(64) })).toEqual({ officers: [], drawn: [] });
  });

  it('gives uniform integers without modulo bias from the seeded stream', () => {
    const random = new SeededRandom('seed', 'stream');
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const k = random.int(3);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(() => random.int(0)).toThrow(RangeError);
  });
});

describe('identity documents', () => {
  it('checks the resident ID check character (ISO 7064 MOD 11-2) and birth date', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentIdProblem('11010519491231002x')).toBeUndefined();
    expect(residentIdProblem('110105194912310021')).toBe('check-digit');
    expect(residentIdProblem('110105194913310028')).toBe('birth-date');
    expect(residentIdProblem('1101051949123100')).toBe('format');
    expect(idDocumentProblem('passport', 'E12345678')).toBeUndefined();
    expect(idDocumentProblem('passport', 'E1 2345678')).toBe('format');
  });

  it('masks all but the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
    expect(maskIdNumber('E1234')).toBe('E****');
  });
});
