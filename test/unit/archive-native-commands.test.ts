/**
 * The command lines the burners run, and the parsers of the Windows and macOS helpers' output (those
 * helpers cannot run on these Linux machines; what they are told and how their answers are read can).
 */
import { describe, expect, it } from 'vitest';
import { burnArgs, ejectArgs, extractArgs, imagePathFor, listFilesArgs, mediaArgs, xorrisoDevice } from '../../native/linux/xorriso-commands.js';
import { classifyDrutilFailure, drutilBurnArgs, drutilEjectArgs, drutilStatusArgs, makeHybridArgs, parseDrutilBurnLine, parseDrutilStatus } from '../../native/macos/drutil.js';
import { imapi2BurnArgs, imapi2EjectArgs, imapi2Failure, imapi2InspectArgs, imapi2ListArgs, parseImapi2Line, progressBytes } from '../../native/windows/imapi2.js';

describe('xorriso command lines', () => {
  const args = burnArgs({ device: 'stdio:/tmp/a b.iso', sourceRoot: '/data/archive/staging/ES-1/copy-1/disc-1', volumeId: 'ES_20261123_3F2A_A1', volumeSetId: 'ES-20261123-3F2A', publisher: '清远市自然资源局' });

  it('records MD5s before acquiring the drive, then writes ISO level 3 + Rock Ridge + Joliet with no file size limit', () => {
    expect(args.indexOf('-md5')).toBeLessThan(args.indexOf('-outdev'));
    expect(args[args.indexOf('-md5') + 1]).toBe('on');
    expect(args.slice(args.indexOf('-compliance'), args.indexOf('-compliance') + 2)[1]).toContain('iso_9660_level=3');
    // -file_size_limit comes after -compliance (which would otherwise reset it) and ends with "--".
    expect(args.indexOf('-file_size_limit')).toBeGreaterThan(args.indexOf('-compliance'));
    expect(args.slice(args.indexOf('-file_size_limit'), args.indexOf('-file_size_limit') + 3)).toEqual(['-file_size_limit', 'off', '--']);
    expect(args.slice(args.indexOf('-joliet'), args.indexOf('-joliet') + 2)).toEqual(['-joliet', 'on']);
    expect(args.slice(args.indexOf('-close'), args.indexOf('-close') + 2)).toEqual(['-close', 'on']);
    expect(args.slice(-4)).toEqual(['-map', '/data/archive/staging/ES-1/copy-1/disc-1', '/', '-commit']);
  });

  it('never lets a name be a pattern, never reads startup files, and keeps ISO text fields ASCII', () => {
    expect(args[0]).toBe('-no_rc');
    expect(args.join(' ')).toContain('-iso_rr_pattern off -disk_pattern off');
    expect(args[args.indexOf('-publisher') + 1]).toMatch(/^[\x20-\x7e]+$/);
    expect(args[args.indexOf('-outdev') + 1]).toBe('stdio:/tmp/a b.iso');
  });

  it('reads media, lists extents, extracts and ejects with argument arrays', () => {
    expect(mediaArgs('/dev/sr0')).toEqual(['-no_rc', '-outdev', '/dev/sr0', '-toc', '-tell_media_space']);
    expect(listFilesArgs('stdio:/x.iso').slice(-9)).toEqual(['-indev', 'stdio:/x.iso', '-find', '/', '-type', 'f', '-exec', 'report_lba', '--']);
    const extract = extractArgs('stdio:/x.iso', [{ isoPath: "/data/it's [1].MP4", diskPath: '/s/0' }]);
    expect(extract.indexOf('-osirrox')).toBeLessThan(extract.indexOf('-indev'));
    expect(extract.slice(-3)).toEqual(['-extract', "/data/it's [1].MP4", '/s/0']);
    expect(ejectArgs('/dev/sr0')).toEqual(['-no_rc', '-outdev', '/dev/sr0', '-eject', 'all']);
    expect(xorrisoDevice({ kind: 'image', path: '/a.iso' })).toBe('stdio:/a.iso');
    expect(xorrisoDevice({ kind: 'optical', device: '/dev/sr1' })).toBe('/dev/sr1');
  });

  it('numbers the image files of a set', () => {
    expect(imagePathFor('/x/case.iso', 1, 1)).toBe('/x/case.iso');
    expect(imagePathFor('/x/case.iso', 2, 3)).toBe('/x/case-2.iso');
    expect(imagePathFor('/x.y/case', 1, 2)).toBe('/x.y/case-1');
  });
});

