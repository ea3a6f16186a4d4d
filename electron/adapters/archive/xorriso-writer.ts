/**
 * Burning on Linux with xorriso: to an optical recorder (/dev/sr0) or to xorriso's stdio pseudo-drive,
 * an ISO image file (`stdio:/path/x.iso`). Command lines and output parsers live in native/linux/;
 * this adapter only runs them.
 *
 * Read-back goes through the medium, never the staging folder: xorriso lists every file on the disc
 * (with its extents) and osirrox extracts them, a batch at a time, into a scratch folder where each is
 * hashed and deleted. With a recorder the bytes come off the disc (SCSI reads, no page cache); with a
 * stdio image they come from the image file, possibly through the page cache (fromDevice: false).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError, BurnFailedError } from '../../core/archive/errors.js';
import { MEDIA_SIZES, mediaCapacityBytes, SECTOR_BYTES, type ArchiveTarget, type DiscFile, type MediaSizeId } from '../../core/archive/model.js';
import type { DiscWriter, ReadBackFile, ReadBackProgress, ReadBackReport, TargetCapacity, WriteProgress, WriteRequest, WrittenDisc } from '../../core/archive/ports.js';
import { burnArgs, ejectArgs, extractArgs, imagePathFor, listFilesArgs, mediaArgs, xorrisoDevice } from '../../../native/linux/xorriso-commands.js';
import { classifyFailure, filesFromExtents, parseExtracted, parseMediaInfo, parseProgressLine, parseReportLba, parseRestoreLine, parseVolumeId, type MediaInfo } from '../../../native/linux/xorriso-output.js';
import { hashFile } from './hash-file.js';
import { runTool, type ToolRun } from './tool-process.js';

export interface XorrisoWriterOptions {
  /** Scratch space for read-back extraction (inside the data folder). */
  scratchDir: string;
  executable?: string;
  applicationId?: string;
  publisher?: string;
  /** How long to wait for the clerk to insert a blank disc. */
  mediaWaitMs?: number;
  mediaPollMs?: number;
  /** Scratch bytes one extraction batch may use. */
  batchBytes?: number;
}

const INSTALL_HINT = 'install xorriso (Debian/Ubuntu: apt-get install xorriso)';
/** xorriso's own setting for stdio devices: what it reports is the filesystem's free space. */
const UTF8_ENV = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };

type XorrisoTarget = Extract<ArchiveTarget, { kind: 'optical' | 'image' }>;

export class XorrisoDiscWriter implements DiscWriter {
  readonly kind: 'optical' | 'image';

  constructor(
    readonly target: XorrisoTarget,
    private readonly options: XorrisoWriterOptions,
  ) {
    this.kind = target.kind;
  }

  async capacity(media: MediaSizeId | undefined, signal?: AbortSignal): Promise<TargetCapacity> {
    if (this.target.kind === 'image') {
      const folder = path.dirname(this.target.path);
      const info = await stat(folder).catch(() => undefined);
      if (info === undefined || !info.isDirectory()) throw new ArchiveError('ARCHIVE_TARGET_INVALID', `the folder for the image, ${folder}, does not exist`, { path: folder });
      if (await exists(this.target.path)) throw new ArchiveError('ARCHIVE_TARGET_EXISTS', `${this.target.path} already exists; an image is never overwritten`, { path: this.target.path });
      if (media !== undefined) return { capacityBytes: mediaCapacityBytes(media), media, single: false };
      // No media named: one image, as large as the disk allows (capped at the largest disc).
      const fs = await statfs(folder);
      return { capacityBytes: Math.min(fs.bavail * fs.bsize, mediaCapacityBytes('bd100')), single: false };
    }
    const info = await this.media(signal);
    if (info.status === 'absent') {
      if (media !== undefined) return { capacityBytes: mediaCapacityBytes(media), media, single: false };
      throw new ArchiveError('ARCHIVE_NO_MEDIA', `no disc in ${this.target.device}: insert a blank disc, or name the media size`, { device: this.target.device });
    }
    if (info.status !== 'blank') throw new ArchiveError('ARCHIVE_MEDIA_NOT_BLANK', `the disc in ${this.target.device} is not blank (${info.status}); evidence discs are written once, on blank media`, { device: this.target.device, status: info.status });
    const capacityBytes = info.freeSectors !== undefined ? info.freeSectors * SECTOR_BYTES : media !== undefined ? mediaCapacityBytes(media) : 0;
    if (capacityBytes <= 0) throw new ArchiveError('ARCHIVE_NO_MEDIA', `cannot tell how much the disc in ${this.target.device} holds`, { device: this.target.device });
    const detected = media ?? guessMedia(capacityBytes);
    return { capacityBytes, ...(detected === undefined ? {} : { media: detected }), single: false };
  }

