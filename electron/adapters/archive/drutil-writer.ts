/**
 * Burning on macOS: hdiutil makehybrid builds the image from the staged bag, drutil burns it and mounts
 * the disc, the read-back reads every file from the mounted volume. Not runnable on the Linux CI
 * machines; the command lines and parsers (native/macos/drutil.ts) are unit-tested.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError, BurnFailedError } from '../../core/archive/errors.js';
import { mediaCapacityBytes, SECTOR_BYTES, type ArchiveTarget, type DiscFile, type MediaSizeId } from '../../core/archive/model.js';
import type { DiscWriter, ReadBackProgress, ReadBackReport, TargetCapacity, WriteProgress, WriteRequest, WrittenDisc } from '../../core/archive/ports.js';
import { classifyDrutilFailure, DRUTIL, drutilBurnArgs, drutilEjectArgs, drutilStatusArgs, HDIUTIL, makeHybridArgs, parseDrutilBurnLine, parseDrutilStatus } from '../../../native/macos/drutil.js';
import { readBackFolder } from './folder-target.js';
import { runTool } from './tool-process.js';

export interface DrutilWriterOptions {
  scratchDir: string;
}

type Optical = Extract<ArchiveTarget, { kind: 'optical' }>;

export class DrutilDiscWriter implements DiscWriter {
  readonly kind = 'optical' as const;

  constructor(
    readonly target: Optical,
    private readonly options: DrutilWriterOptions,
  ) {}

  private get drive(): string {
    return this.target.device.replace(/^drutil:/, '') || '1';
  }

  async capacity(media: MediaSizeId | undefined, signal?: AbortSignal): Promise<TargetCapacity> {
    const run = await runTool(DRUTIL, drutilStatusArgs(this.drive), signal === undefined ? {} : { signal });
    const status = parseDrutilStatus(run.lines.join('\n'));
    if (!status.present) {
      if (media !== undefined) return { capacityBytes: mediaCapacityBytes(media), media, single: false };
      throw new ArchiveError('ARCHIVE_NO_MEDIA', `no disc in drive ${this.drive}`, { device: this.target.device });
    }
    if (!status.blank) throw new ArchiveError('ARCHIVE_MEDIA_NOT_BLANK', `the disc in drive ${this.drive} is not blank`, { device: this.target.device });
    return { capacityBytes: (status.freeBlocks ?? 0) * SECTOR_BYTES || (media ? mediaCapacityBytes(media) : 0), ...(media === undefined ? {} : { media }), single: false };
  }

  async write(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<WrittenDisc> {
    const { disc } = request;
    const image = path.join(this.options.scratchDir, `${disc.discId}.iso`);
    const largest = disc.files.reduce((max, file) => Math.max(max, file.size), 0);
    try {
      const made = await runTool(HDIUTIL, makeHybridArgs({ source: disc.root, output: image, volumeName: disc.volumeId, largestFileBytes: largest }), signal === undefined ? {} : { signal });
      if (made.exitCode !== 0) throw new BurnFailedError('source-unreadable', `hdiutil makehybrid: ${made.lines.slice(-2).join(' ')}`);
      let failure: string | undefined;
      const burnt = await runTool(DRUTIL, drutilBurnArgs(this.drive, image), {
        onLine: (text) => {
          const line = parseDrutilBurnLine(text);
          if (line?.kind === 'progress') onProgress({ phase: 'writing', bytesDone: Math.round((disc.bytes * line.percent) / 100), bytesTotal: disc.bytes });
          if (line?.kind === 'failed') failure = line.message;
        },
        ...(signal === undefined ? {} : { signal }),
      });
      if (failure !== undefined || burnt.exitCode !== 0) {
        const message = failure ?? burnt.lines.slice(-2).join(' ');
        throw new BurnFailedError(classifyDrutilFailure(message), message, { drive: this.drive });
      }
    } finally {
      await rm(image, { force: true });
    }
    return { location: path.posix.join('/Volumes', disc.volumeId), volumeId: disc.volumeId, bytesWritten: disc.bytes };
  }

  readBack(location: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal?: AbortSignal): Promise<ReadBackReport> {
    // macOS has no O_DIRECT (F_NOCACHE is not reachable from Node); the disc was mounted fresh by drutil.
    return readBackFolder(location, expected, onProgress, signal, false);
  }

  async release(): Promise<void> {
    await runTool(DRUTIL, drutilEjectArgs(this.drive));
  }
}
