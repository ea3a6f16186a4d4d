/** Readable, portable, unique paths inside a bag (electron/core/archive/layout.ts). */
import { describe, expect, it } from 'vitest';
import { formatStartTime, layoutClips, makeDiscId, makeSetId, MAX_NAME_UNITS, nameKey, sanitiseComponent, SHEET_SUFFIX, volumeIdOf } from '../../electron/core/archive/layout.js';
import type { Clip, ClipLabel } from '../../electron/core/domain/clip.js';
import { clipId, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

const labelled = (seed: string, clip: Partial<Clip> = {}, label: Partial<ClipLabel> = {}) => ({ ...makeClip({ id: clipId(seed), ...clip }), label: makeLabel(label) });

describe('sanitiseComponent', () => {
  it('replaces every character Windows, FAT or ISO 9660 refuses, and control characters', () => {
    expect(sanitiseComponent('a<b>c:d"e/f\\g|h?i*j;k%l')).toBe('a_b_c_d_e_f_g_h_i_j_k_l');
    expect(sanitiseComponent('某某\u0007公司\u0085\u001f')).toBe('某某_公司__');
  });

  it('trims, folds whitespace and drops trailing dots and spaces', () => {
    expect(sanitiseComponent('  清城  区\t石角镇 . . ')).toBe('清城 区 石角镇');
    expect(sanitiseComponent('...')).toBe('_');
    expect(sanitiseComponent('', { fallback: '无当事人' })).toBe('无当事人');
  });

  it('never produces a Windows device name, with or without an extension', () => {
    expect(sanitiseComponent('CON')).toBe('_CON');
    expect(sanitiseComponent('nul.tar.gz')).toBe('_nul.tar.gz');
    expect(sanitiseComponent('com1.mp4')).toBe('_com1.mp4');
    expect(sanitiseComponent('CONSOLE')).toBe('CONSOLE');
  });

  it('replaces characters Joliet (UCS-2) cannot store, and cuts long names keeping the extension', () => {
    expect(sanitiseComponent('𠮷野家')).toBe('_野家');
    const long = `${'长'.repeat(100)}.MP4`;
    const cut = sanitiseComponent(long, { maxUnits: 55, keepExtension: true });
    expect(cut.length).toBe(55);
    expect(cut.endsWith('.MP4')).toBe(true);
    expect(sanitiseComponent('x'.repeat(200)).length).toBe(MAX_NAME_UNITS);
  });

  it('normalises to NFC so one name has one spelling', () => {
    expect(sanitiseComponent('Cafe\u0301')).toBe('Café');
  });
});

describe('layoutClips', () => {
  it('puts footage under case / party / device / start time + original name, the sheet beside it', () => {
    const [out] = layoutClips([labelled('a')]);
    expect(out?.payloadPath).toBe('data/清国土罚（2026）12号/清远市宏达建材有限公司/DSJ-A8-000101/20260312-143022_VID_20260312_143022_0001.MP4');
    expect(out?.sheetPath).toBe(`${out?.payloadPath}${SHEET_SUFFIX}`);
  });

  it('keeps every name unique ignoring case, suffixing the later clip', () => {
    const first = labelled('a', { originalName: 'clip.mp4', media: { kind: 'video', recordedAt: '2026-03-12T06:30:22.000Z' } });
    const second = labelled('b', { originalName: 'CLIP.MP4', media: { kind: 'video', recordedAt: '2026-03-12T06:30:22.000Z' } });
    const [a, b] = layoutClips([second, first]);
    const names = [a?.payloadPath ?? '', b?.payloadPath ?? ''];
    expect(new Set(names.map(nameKey)).size).toBe(2);
    // Same recording time: the order falls back to the clip id, and the second one gets ~2.
    expect(names.some((name) => name.endsWith('~2.MP4') || name.endsWith('~2.mp4'))).toBe(true);
  });

  it('gives two different parties that sanitise alike two folders', () => {
    const [a, b] = layoutClips([labelled('a', {}, { party: 'A/B' }), labelled('b', {}, { party: 'A:B' })]);
    expect([a?.payloadPath.split('/')[2], b?.payloadPath.split('/')[2]].sort()).toEqual(['A_B', 'A_B~2']);
  });

  it('keeps paths within Joliet limits even with long Chinese labels and names', () => {
    const clip = labelled('long', { originalName: `${'执法记录'.repeat(20)}.MP4`, camera: { deviceNumber: 'D'.repeat(80) } }, { caseNumber: '案'.repeat(90), party: '某'.repeat(150) });
    const [out] = layoutClips([clip]);
    for (const component of (out?.sheetPath ?? '').split('/')) expect(component.length).toBeLessThanOrEqual(MAX_NAME_UNITS);
    expect(out?.payloadPath.endsWith('.MP4')).toBe(true);
    expect((out?.payloadPath ?? '').length).toBeLessThan(200);
  });

  it('uses the camera file time, then the receipt time, when the file has no timestamp', () => {
    const [out] = layoutClips([labelled('t', { media: { kind: 'photo' }, cameraMtime: '2026-03-12T00:00:01.000Z' })]);
    expect(out?.payloadPath).toContain('/20260312-080001_');
  });
});

describe('identifiers', () => {
  it('formats start times on the agency clock', () => {
    expect(formatStartTime('2026-11-23T16:05:02.000Z', 480)).toBe('20261124-000502');
    expect(formatStartTime('garbage', 480)).toBe('00000000-000000');
  });

  it('names sets, discs and ISO volume ids', () => {
    const set = makeSetId(new Date('2026-11-23T08:00:00Z'), '3f2a');
    expect(set).toBe('ES-20261123-3F2A');
    expect(makeDiscId(set, 1, 2)).toBe('ES-20261123-3F2A-A2');
    expect(makeDiscId(set, 2, 1)).toBe('ES-20261123-3F2A-B1');
    expect(volumeIdOf('ES-20261123-3F2A-B1')).toBe('ES_20261123_3F2A_B1');
    expect(volumeIdOf('x'.repeat(40))).toHaveLength(32);
  });
});
