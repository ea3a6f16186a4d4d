/** BagIt tag files, the offline index.html, the sheet's rows and the font locator, as pure functions. */
import { describe, expect, it } from 'vitest';
import { bagInfoText, BAGIT_TXT, encodeManifestPath, manifestText, setIndexText } from '../../electron/adapters/archive/bagit.js';
import { evidenceSheetRows } from '../../electron/adapters/archive/evidence-sheet-pdf.js';
import { fontCandidates, locateCjkFont } from '../../electron/adapters/archive/font-locator.js';
import { escapeHtml, indexHtml, relativeHref } from '../../electron/adapters/archive/index-html.js';
import type { ArchiveItem, ArchiveSetInfo, DiscAssignment } from '../../electron/core/archive/ports.js';
import { clipId, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

const set: ArchiveSetInfo = {
  setId: 'ES-20261123-3F2A',
  createdAt: '2026-11-23T08:00:00.000Z',
  createdBy: '王芳(1001)',
  station: 'station-01',
  stationVersion: '0.1.0',
  agencyName: '清远市自然资源局',
  copies: 2,
  auditRecord: { seq: 42, hash: 'a'.repeat(64) },
  utcOffsetMinutes: 480,
};

function item(seed: string, overrides: { party?: string; name?: string } = {}): ArchiveItem {
  const clip = makeClip({ id: clipId(seed), originalName: overrides.name ?? `VID_${seed}.MP4`, label: makeLabel({ longTerm: 'obstruction', party: overrides.party ?? '某某建材有限公司', notes: '当事人拒绝签字' }) });
  const base = `data/清国土罚（2026）12号/${overrides.party ?? '某某建材有限公司'}/DSJ-A8-000101/20260312-143022_${clip.originalName}`;
  return { clip, label: clip.label ?? makeLabel(), vaultPath: `/vault/${clip.id}`, payloadPath: base, sheetPath: `${base}.取证说明.pdf` };
}

describe('BagIt tag files', () => {
  it('declares BagIt 1.0 in UTF-8', () => {
    expect(BAGIT_TXT).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  });

  it('writes manifests sha256sum can check: sorted, two spaces, % CR LF percent-encoded', () => {
    const text = manifestText([
      { path: 'data/b.MP4', sha256: 'b'.repeat(64) },
      { path: 'data/a 100%.MP4', sha256: 'a'.repeat(64) },
    ]);
    expect(text).toBe(`${'a'.repeat(64)}  data/a 100%25.MP4\n${'b'.repeat(64)}  data/b.MP4\n`);
    expect(encodeManifestPath('x\ny\rz')).toBe('x%0Ay%0Dz');
  });

  it('bag-info names the case, party, handler, station, date, disc of set and the audit record hash', () => {
    const text = bagInfoText({ set, copy: 2, discId: 'ES-20261123-3F2A-B2', volumeId: 'ES_20261123_3F2A_B2', discIndex: 2, discCount: 3, caseNumbers: ['清国土罚（2026）12号'], parties: ['某某建材有限公司'], handlers: ['李娜'], payloadBytes: 123456, payloadFiles: 4 });
    for (const line of [
      'Source-Organization: 清远市自然资源局',
      'Bagging-Date: 2026-11-23',
      'Payload-Oxum: 123456.4',
      'Bag-Group-Identifier: ES-20261123-3F2A-B',
      'Bag-Count: 2 of 3',
      'Case-Number: 清国土罚（2026）12号',
      'Party: 某某建材有限公司',
      'Handler: 李娜',
      'Station: station-01 (Evidence Station 0.1.0)',
      'Archive-Copy: B (2 of 2)',
      'Audit-Record-Seq: 42',
      `Audit-Record-Hash: ${'a'.repeat(64)}`,
    ]) {
      expect(text).toContain(`${line}\n`);
    }
    expect(text).not.toContain('Audit-Checkpoint');
    const signed = bagInfoText({ set: { ...set, checkpoint: { seq: 40, hash: 'c'.repeat(64), signature: 'MEUCIQ', keyId: 'k1', at: '2026-11-23T07:59:00.000Z' } }, copy: 1, discId: 'd', volumeId: 'v', discIndex: 1, discCount: 1, caseNumbers: [], parties: [], handlers: [], payloadBytes: 0, payloadFiles: 0 });
    expect(signed).toContain('Audit-Checkpoint-Seq: 40\n');
    expect(signed).toContain('Audit-Checkpoint-Signature: MEUCIQ\n');
    expect(signed).toContain('Audit-Checkpoint-Key-Id: k1\n');
  });

  it('folds a value with line breaks onto continuation lines', () => {
    const text = bagInfoText({ set: { ...set, agencyName: '清远市\n自然资源局' }, copy: 1, discId: 'd', volumeId: 'v', discIndex: 1, discCount: 1, caseNumbers: [], parties: [], handlers: [], payloadBytes: 0, payloadFiles: 0 });
    expect(text).toContain('Source-Organization: 清远市\n  自然资源局\n');
  });

  it('the set index lists every file of every disc, tab-separated', () => {
    const text = setIndexText({ set, copy: 1, discId: 'A1', discIndex: 1, discCount: 2, rows: [{ discId: 'A2', discIndex: 2, sha256: 's2', size: 2, caseNumber: 'c', party: 'p\tq', path: 'data/y' }, { discId: 'A1', discIndex: 1, sha256: 's1', size: 1, caseNumber: 'c', party: 'p', path: 'data/x' }] });
    const rows = text.trimEnd().split('\n').filter((line) => !line.startsWith('#'));
    expect(rows).toEqual(['disc\tdisc_index\tsha256\tbytes\tcase_number\tparty\tpath', 'A1\t1\ts1\t1\tc\tp\tdata/x', 'A2\t2\ts2\t2\tc\tp q\tdata/y']);
  });
});

describe('index.html', () => {
  const a = item('1');
  const b = item('2', { party: '<script>alert(1)</script>', name: 'VID 2 #1.MP4' });
  const assignments: DiscAssignment[] = [
    { discIndex: 1, discId: 'ES-20261123-3F2A-A1', item: a },
    { discIndex: 1, discId: 'ES-20261123-3F2A-A1', item: b },
    { discIndex: 2, discId: 'ES-20261123-3F2A-A2', item: item('3', { name: 'ON_DISC_2.MP4' }) },
  ];
  const html = indexHtml({ set, copy: 1, discId: 'ES-20261123-3F2A-A1', volumeId: 'ES_20261123_3F2A_A1', discIndex: 1, discCount: 2, assignments });

  it('has no script, no external resource, and a policy that forbids both', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('links each clip and its sheet relatively, percent-encoded per segment', () => {
    expect(html).toContain(`href="${relativeHref(b.payloadPath)}"`);
    expect(relativeHref('data/案 1/VID 2 #1.MP4')).toBe('data/%E6%A1%88%201/VID%202%20%231.MP4');
    expect(html).toContain(`href="${relativeHref(a.sheetPath)}">取证说明</a>`);
  });

  it('speaks Chinese and says what is on the other discs', () => {
    for (const words of ['长期保存光盘', '光盘编号', '第 1 张 / 共 2 张', '取证人员', '取证地点', '本套其他光盘', 'ON_DISC_2.MP4', 'manifest-sha256.txt']) expect(html).toContain(words);
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});

describe('evidence sheet rows', () => {
  it('name who collected the footage, when and where, the device and the checksum', () => {
    const rows = new Map(evidenceSheetRows(item('1'), set));
    expect(rows.get('取证人员')).toBe('张伟（警号/执法证号 440101）');
    expect(rows.get('取证时间')).toBe('2026-03-12 14:30:22（UTC+08:00） 至 14:40:22（UTC+08:00），时长 10 分 0 秒');
    expect(rows.get('取证地点')).toBe('清城区石角镇塘头村');
    expect(rows.get('执法记录设备')).toBe('DSJ-A8-000101');
    expect(rows.get('SHA-256 校验值')).toBe(clipId('1'));
    expect(rows.get('长期保存原因')).toBe('当事人逃避、拒绝、阻碍、侮辱或殴打执法人员');
    expect(rows.get('审计记录')).toBe(`第 42 条，哈希 ${'a'.repeat(64)}`);
  });
});

describe('font locator', () => {
  const env = (files: string[], vars: Record<string, string> = {}, platform: NodeJS.Platform = 'linux') => ({ platform, env: vars, exists: async (file: string) => files.includes(file) });

  it('finds Noto Sans CJK on Debian, YaHei or SimSun on Windows, PingFang on macOS', async () => {
    expect(await locateCjkFont(env(['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc']))).toEqual({ path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' });
    expect(await locateCjkFont(env(['C:\\Windows\\Fonts\\simsun.ttc'], { WINDIR: 'C:\\Windows' }, 'win32'))).toEqual({ path: 'C:\\Windows\\Fonts\\simsun.ttc', postscriptName: 'SimSun' });
    expect(fontCandidates('win32', {})[0]).toEqual({ path: 'C:\\Windows\\Fonts\\msyh.ttc', postscriptName: 'MicrosoftYaHei' });
    expect(await locateCjkFont(env(['/System/Library/Fonts/PingFang.ttc'], {}, 'darwin'))).toEqual({ path: '/System/Library/Fonts/PingFang.ttc', postscriptName: 'PingFangSC-Regular' });
  });

  it('honours EVIDENCE_CJK_FONT, and fails naming every place it looked', async () => {
    expect(await locateCjkFont(env(['/opt/f.ttc'], { EVIDENCE_CJK_FONT: '/opt/f.ttc#Foo-Regular' }))).toEqual({ path: '/opt/f.ttc', postscriptName: 'Foo-Regular' });
    await expect(locateCjkFont(env([], { EVIDENCE_CJK_FONT: '/opt/missing.ttc' }))).rejects.toMatchObject({
      code: 'ARCHIVE_FONT_MISSING',
      message: expect.stringContaining('/opt/missing.ttc (EVIDENCE_CJK_FONT), /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    });
  });
});
