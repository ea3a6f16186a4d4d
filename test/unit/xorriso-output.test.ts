/**
 * The xorriso parsers on output recorded from the real tool (test/fixtures/xorriso/, made by
 * record-xorriso-fixtures.ts with the adapter's own command lines): progress with speed, failures with
 * their reasons, media state, file extents including a 4.5 GiB multi-extent file, extraction results.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  filesFromExtents,
  parseDevices,
  parseExtracted,
  parseMd5Mismatches,
  parseMediaInfo,
  parseMessage,
  parseProgressLine,
  parseReportLba,
  parseRestoreLine,
  parseVolumeId,
  problemMessages,
} from '../../native/linux/xorriso-output.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'xorriso');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const lines = (name: string) => fixture(name).split('\n');

describe('progress lines', () => {
  it('reads sectors, percent and drive speed from every Writing: line of a real burn', () => {
    const progress = lines('burn-stdio-success.txt').map(parseProgressLine).filter((p) => p !== undefined);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[0]).toEqual({ sectors: 0, percent: 0, fifoPercent: 6, bufferPercent: 50 });
    expect(progress[1]).toMatchObject({ sectors: 32768, percent: 9.1, speedFactor: 64.3, speedUnit: 'D', bytesPerSecond: Math.round(64.3 * 1_385_000) });
    const sectors = progress.map((p) => p.sectors);
    expect(sectors).toEqual([...sectors].sort((a, b) => a - b));
  });

  it('ignores other lines and reads the restore counter of an extraction', () => {
    expect(parseProgressLine('xorriso : UPDATE :       7 files added in 1 seconds')).toBeUndefined();
    expect(parseRestoreLine('xorriso : UPDATE :       1 files restored ( 293.0k) in 1 seconds = 0.2xD')).toEqual({ files: 1, bytes: Math.round(293 * 1024) });
    expect(parseRestoreLine('xorriso : UPDATE :       0 files restored (2970.0m) in 14 seconds , 292.2xD')).toEqual({ files: 0, bytes: Math.round(2970 * 1024 ** 2) });
  });
});

describe('failures say why', () => {
  it('an image larger than the free space: media-too-small, with both sizes', () => {
    const failure = classifyFailure(lines('burn-stdio-no-space.txt'), 5);
    expect(failure).toEqual({ reason: 'media-too-small', message: 'Image size 9952s exceeds free space on media 8160s', params: { neededSectors: 9952, freeSectors: 8160, exitCode: 5 } });
  });

  it('a write that fails half-way (stdio:/dev/full): write-error naming ENOSPC', () => {
    const failure = classifyFailure(lines('burn-write-error-dev-full.txt'), 5);
    expect(failure.reason).toBe('write-error');
    expect(failure.message).toContain('No space left on device');
  });

  it('a recorder that does not exist: drive-not-found', () => {
    expect(classifyFailure(lines('burn-missing-drive.txt'), 5)).toMatchObject({ reason: 'drive-not-found', message: "File object '/dev/sr9' not found" });
  });

  it('an image in a folder that does not exist: target-folder-missing', () => {
    expect(classifyFailure(lines('burn-missing-folder.txt'), 5).reason).toBe('target-folder-missing');
  });

  it('never mistakes report lines for reasons, and always has a message', () => {
    expect(problemMessages(lines('burn-stdio-success.txt'))).toEqual([]);
    expect(classifyFailure(['something odd'], 1)).toEqual({ reason: 'unknown', message: 'xorriso exited with 1', params: { exitCode: 1 } });
    expect(parseMessage("xorriso : aborting : -abort_on 'FAILURE' encountered 'FAILURE'")).toBeUndefined();
    expect(parseMessage('libburn : SORRY : Neither stdio-path nor its directory exist')).toEqual({ source: 'libburn', severity: 'SORRY', text: 'Neither stdio-path nor its directory exist' });
  });
});

describe('media', () => {
  it('a blank pseudo-drive with its free space', () => {
    expect(parseMediaInfo(fixture('toc-blank-stdio.txt'))).toEqual({ status: 'blank', mediaType: 'stdio file, overwriteable', freeSectors: 40926988, sessions: 0 });
  });

  it('a written image: appendable, one session, its volume id', () => {
    const info = parseMediaInfo(fixture('toc-written-stdio.txt'));
    expect(info).toMatchObject({ status: 'appendable', sessions: 1, freeSectors: 40567842 });
  });

  it('an empty drive and a closed disc', () => {
    expect(parseMediaInfo('Drive current: -outdev /dev/sr0\nMedia current: is not present\nMedia status : is not present\n').status).toBe('absent');
    expect(parseMediaInfo('Media current: DVD+R\nMedia status : is written , is closed\n')).toMatchObject({ status: 'closed', mediaType: 'DVD+R' });
  });

  it('no drives found', () => {
    expect(parseDevices(fixture('devices-none.txt'))).toEqual([]);
    expect(parseDevices("0  -dev '/dev/sr0' rwrw-- :  'HL-DT-ST' 'BDDVDRW_GGC-H20L'\n")).toEqual([{ index: 0, device: '/dev/sr0', permissions: 'rwrw--', vendor: 'HL-DT-ST', product: 'BDDVDRW_GGC-H20L' }]);
  });
});

describe('files on the disc', () => {
  it('lists files with their extents, Chinese names and a quote in a name', () => {
    const text = fixture('list-files.txt');
    expect(parseVolumeId(text)).toBe('ES_20261123_3F2A_A1');
    const files = filesFromExtents(parseReportLba(text));
    expect(files.map((f) => f.path)).toEqual([
      '/bagit.txt',
      "/data/清国土罚（2026）12号/某某建材有限公司/DSJ-A8-0007/20261123-160502_DSJ-A8-0007_0001 it's.MP4",
      '/data/清国土罚（2026）12号/某某建材有限公司/DSJ-A8-0007/20261123-161000_DSJ-A8-0007_0002.MP4',
    ]);
    expect(files[1]).toMatchObject({ size: 300000, extents: [{ extent: 0, startLba: 70, blocks: 147, fileSize: 300000 }] });
  });

  it('a 4.5 GiB file is one file of two extents, with its whole size', () => {
    const files = filesFromExtents(parseReportLba(fixture('list-files-multi-extent.txt')));
    expect(files).toHaveLength(1);
    expect(files[0]?.size).toBe(4500 * 1024 * 1024);
    expect(files[0]?.extents.map((e) => [e.extent, e.startLba, e.blocks])).toEqual([
      [0, 61, 2097151],
      [1, 2097212, 206849],
    ]);
    expect(files[0]?.extents.reduce((n, e) => n + e.blocks, 0)).toBe(Math.ceil((4500 * 1024 * 1024) / 2048));
  });

  it('extraction: which files were written, and which failed xorriso’s own MD5 check', () => {
    expect(parseExtracted(fixture('extract-success.txt'))).toEqual(['/bagit.txt', "/data/清国土罚（2026）12号/某某建材有限公司/DSJ-A8-0007/20261123-160502_DSJ-A8-0007_0001 it's.MP4"]);
    const corrupted = fixture('extract-md5-mismatch.txt');
    expect(parseMd5Mismatches(corrupted)).toEqual(["/data/清国土罚（2026）12号/某某建材有限公司/DSJ-A8-0007/20261123-160502_DSJ-A8-0007_0001 it's.MP4"]);
    expect(parseMd5Mismatches("MD5 MISMATCH: '/a b'")).toEqual(['/a b']);
  });
});