describe('Windows: IMAPI2 through PowerShell', () => {
  const script = 'C:\\Program Files\\Evidence Station\\resources\\native\\windows\\imapi2-burn.ps1';

  it('runs the script in a single-threaded apartment, without profile or prompts', () => {
    const args = imapi2ListArgs(script);
    expect(args.slice(0, 8)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Sta', '-File', script]);
    expect(args.slice(-2)).toEqual(['-Action', 'List']);
    expect(imapi2InspectArgs(script, 'E:').slice(-4)).toEqual(['-Action', 'Inspect', '-Recorder', 'E:']);
    expect(imapi2EjectArgs(script, '0').slice(-4)).toEqual(['-Action', 'Eject', '-Recorder', '0']);
  });

  it('burns ISO+Joliet+UDF, or UDF only when a file is 4 GiB or larger, closes the disc and reloads the tray', () => {
    const small = imapi2BurnArgs({ scriptPath: script, recorder: 'E:', source: 'C:\\data\\disc-1', volumeName: 'ES_20261123_3F2A_A1', largestFileBytes: 4 * 1024 ** 3 - 1 });
    expect(small).not.toContain('-UdfOnly');
    expect(small).toEqual(expect.arrayContaining(['-Source', 'C:\\data\\disc-1', '-VolumeName', 'ES_20261123_3F2A_A1', '-CloseMedia', '-ReloadAfterBurn']));
    const big = imapi2BurnArgs({ scriptPath: script, recorder: 'E:', source: 'C:\\d', volumeName: 'ES-1 x', largestFileBytes: 4 * 1024 ** 3 });
    expect(big).toContain('-UdfOnly');
    expect(big[big.indexOf('-VolumeName') + 1]).toBe('ES_1_x');
  });

  it('parses the script’s output protocol', () => {
    expect(parseImapi2Line('ES-RECORDER index=0 letter=E: vendor=HL-DT-ST product=DVDRAM GH24NSD1 id=\\\\?\\scsi#cdrom&ven_hl-dt-st')).toMatchObject({ kind: 'recorder', index: 0, letter: 'E:', vendor: 'HL-DT-ST', id: '\\\\?\\scsi#cdrom&ven_hl-dt-st' });
    expect(parseImapi2Line('ES-MEDIA present=1 blank=1 type=9 freeSectors=2298496 totalSectors=2298496 status=2')).toEqual({ kind: 'media', present: true, blank: true, physicalType: 9, freeSectors: 2298496, totalSectors: 2298496, status: 2 });
    const progress = parseImapi2Line('ES-PROGRESS action=4 elapsed=30 remaining=240 lba=51200 start=0 sectors=230000');
    expect(progress).toEqual({ kind: 'progress', action: 4, elapsedSeconds: 30, remainingSeconds: 240, lastWrittenLba: 51200, startLba: 0, sectorCount: 230000 });
    if (progress?.kind === 'progress') expect(progressBytes(progress)).toBe(51200 * 2048);
    expect(parseImapi2Line('ES-DONE volume=E:\\')).toEqual({ kind: 'done', volume: 'E:\\' });
    expect(parseImapi2Line('ES-ERROR hresult=0xC0AA0405 message=The media is not blank = really')).toEqual({ kind: 'error', hresult: 0xc0aa0405, message: 'The media is not blank = really' });
    expect(parseImapi2Line('WARNING: something else')).toBeUndefined();
  });

  it('names IMAPI2 failures the clerk can act on', () => {
    expect(imapi2Failure(0xc0aa0202, 'x')).toMatchObject({ reason: 'no-media', name: 'E_IMAPI_RECORDER_MEDIA_NO_MEDIA' });
    expect(imapi2Failure(0xc0aa0405, 'x')).toMatchObject({ reason: 'media-not-blank' });
    expect(imapi2Failure(0xc0aa0404, 'x')).toMatchObject({ reason: 'media-too-small' });
    expect(imapi2Failure(0xc0aa0204, 'x')).toMatchObject({ reason: 'media-unsupported', name: 'E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN' });
    expect(imapi2Failure(0x80004005, 'x')).toMatchObject({ reason: 'unknown', name: '0x80004005' });
  });
});

describe('macOS: hdiutil + drutil', () => {
  it('builds a hybrid image (UDF only for 4 GiB+ files), burns without drutil’s verify and mounts for ours', () => {
    expect(makeHybridArgs({ source: '/s', output: '/o.iso', volumeName: 'ES_1', largestFileBytes: 10 })).toEqual(['makehybrid', '-o', '/o.iso', '/s', '-iso', '-joliet', '-udf', '-default-volume-name', 'ES_1']);
    expect(makeHybridArgs({ source: '/s', output: '/o.iso', volumeName: 'ES_1', largestFileBytes: 5 * 1024 ** 3 })).toEqual(['makehybrid', '-o', '/o.iso', '/s', '-udf', '-udf-volume-name', 'ES_1']);
    expect(drutilBurnArgs('1', '/o.iso')).toEqual(['-drive', '1', 'burn', '-noverify', '-mount', '/o.iso']);
    expect(drutilStatusArgs('1')).toEqual(['-drive', '1', 'status']);
    expect(drutilEjectArgs('2')).toEqual(['-drive', '2', 'eject']);
  });

  it('parses drutil status (transcribed from drutil’s documented output, not recorded here)', () => {
    const blank = [
      ' Vendor   Product           Rev',
      ' HL-DT-ST DVDRW  GS21N      SA15',
      '',
      '           Type: DVD-R                Name: /dev/disk3',
      '       Sessions: 0                  Tracks: 0',
      '   Overwritable:   00:00:00         blocks:        0 /   0.00MB /   0.00MiB',
      '     Space Free:  510:03:00         blocks:  2295104 /   4.70GB /   4.38GiB',
      '     Space Used:   00:00:00         blocks:        0 /   0.00MB /   0.00MiB',
      '    Writability: appendable, blank, overwritable',
    ].join('\n');
    expect(parseDrutilStatus(blank)).toEqual({ present: true, type: 'DVD-R', device: '/dev/disk3', blank: true, writability: ['appendable', 'blank', 'overwritable'], freeBlocks: 2295104, sessions: 0 });
    expect(parseDrutilStatus(' Vendor Product\n\n No Media Inserted\n')).toEqual({ present: false, blank: false, writability: [] });
  });

  it('parses burn progress and failures', () => {
    expect(parseDrutilBurnLine('[######                 ]  27%  Writing track')).toEqual({ kind: 'progress', percent: 27, phase: 'Writing track' });
    expect(parseDrutilBurnLine('Burn completed.')).toEqual({ kind: 'done' });
    const failed = parseDrutilBurnLine('Burn failed: The inserted media is not blank.');
    expect(failed).toEqual({ kind: 'failed', message: 'The inserted media is not blank.' });
    expect(classifyDrutilFailure('The inserted media is not blank.')).toBe('media-not-blank');
    expect(classifyDrutilFailure('Please insert a disc')).toBe('no-media');
  });
});
