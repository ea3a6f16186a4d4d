/**
 * Burning on Windows with IMAPI2, through native/windows/imapi2-burn.ps1 run by PowerShell. The staged
 * folder is burnt as it is (ISO 9660 + Joliet + UDF, UDF only for 4 GiB+ files), the tray is reloaded so
 * Windows mounts the fresh disc, and the read-back reads every file from the disc's drive letter.
 * Not runnable on the Linux CI machines; its command lines and output parser are unit-tested.
 */
import { ArchiveError, BurnFailedError } from '../../core/archive/errors.js';
import { mediaCapacityBytes, SECTOR_BYTES, type ArchiveTarget, type DiscFile, type MediaSizeId } from '../../core/archive/model.js';
import type { DiscWriter, ReadBackProgress, ReadBackReport, TargetCapacity, WriteProgress, WriteRequest, WrittenDisc } from '../../core/archive/ports.js';
import { imapi2BurnArgs, imapi2EjectArgs, imapi2Failure, imapi2InspectArgs, parseImapi2Line, POWERSHELL, progressBytes, type Imapi2Line } from '../../../native/windows/imapi2.js';
import { readBackFolder } from './folder-target.js';
import { runTool } from './tool-process.js';

export interface Imapi2WriterOptions {
  scriptPath: string;
  powershell?: string;
}

type Optical = Extract<ArchiveTarget, { kind: 'optical' }>;

export class Imapi2DiscWriter implements DiscWriter {
  readonly kind = 'optical' as const;

  constructor(
    readonly target: Optical,
    private readonly options: Imapi2WriterOptions,
  ) {}

  async capacity(media: MediaSizeId | undefined, signal?: AbortSignal): Promise<TargetCapacity> {
    const lines = await this.run(imapi2InspectArgs(this.options.scriptPath, this.target.device), undefined, signal);
    const info = lines.find((line): line is Extract<Imapi2Line, { kind: 'media' }> => line.kind === 'media');
    if (info === undefined || !info.present) {
      if (media !== undefined) return { capacityBytes: mediaCapacityBytes(media), media, single: false };
      throw new ArchiveError('ARCHIVE_NO_MEDIA', `no disc in ${this.target.device}`, { device: this.target.device });
    }
    if (!info.blank) throw new ArchiveError('ARCHIVE_MEDIA_NOT_BLANK', `the disc in ${this.target.device} is not blank`, { device: this.target.device });
    return { capacityBytes: info.freeSectors * SECTOR_BYTES, ...(media === undefined ? {} : { media }), single: false };
  }

  async write(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<WrittenDisc> {
    const { disc } = request;
    const largest = disc.files.reduce((max, file) => Math.max(max, file.size), 0);
    let volume: string | undefined;
    await this.run(
      imapi2BurnArgs({ scriptPath: this.options.scriptPath, recorder: this.target.device, source: disc.root, volumeName: disc.volumeId, largestFileBytes: largest }),
      (line) => {
        if (line.kind === 'progress') onProgress({ phase: 'writing', bytesDone: Math.min(progressBytes(line), disc.bytes), bytesTotal: disc.bytes });
        if (line.kind === 'done' && line.volume) volume = line.volume;
      },
      signal,
    );
    return { location: volume ?? `${this.target.device.replace(/\\$/, '')}\\`, volumeId: disc.volumeId, bytesWritten: disc.bytes };
  }

  readBack(location: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal?: AbortSignal): Promise<ReadBackReport> {
    // Windows offers no O_DIRECT from Node; the tray reload after burning gives a freshly mounted volume.
    return readBackFolder(location, expected, onProgress, signal, false);
  }

  async release(): Promise<void> {
    await this.run(imapi2EjectArgs(this.options.scriptPath, this.target.device));
  }

  private async run(args: string[], onLine?: (line: Imapi2Line) => void, signal?: AbortSignal): Promise<Imapi2Line[]> {
    const parsed: Imapi2Line[] = [];
    const result = await runTool(this.options.powershell ?? POWERSHELL, args, {
      installHint: 'Windows PowerShell (powershell.exe) is part of Windows',
      onLine: (text) => {
        const line = parseImapi2Line(text);
        if (line === undefined) return;
        parsed.push(line);
        onLine?.(line);
      },
      ...(signal === undefined ? {} : { signal }),
    });
    const error = parsed.find((line): line is Extract<Imapi2Line, { kind: 'error' }> => line.kind === 'error');
    if (error !== undefined || result.exitCode !== 0) {
      const failure = error ? imapi2Failure(error.hresult, error.message) : { reason: 'unknown' as const, name: `exit ${result.exitCode}`, message: result.lines.slice(-3).join(' ') };
      throw new BurnFailedError(failure.reason, `${failure.name}: ${failure.message}`, { recorder: this.target.device });
    }
    return parsed;
  }
}
