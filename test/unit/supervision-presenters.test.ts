/** Small pure parts of the supervision screens and the copy package: rates, frames, positions, bars, file names. */
import { describe, expect, it } from 'vitest';
import { packageFileName, publicCopyRequest, watermarkText } from '../../electron/core/supervision/party-copy-commands.js';
import { place } from '../../renderer/src/features/supervise/continuity-layout.js';
import { formatPosition, frameSeconds, stepRate } from '../../renderer/src/features/player/replay.js';
import { drawtextFilter, filterValue, watermarkedName } from '../../electron/adapters/supervision/watermark.js';

describe('replay controls', () => {
  it('steps through 0.25x-4x and stays at the ends', () => {
    expect(stepRate(1, 1)).toBe(1.5);
    expect(stepRate(1, -1)).toBe(0.5);
    expect(stepRate(4, 1)).toBe(4);
    expect(stepRate(0.25, -1)).toBe(0.25);
    expect(stepRate(1.2, 1)).toBe(2);
  });

  it('steps one frame of the clip’s rate, else 1/25 s', () => {
    expect(frameSeconds({ media: { kind: 'video' } })).toBeCloseTo(0.04);
    expect(frameSeconds({ media: { kind: 'video', frameRate: 30 } })).toBeCloseTo(1 / 30);
    expect(frameSeconds({ media: { kind: 'video', frameRate: 0 } as never })).toBeCloseTo(0.04);
  });

  it('writes positions as mm:ss.cc', () => {
    expect(formatPosition(0)).toBe('00:00.00');
    expect(formatPosition(83.456)).toBe('01:23.46');
    expect(formatPosition(3725)).toBe('1:02:05.00');
  });
});

describe('the continuity bar', () => {
  it('places clips and gaps in percent of the event', () => {
    expect(place('2026-10-05T02:00:00Z', '2026-10-05T03:00:00Z', '2026-10-05T02:30:00Z', '2026-10-05T02:45:00Z')).toEqual({ left: 50, width: 25 });
    expect(place('2026-10-05T02:00:00Z', '2026-10-05T02:00:00Z', '2026-10-05T02:00:00Z', '2026-10-05T02:00:00Z')).toEqual({ left: 0, width: 0 });
  });
});

describe('copy package names and marks', () => {
  it('numbers files and keeps separators and control characters out of names', () => {
    expect(packageFileName(0, 'VID_0001.MP4')).toBe('001_VID_0001.MP4');
    expect(packageFileName(11, '../a/b\u0001:c.mp4')).toBe('012___a_b__c.mp4');
    expect(watermarkedName('001_VID.MOV', 'video')).toBe('001_VID.mp4');
    expect(watermarkedName('002_IMG.JPEG', 'photo')).toBe('002_IMG.jpg');
  });

  it('escapes file paths inside the drawtext filter', () => {
    expect(filterValue("/fonts/a:b's.ttc")).toBe("'/fonts/a\\:b'\\\\''s.ttc'");
    expect(drawtextFilter('/f.ttc', '/t.txt')).toContain("textfile='/t.txt'");
  });

  it('names the recipient and request on the mark and masks the ID outside the station', () => {
    expect(watermarkText({ id: 'PC-20261123-ABC123', recipientName: '李四' })).toBe('复制件 仅供 李四 使用 申请号 PC-20261123-ABC123');
    const shown = publicCopyRequest({ id: 'PC-1', recipientName: '李四', idDocumentType: 'resident-id', idDocumentNumber: '11010519491231002X', clipIds: [], reason: 'r', requestedBy: 'a', requestedByUserId: 'u', requestedAt: 'now', status: 'pending', productions: [] });
    expect(shown.idDocumentNumber).toBe('110***********002X');
    expect('requestedByUserId' in shown).toBe(false);
  });
});