  async write(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<WrittenDisc> {
    const { disc } = request;
    let location: string;
    if (this.target.kind === 'image') {
      location = imagePathFor(this.target.path, request.index, request.count);
      if (await exists(location)) throw new ArchiveError('ARCHIVE_TARGET_EXISTS', `${location} already exists; an image is never overwritten`, { path: location });
    } else {
      location = this.target.device;
      await this.waitForBlankMedia(request, onProgress, signal);
    }
    const device = this.target.kind === 'image' ? `stdio:${location}` : location;
    onProgress({ phase: 'writing', bytesDone: 0, bytesTotal: disc.bytes });
    let run: ToolRun;
    try {
      run = await this.xorriso(
        burnArgs({ device, sourceRoot: disc.root, volumeId: disc.volumeId, volumeSetId: disc.discId.replace(/-[A-Z]\d+$/, ''), ...(this.options.publisher ? { publisher: this.options.publisher } : {}), applicationId: this.options.applicationId ?? 'EVIDENCE STATION' }),
        (line) => {
          const progress = parseProgressLine(line);
          if (progress !== undefined) onProgress({ phase: 'writing', bytesDone: Math.min(progress.sectors * SECTOR_BYTES, disc.bytes), bytesTotal: disc.bytes });
        },
        signal,
      );
    } catch (error) {
      if (this.target.kind === 'image') await rm(location, { force: true });
      throw error;
    }
    if (run.exitCode !== 0) {
      // A half-written image is not evidence: remove it. A half-burnt disc stays in the drive, named by the error.
      if (this.target.kind === 'image') await rm(location, { force: true });
      const failure = classifyFailure(run.lines, run.exitCode);
      if (this.target.kind === 'image' && (failure.reason === 'media-too-small' || /No space left/.test(failure.message))) {
        const needed = Number(failure.params.neededSectors ?? 0) * SECTOR_BYTES || disc.bytes;
        const free = Number(failure.params.freeSectors ?? 0) * SECTOR_BYTES;
        throw new ArchiveError('DISK_FULL', `no room for the image ${location}: ${failure.message}`, { needed, free, file: location, reason: failure.reason, toolMessage: failure.message });
      }
      throw new BurnFailedError(failure.reason, failure.message, { ...failure.params, device });
    }
    onProgress({ phase: 'writing', bytesDone: disc.bytes, bytesTotal: disc.bytes });
    const bytesWritten = this.target.kind === 'image' ? (await stat(location)).size : disc.bytes;
    return { location, volumeId: disc.volumeId, bytesWritten };
  }

  async readBack(location: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal?: AbortSignal): Promise<ReadBackReport> {
    const device = this.deviceOf(location);
    if (this.target.kind === 'image' && !(await exists(location))) throw new ArchiveError('ARCHIVE_READ_BACK_FAILED', `the image ${location} is gone`, { path: location });
    const listing = await this.xorriso(listFilesArgs(device), undefined, signal);
    if (listing.exitCode !== 0) {
      const failure = classifyFailure(listing.lines, listing.exitCode);
      throw new ArchiveError('ARCHIVE_READ_BACK_FAILED', `cannot read the disc in ${location}: ${failure.message}`, { location, reason: failure.reason });
    }
    const text = listing.lines.join('\n');
    const onDisc = new Map(filesFromExtents(parseReportLba(text)).map((file) => [file.path, file]));
    const wanted = new Set(expected.map((file) => `/${file.path}`));
    const unexpected = [...onDisc.keys()].filter((isoPath) => !wanted.has(isoPath)).map((isoPath) => isoPath.slice(1));

    const bytesTotal = expected.reduce((n, file) => n + file.size, 0);
    let bytesDone = 0;
    const files: ReadBackFile[] = [];
    const scratch = path.join(this.options.scratchDir, `readback-${randomBytes(6).toString('hex')}`);
    await mkdir(scratch, { recursive: true });
    try {
      const present = expected.filter((file) => onDisc.has(`/${file.path}`));
      for (const batch of batches(present, this.options.batchBytes ?? 2 * 1024 ** 3)) {
        signal?.throwIfAborted();
        const pairs = batch.map((file, i) => ({ file, isoPath: `/${file.path}`, diskPath: path.join(scratch, `${i}`) }));
        const run = await this.xorriso(extractArgs(device, pairs), (line) => {
          const restored = parseRestoreLine(line);
          if (restored !== undefined) onProgress({ bytesDone: bytesDone + Math.floor(restored.bytes / 2), bytesTotal });
        }, signal);
        const batchText = run.lines.join('\n');
        const extracted = new Set(parseExtracted(batchText));
        const failure = run.exitCode === 0 ? undefined : classifyFailure(run.lines, run.exitCode).message;
        for (const pair of pairs) {
          signal?.throwIfAborted();
          if (!extracted.has(pair.isoPath) && !(await exists(pair.diskPath))) {
            files.push({ path: pair.file.path, error: failure ?? 'not extracted from the disc' });
          } else {
            try {
              const hashed = await hashFile(pair.diskPath, (n) => onProgress({ bytesDone: (bytesDone += n), bytesTotal, currentFile: pair.file.path }), signal);
              files.push({ path: pair.file.path, ...hashed });
            } catch (error) {
              if (signal?.aborted) throw error;
              files.push({ path: pair.file.path, error: error instanceof Error ? error.message : String(error) });
            }
          }
          await rm(pair.diskPath, { force: true });
        }
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    const volumeId = parseVolumeId(text);
    return { ...(volumeId === undefined ? {} : { volumeId }), files, unexpected, fromDevice: this.target.kind === 'optical' };
  }

  async release(location: string): Promise<void> {
    if (this.target.kind === 'optical') await this.xorriso(ejectArgs(this.deviceOf(location)));
  }

  /** The medium now in the drive. */
  async media(signal?: AbortSignal): Promise<MediaInfo> {
    const run = await this.xorriso(mediaArgs(xorrisoDevice(this.target)), undefined, signal);
    return parseMediaInfo(run.lines.join('\n'));
  }

  private async waitForBlankMedia(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + (this.options.mediaWaitMs ?? 30 * 60_000);
    for (let asked = false; ; asked = true) {
      const info = await this.media(signal);
      if (info.status === 'blank') {
        const free = (info.freeSectors ?? 0) * SECTOR_BYTES;
        if (info.freeSectors !== undefined && free < request.disc.bytes) {
          throw new ArchiveError('ARCHIVE_MEDIA_TOO_SMALL', `the disc in ${this.target.kind === 'optical' ? this.target.device : ''} holds ${free} bytes, disc ${request.index} needs ${request.disc.bytes}`, { needed: request.disc.bytes, free });
        }
        return;
      }
      if (Date.now() > deadline) throw new ArchiveError('ARCHIVE_NO_MEDIA', `no blank disc was inserted for disc ${request.index} of ${request.count}`, { index: request.index, count: request.count, status: info.status });
      if (!asked || info.status !== 'absent') {
        onProgress({ phase: 'waiting-for-media', bytesDone: 0, bytesTotal: request.disc.bytes, message: `insert blank disc ${request.index} of ${request.count} (copy ${String.fromCharCode(64 + request.copy)})${info.status === 'absent' ? '' : `; the disc in the drive is ${info.status}`}` });
      }
      await delay(this.options.mediaPollMs ?? 5000, signal);
    }
  }

  private deviceOf(location: string): string {
    return this.target.kind === 'image' ? `stdio:${location}` : location;
  }

  private xorriso(args: string[], onLine?: (line: string) => void, signal?: AbortSignal): Promise<ToolRun> {
    return runTool(this.options.executable ?? 'xorriso', args, {
      env: { ...process.env, ...UTF8_ENV },
      installHint: INSTALL_HINT,
      ...(onLine === undefined ? {} : { onLine }),
      ...(signal === undefined ? {} : { signal }),
    });
  }
}

/** Groups files so one extraction never needs more scratch space than `limit` (a bigger file goes alone). */
function* batches(files: readonly DiscFile[], limit: number): Generator<DiscFile[]> {
  let batch: DiscFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (bytes + file.size > limit || batch.length >= 200)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length > 0) yield batch;
}

/** The smallest known medium that offers at least `bytes` (a drive's free space on blank media). */
function guessMedia(bytes: number): MediaSizeId | undefined {
  const ids = Object.keys(MEDIA_SIZES) as MediaSizeId[];
  return ids.find((id) => bytes <= mediaCapacityBytes(id) * 1.02 && bytes >= mediaCapacityBytes(id) * 0.9);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new ArchiveError('ARCHIVE_ABORTED', 'stopped'));
      },
      { once: true },
    );
  });
}
