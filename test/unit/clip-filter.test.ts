import { describe, expect, it } from 'vitest';
import type { ClipQuery } from '../../electron/core/ports.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import {
  compareByRecordingTime,
  compileClipQuery,
  foldForSearch,
  matchesQuery,
  parseTimestamp,
  recordingTimeMs,
  recordingTimeOf,
} from '../../electron/adapters/catalogue/clip-filter.js';
import { clipId, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

const labelled = makeClip({
  id: clipId('labelled'),
  originalName: 'VID_20260312_143022_0001.MP4',
  camera: { deviceNumber: 'DSJ-A8-100042', officerName: '张伟', officerNumber: '44181042' },
  dockSessionId: 'dock-7',
  media: { kind: 'video', recordedAt: '2026-03-12T06:30:22.000Z' },
  receivedAt: '2026-03-12T09:00:00.000Z',
  label: makeLabel({ caseNumber: '清国土罚（2026）123号', party: '清远市宏达建材有限公司', handler: '李娜、王强', location: '清城区石角镇塘头村' }),
  seenAgain: [{ dockSessionId: 'dock-9', at: '2026-03-13T09:00:00.000Z', originalPath: 'DCIM/VID_1.MP4' }],
});
const unlabelled = makeClip({ id: clipId('unlabelled'), media: { kind: 'photo' }, receivedAt: '2026-03-01T00:00:00.000Z' });

interface Rule {
  rule: string;
  query: ClipQuery;
  clip: Clip;
  expected: boolean;
}

const rules: Rule[] = [
  { rule: 'an empty query selects everything', query: {}, clip: unlabelled, expected: true },
  { rule: 'blank criteria are ignored', query: { text: '   ', caseNumber: '', officer: ' ' }, clip: unlabelled, expected: true },
  // text: the seven fields, case-insensitive
  { rule: 'text finds the case number', query: { text: '（2026）123' }, clip: labelled, expected: true },
  { rule: 'text finds the party', query: { text: '宏达建材' }, clip: labelled, expected: true },
  { rule: 'text finds a handler', query: { text: '王强' }, clip: labelled, expected: true },
  { rule: 'text finds the location', query: { text: '塘头村' }, clip: labelled, expected: true },
  { rule: 'text finds the original name, ignoring case', query: { text: 'vid_20260312' }, clip: labelled, expected: true },
  { rule: 'text finds the camera officer name', query: { text: '张伟' }, clip: labelled, expected: true },
  { rule: 'text finds the device number, ignoring case', query: { text: 'dsj-a8-1000' }, clip: labelled, expected: true },
  { rule: 'text does not search the officer number', query: { text: '44181042' }, clip: labelled, expected: false },
  { rule: 'text does not search label fields of an unlabelled clip', query: { text: '宏达' }, clip: unlabelled, expected: false },
  { rule: 'text misses what is nowhere', query: { text: '不存在' }, clip: labelled, expected: false },
  { rule: 'text is trimmed', query: { text: '  塘头村 ' }, clip: labelled, expected: true },
  // brackets and full width
  { rule: 'half-width brackets find a full-width case number', query: { caseNumber: '清国土罚(2026)123号' }, clip: labelled, expected: true },
  { rule: '〔〕 brackets find a （） case number', query: { caseNumber: '〔2026〕123' }, clip: labelled, expected: true },
  { rule: 'full-width digits find half-width ones', query: { text: 'ＶＩＤ＿２０２６' }, clip: labelled, expected: true },
  // caseNumber / party
  { rule: 'caseNumber matches part of the case number', query: { caseNumber: '123号' }, clip: labelled, expected: true },
  { rule: 'caseNumber only looks at the case number', query: { caseNumber: '宏达' }, clip: labelled, expected: false },
  { rule: 'caseNumber never matches an unlabelled clip', query: { caseNumber: '清' }, clip: unlabelled, expected: false },
  { rule: 'party matches the party', query: { party: '宏达' }, clip: labelled, expected: true },
  { rule: 'party only looks at the party', query: { party: '塘头' }, clip: labelled, expected: false },
  // officer
  { rule: 'officer matches the camera officer name', query: { officer: '张伟' }, clip: labelled, expected: true },
  { rule: 'officer matches the officer number', query: { officer: '44181042' }, clip: labelled, expected: true },
  { rule: 'officer matches a label handler', query: { officer: '李娜' }, clip: labelled, expected: true },
  { rule: 'officer does not look at the party', query: { officer: '宏达' }, clip: labelled, expected: false },
  // deviceNumber
  { rule: 'deviceNumber matches the device, ignoring case', query: { deviceNumber: 'dsj-a8-100042' }, clip: labelled, expected: true },
  { rule: 'deviceNumber does not look at the file name', query: { deviceNumber: 'VID' }, clip: labelled, expected: false },
  // time
  { rule: 'from is inclusive', query: { from: '2026-03-12T06:30:22.000Z' }, clip: labelled, expected: true },
  { rule: 'to is inclusive', query: { to: '2026-03-12T06:30:22.000Z' }, clip: labelled, expected: true },
  { rule: 'before from is out', query: { from: '2026-03-12T06:30:22.001Z' }, clip: labelled, expected: false },
  { rule: 'after to is out', query: { to: '2026-03-12T06:30:21.999Z' }, clip: labelled, expected: false },
  { rule: 'time bounds use camera time, not receive time', query: { from: '2026-03-12T08:00:00Z' }, clip: labelled, expected: false },
  { rule: 'without camera time the receive time counts', query: { from: '2026-02-28T00:00:00Z', to: '2026-03-01T00:00:00Z' }, clip: unlabelled, expected: true },
  // unlabelled, session
  { rule: 'unlabelledOnly keeps unlabelled clips', query: { unlabelledOnly: true }, clip: unlabelled, expected: true },
  { rule: 'unlabelledOnly drops labelled clips', query: { unlabelledOnly: true }, clip: labelled, expected: false },
  { rule: 'unlabelledOnly false filters nothing', query: { unlabelledOnly: false }, clip: labelled, expected: true },
  { rule: 'dockSessionId matches the first docking', query: { dockSessionId: 'dock-7' }, clip: labelled, expected: true },
  { rule: 'dockSessionId matches a later docking of the same content', query: { dockSessionId: 'dock-9' }, clip: labelled, expected: true },
  { rule: 'dockSessionId is exact', query: { dockSessionId: 'dock' }, clip: labelled, expected: false },
  // combinations are AND
  { rule: 'all criteria must hold', query: { caseNumber: '123', officer: '张伟', from: '2026-03-01T00:00:00Z' }, clip: labelled, expected: true },
  { rule: 'one failing criterion excludes', query: { caseNumber: '123', officer: '不在' }, clip: labelled, expected: false },
];

describe('matchesQuery', () => {
  it.each(rules)('$rule', ({ query, clip, expected }) => {
    expect(matchesQuery(clip, query)).toBe(expected);
  });

  it('keeps fields apart even when a camera-supplied name contains the separator', () => {
    const odd = makeClip({ originalName: 'a\u0001b', camera: { deviceNumber: 'DEV-1', officerNumber: '999' } });
    expect(matchesQuery(odd, { deviceNumber: 'DEV-1' })).toBe(true);
    expect(matchesQuery(odd, { deviceNumber: 'b' })).toBe(false);
    expect(matchesQuery(odd, { officer: '999' })).toBe(true);
  });

  it('rejects a bound that is not a date', () => {
    expect(() => compileClipQuery({ from: 'yesterday' })).toThrow(/not a date/);
  });

  it('reports whether anything besides time bounds is asked', () => {
    expect(compileClipQuery({ from: '2026-01-01T00:00:00Z' }).hasFieldCriteria).toBe(false);
    expect(compileClipQuery({ text: ' ' }).hasFieldCriteria).toBe(false);
    expect(compileClipQuery({ unlabelledOnly: true }).hasFieldCriteria).toBe(true);
  });
});

describe('foldForSearch', () => {
  it.each([
    ['VID_0001.MP4', 'vid_0001.mp4'],
    ['清国土罚（2026）12号', '清国土罚(2026)12号'],
    ['清府〔2026〕1号', '清府(2026)1号'],
    ['【2026】［3］', '(2026)(3)'],
    ['ＡＢＣ１２３\u3000x', 'abc123 x'],
  ])('%s -> %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });
});

describe('parseTimestamp', () => {
  it.each([
    '2026-03-12T06:30:22.000Z',
    '2026-03-12T06:30:22.999Z',
    '1970-01-01T00:00:00.000Z',
    '0099-06-01T00:00:00.000Z',
    '2024-02-29T12:00:00.000Z',
    '2026-02-30T12:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-03-12T24:00:00.000Z',
    '2026-03-12T06:30:22Z',
    '2026-03-12T14:30:22.000+08:00',
    '2026-03-12',
    '2026-03-12T06:30:2x.000Z',
    '2026-03-12T0x:30:22.000Z',
    '2026-03-12T06:x0:22.000Z',
    '2026-03-12T06:30:22.00xZ',
    '2026-03-12 06:30:22.000Z',
    'garbage',
    '',
  ])('%s reads as Date.parse reads it', (text) => {
    expect(parseTimestamp(text)).toBe(Date.parse(text));
  });
});

describe('recording time', () => {
  it('is the camera time when present, else the receive time', () => {
    expect(recordingTimeOf(labelled)).toBe('2026-03-12T06:30:22.000Z');
    expect(recordingTimeOf(unlabelled)).toBe('2026-03-01T00:00:00.000Z');
  });

  it('falls back to the receive time when the camera time is unreadable, and sorts a clip with neither last', () => {
    expect(recordingTimeMs(makeClip({ media: { kind: 'video', recordedAt: 'garbage' }, receivedAt: '2026-01-01T00:00:00Z' }))).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(recordingTimeMs(makeClip({ media: { kind: 'video' }, receivedAt: 'garbage' }))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('orders newest first, then by id', () => {
    expect(compareByRecordingTime(2, 'b', 1, 'a')).toBeLessThan(0);
    expect(compareByRecordingTime(1, 'a', 2, 'b')).toBeGreaterThan(0);
    expect(compareByRecordingTime(1, 'a', 1, 'b')).toBeLessThan(0);
    expect(compareByRecordingTime(1, 'a', 1, 'a')).toBe(0);
  });
});
