/**
 * MediaProbe on ffprobe (video, audio, unknown files) and sharp (photos: dimensions and EXIF time,
 * which ffprobe does not report). Read-only: the file is only ever opened for reading.
 *
 * Bad media never throws; it comes back with `damaged` set. A missing ffprobe does throw
 * (MediaToolMissingError): recording "damaged" for a healthy original would be a false statement
 * about evidence, while an error makes the misconfigured station visible.
 */
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { MediaInfo, MediaKind } from '../../core/domain/clip.js';
import type { MediaProbe } from '../../core/ports.js';
import { captureTimeToIso, readExifCaptureTime } from './exif-date.js';
import { MediaToolLocator } from './ffmpeg-binary.js';
import { classifyFfprobeError, damagedMediaInfo, parseFfprobeJson } from './parse-ffprobe.js';
import { rasterImageFormat, SIGNATURE_BYTES } from './raster-image-signature.js';
import { readFileHead } from './read-file-head.js';
import { runMediaTool } from './run-media-tool.js';
import { localFileUrl, untrustedInputOptions } from './untrusted-input.js';

export interface FfprobeMediaProbeOptions {
  /** Explicit ffprobe path; otherwise EVIDENCE_FFPROBE, then PATH. */
  ffprobePath?: string;
  env?: NodeJS.ProcessEnv;
  /** ffprobe reads headers only, so a healthy file answers in well under a second. */
  timeoutMs?: number;
}

/** Enough for JSON of files with dozens of streams and long tag lists. */
const FFPROBE_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The exact ffprobe command line, exported so fixture recording uses the same one. */
export function ffprobeArguments(filePath: string): string[] {
  return [
    '-hide_banner', '-v', 'error',
    ...untrustedInputOptions(),
    '-print_format', 'json', '-show_format', '-show_streams',
    '-i', localFileUrl(filePath),
  ];
}

export class FfprobeMediaProbe implements MediaProbe {
  private readonly ffprobe: MediaToolLocator;
  private readonly timeoutMs: number;

  constructor(options: FfprobeMediaProbeOptions = {}) {
    this.ffprobe = new MediaToolLocator('ffprobe', options.ffprobePath, options.env);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async probe(path: string, kind: MediaKind): Promise<MediaInfo> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) return damagedMediaInfo(kind, 'unreadable');
      size = info.size;
    } catch {
      return damagedMediaInfo(kind, 'unreadable');
    }
    // ffprobe would blame a missing index for an empty file; the plain truth is more useful.
    if (size === 0) return kind === 'other' ? { kind } : damagedMediaInfo(kind, 'empty-file');
    return kind === 'photo' ? probePhoto(path) : this.probeWithFfprobe(path, kind);
  }

  private async probeWithFfprobe(path: string, kind: MediaKind): Promise<MediaInfo> {
    const executable = await this.ffprobe.locate();
    const run = await runMediaTool(executable, ffprobeArguments(path), {
      tool: 'ffprobe',
      timeoutMs: this.timeoutMs,
      maxOutputBytes: FFPROBE_MAX_OUTPUT_BYTES,
    });
    if (run.failure === undefined) return parseFfprobeJson(run.stdout.toString('utf8'), kind);
    // A file of unknown type that ffprobe cannot read is just not media.
    if (kind === 'other') return { kind };
    if (run.failure === 'timed-out') return damagedMediaInfo(kind, 'timed-out');
    return damagedMediaInfo(kind, run.failure === 'exit-status' ? classifyFfprobeError(run.stderr) : 'unreadable');
  }
}

/** Photos: display dimensions (after EXIF rotation) and the capture time from EXIF. */
async function probePhoto(path: string): Promise<MediaInfo> {
  try {
    if (rasterImageFormat(await readFileHead(path, SIGNATURE_BYTES)) === undefined) {
      return damagedMediaInfo('photo', 'format-not-accepted');
    }
    const metadata = await sharp(path, { failOn: 'none' }).metadata();
    const info: MediaInfo = { kind: 'photo' };
    const width = metadata.autoOrient?.width ?? metadata.width;
    const height = metadata.autoOrient?.height ?? metadata.height;
    if (width > 0 && height > 0) {
      info.width = width;
      info.height = height;
    }
    const captureTime = metadata.exif === undefined ? undefined : readExifCaptureTime(metadata.exif);
    const recordedAt = captureTime === undefined ? undefined : captureTimeToIso(captureTime);
    if (recordedAt !== undefined) info.recordedAt = recordedAt;
    return info;
  } catch {
    return damagedMediaInfo('photo', 'image-undecodable');
  }
}
