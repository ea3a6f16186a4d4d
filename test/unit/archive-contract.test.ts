/** The archive's contract schemas and its domain types describe the same objects; the CLI's words. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { archiveErrorText, progressLine, resolveTargetText } from '../../electron/cli/archive-commands.js';
import { archiveCommandNames, archiveCommands, type ArchiveJob as ArchiveJobSchema, type ArchiveProgress as ArchiveProgressSchema, type ArchiveQueue as ArchiveQueueSchema, type DiscRecord as DiscRecordSchema, type DueDisc as DueDiscSchema, type ManualQueueEntry as ManualQueueEntrySchema, isArchiveCommandName } from '../../electron/contract/archive.js';
import { describeTarget, parseArchiveTarget, type ArchiveJob, type ArchiveProgress, type ArchiveQueue, type DiscRecord, type DueDisc, type ManualQueueEntry } from '../../electron/core/archive/model.js';

describe('archive contract', () => {
  it('schemas and domain types agree both ways', () => {
    expectTypeOf<DiscRecord>().toExtend<z.input<typeof DiscRecordSchema>>();
    expectTypeOf<z.output<typeof DiscRecordSchema>>().toExtend<DiscRecord>();
    expectTypeOf<ArchiveJob>().toExtend<z.input<typeof ArchiveJobSchema>>();
    expectTypeOf<z.output<typeof ArchiveJobSchema>>().toExtend<ArchiveJob>();
    expectTypeOf<ArchiveProgress>().toExtend<z.input<typeof ArchiveProgressSchema>>();
    expectTypeOf<z.output<typeof ArchiveProgressSchema>>().toExtend<ArchiveProgress>();
    expectTypeOf<ArchiveQueue>().toExtend<z.input<typeof ArchiveQueueSchema>>();
    expectTypeOf<ManualQueueEntry>().toExtend<z.input<typeof ManualQueueEntrySchema>>();
    expectTypeOf<DueDisc>().toExtend<z.input<typeof DueDiscSchema>>();
  });

  it('knows its command names and refuses unknown fields and control characters', () => {
    expect(archiveCommandNames).toEqual(['archive.queue', 'archive.queueAdd', 'archive.start', 'archive.job', 'archive.discs', 'archive.disc', 'archive.verify', 'archive.shelve']);
    expect(isArchiveCommandName('archive.start')).toBe(true);
    expect(isArchiveCommandName('toString')).toBe(false);
    expect(archiveCommands['archive.start'].request.safeParse({ caseNumber: 'x', target: '/t', extra: 1 }).success).toBe(false);
    expect(archiveCommands['archive.shelve'].request.safeParse({ discId: 'd', shelf: 'a\u0007b' }).success).toBe(false);
    expect(archiveCommands['archive.start'].request.safeParse({ clipIds: ['../etc/passwd'], target: '/t' }).success).toBe(false);
  });
});

describe('targets as typed by the clerk', () => {
  it('reads image files, recorders and folders', () => {
    expect(parseArchiveTarget('stdio:/srv/case.iso')).toEqual({ kind: 'image', path: '/srv/case.iso' });
    expect(parseArchiveTarget('/dev/sr0')).toEqual({ kind: 'optical', device: '/dev/sr0' });
    expect(parseArchiveTarget('e:')).toEqual({ kind: 'optical', device: 'E:' });
    expect(parseArchiveTarget('optical:1')).toEqual({ kind: 'optical', device: '1' });
    expect(parseArchiveTarget('F:\\证据备份')).toEqual({ kind: 'folder', path: 'F:\\证据备份' });
    expect(parseArchiveTarget('/media/usb/证据备份')).toEqual({ kind: 'folder', path: '/media/usb/证据备份' });
    expect(parseArchiveTarget('  ')).toBeUndefined();
    expect(parseArchiveTarget('stdio:')).toBeUndefined();
    expect(describeTarget({ kind: 'image', path: '/a.iso' })).toBe('stdio:/a.iso');
    expect(resolveTargetText('/dev/sr0')).toBe('/dev/sr0');
    expect(resolveTargetText('stdio:case.iso')).toBe(`stdio:${process.cwd()}/case.iso`);
  });
});

describe('command line words', () => {
  it('one progress line: step, disc, percent, speed, ETA', () => {
    const base = { jobId: 'j', setId: 's', copy: 1, copies: 2, disc: 2, discs: 3, bytesDone: 2_500_000, bytesTotal: 10_000_000, speed: 12_300_000, etaSeconds: 80 };
    expect(progressLine('zh', { ...base, step: 'burning' })).toBe('[刻录] 副本A 第2/3张 25.0% 12.3 MB/s 剩余 1分20秒');
    expect(progressLine('en', { ...base, step: 'verifying' })).toBe('[verifying] copy A disc 2/3 25.0% 12.3 MB/s ETA 1m20s');
    expect(progressLine('zh', { ...base, step: 'waiting-for-media', bytesDone: 0, speed: 0, message: 'insert blank disc 2 of 3 (copy A)' })).toBe('[等待放入空白光盘] 副本A 第2/3张 0.0% 剩余 1分20秒 (insert blank disc 2 of 3 (copy A))');
  });

  it('words the archive’s failures, falling back to the station’s', () => {
    expect(archiveErrorText('zh', { code: 'ARCHIVE_BURN_FAILED', message: '', params: { reason: 'media-too-small', toolMessage: 'Image size 9952s exceeds free space on media 8160s' } })).toBe('刻录失败（光盘容量不足）：Image size 9952s exceeds free space on media 8160s。归档队列未改变。');
    expect(archiveErrorText('zh', { code: 'DISK_FULL', message: '', params: { needed: 2 * 1024 ** 3, free: 1024 ** 3 } })).toBe('目标磁盘空间不足：需要 2.00 GB，可用 1.00 GB。未登记任何副本。');
    expect(archiveErrorText('en', { code: 'UNAUTHORIZED', message: '', params: {} })).toBe('Identify yourself first.');
  });
});
