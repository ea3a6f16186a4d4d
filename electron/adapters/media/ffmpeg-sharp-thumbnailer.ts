/**
 * Thumbnailer: ffmpeg grabs one video frame as PNG on stdout (no temporary frame files), sharp turns
 * it (or a photo) into a small JPEG. Thumbnails are derived data and can always be made again from
 * the vault, so any failure - bad media, or even a missing ffmpeg - is `false`, never an exception.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { MediaKind } from '../../core/domain/clip.js';
import type { Thumbnailer } from '../../core/ports.js';
import { MediaToolLocator } from './ffmpeg-binary.js';
import { rasterImageFormat, SIGNATURE_BYTES } from './raster-image-signature.js';
import { readFileHead } from './read-file-head.js';
import { runMediaTool } from './run-media-tool.js';
import { localFileUrl, untrustedInputOptions } from './untrusted-input.js';

export interface FfmpegSharpThumbnailerOptions {
  /** Explicit ffmpeg path; otherwise EVIDENCE_FFMPEG, then PATH. */
  ffmpegPath?: string;
  env?: NodeJS.ProcessEnv;
  widthPx?: number;
  jpegQuality?: number;
  timeoutMs?: number;
}

const DEFAULT_WIDTH_PX = 320;
const DEFAULT_JPEG_QUALITY = 75;
const DEFAULT_TIMEOUT_MS = 60_000;
/** Frame time: 1 s in avoids the black/unstable first frames many recorders produce. */
const PREFERRED_FRAME_SECONDS = 1;
/**
 * ffmpeg scales the frame down before PNG-encoding it so a 4K recording does not push a 20 MB PNG
 * through the pipe; sharp then makes the final size.
 */
const FRAME_MAX_WIDTH_PX = 640;
const FRAME_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export class FfmpegSharpThumbnailer implements Thumbnailer {
  private readonly ffmpeg: MediaToolLocator;
  private readonly widthPx: number;
  private readonly jpegQuality: number;
  private readonly timeoutMs: number;

  constructor(options: FfmpegSharpThumbnailerOptions = {}) {
    this.ffmpeg = new MediaToolLocator('ffmpeg', options.ffmpegPath, options.env);
    this.widthPx = options.widthPx ?? DEFAULT_WIDTH_PX;
    this.jpegQuality = options.jpegQuality ?? DEFAULT_JPEG_QUALITY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async thumbnail(sourcePath: string, kind: MediaKind, outPath: string): Promise<boolean> {
    if (kind !== 'video' && kind !== 'photo') return false;
    // Writing over the source would destroy an original; refuse the mistake outright.
    if (path.resolve(sourcePath) === path.resolve(outPath)) return false;
    try {
      const image = kind === 'video' ? await this.grabVideoFrame(sourcePath) : await acceptedPhoto(sourcePath);
      if (image === undefined) return false;
      await this.writeJpeg(image, outPath);
      return true;
    } catch {
      return false;
    }
  }

  private async grabVideoFrame(videoPath: string): Promise<Buffer | undefined> {
    // A clip shorter than the preferred time yields no frame there; its first frame is the best left.
    return (await this.frameAt(videoPath, PREFERRED_FRAME_SECONDS)) ?? (await this.frameAt(videoPath, 0));
  }

  private async frameAt(videoPath: string, seconds: number): Promise<Buffer | undefined> {
    const executable = await this.ffmpeg.locate();
    const run = await runMediaTool(
      executable,
      [
        '-hide_banner', '-nostdin', '-v', 'error',
        ...untrustedInputOptions(),
        '-ss', String(seconds),
        '-i', localFileUrl(videoPath),
        '-map', '0:v:0', '-an', '-sn', '-dn',
        '-frames:v', '1',
        '-vf', `scale='min(${FRAME_MAX_WIDTH_PX},iw)':-2`,
        '-f', 'image2pipe', '-vcodec', 'png', '-',
      ],
      { tool: 'ffmpeg', timeoutMs: this.timeoutMs, maxOutputBytes: FRAME_MAX_OUTPUT_BYTES },
    );
    return run.failure === undefined && run.stdout.length > 0 ? run.stdout : undefined;
  }

  /** Write beside the target then rename, so a reader never sees half a JPEG. */
  private async writeJpeg(image: Buffer | string, outPath: string): Promise<void> {
    await mkdir(path.dirname(outPath), { recursive: true });
    // A unique temporary name: two jobs thumbnailing the same clip must not share one.
    const temporaryPath = `${outPath}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
    try {
      await sharp(image, { failOn: 'none' })
        .rotate() // applies EXIF orientation of photos; a no-op for PNG frames
        .resize({ width: this.widthPx })
        .jpeg({ quality: this.jpegQuality })
        .toFile(temporaryPath);
      await rename(temporaryPath, outPath);
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
  }
}

/** The photo path, if its bytes are a raster format (see raster-image-signature.ts for why). */
async function acceptedPhoto(photoPath: string): Promise<string | undefined> {
  return rasterImageFormat(await readFileHead(photoPath, SIGNATURE_BYTES)) === undefined ? undefined : photoPath;
}
