/**
 * A visible mark on a party's COPY (never on the original): ffmpeg re-encodes the vault file into a new
 * file with the recipient and request number drawn over the picture (drawtext, a CJK font). The text
 * goes through a file (`textfile`), so no name can break out of the filter syntax.
 */
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../core/domain/errors.js';
import type { CjkFont } from '../archive/font-locator.js';
import { MediaToolLocator } from '../media/ffmpeg-binary.js';
import { runMediaTool } from '../media/run-media-tool.js';
import { localFileUrl, untrustedInputOptions } from '../media/untrusted-input.js';

/** Escapes a value for an ffmpeg filter option ('\' and ':' and quotes). */
export function filterValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "'\\\\''").replace(/:/g, '\\:')}'`;
}

export function drawtextFilter(fontPath: string, textFile: string): string {
  return [
    `drawtext=fontfile=${filterValue(fontPath)}`,
    `textfile=${filterValue(textFile)}`,
    'fontcolor=white@0.85',
    'fontsize=max(16\\,h/18)',
    'box=1',
    'boxcolor=black@0.45',
    'boxborderw=8',
    'x=(w-text_w)/2',
    'y=h-text_h-h/16',
  ].join(':');
}

/** The copy's name: video becomes MP4 (H.264), a photo JPEG. */
export function watermarkedName(fileName: string, kind: string): string {
  const base = fileName.replace(/\.[^.]*$/, '');
  return `${base}${kind === 'photo' ? '.jpg' : '.mp4'}`;
}

export class FfmpegWatermarker {
  private readonly ffmpeg: MediaToolLocator;

  constructor(ffmpegPath?: string) {
    this.ffmpeg = new MediaToolLocator('ffmpeg', ffmpegPath);
  }

  async mark(source: string, destination: string, kind: string, text: string, font: CjkFont): Promise<void> {
    const textFile = path.join(path.dirname(destination), `.${path.basename(destination)}.mark.txt`);
    await writeFile(textFile, text, { encoding: 'utf8', flag: 'wx' });
    try {
      const executable = await this.ffmpeg.locate().catch((error: unknown) => {
        throw new StationError('WATERMARK_FAILED', `ffmpeg is not available: ${error instanceof Error ? error.message : String(error)}`, { reason: 'tool-missing' });
      });
      const output = kind === 'photo' ? ['-frames:v', '1', '-q:v', '2', '-f', 'image2'] : ['-map', '0:v:0', '-map', '0:a?', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', '-f', 'mp4'];
      const args = ['-nostdin', '-hide_banner', '-v', 'error', ...untrustedInputOptions(), '-i', localFileUrl(source), '-vf', drawtextFilter(font.path, textFile), ...output, '-n', localFileUrl(destination)];
      const result = await runMediaTool(executable, args, { tool: 'ffmpeg', timeoutMs: 6 * 3_600_000, maxOutputBytes: 1024 * 1024 });
      if (result.failure) {
        const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
        if (/No space left on device/i.test(result.stderr)) throw Object.assign(new Error(tail), { code: 'ENOSPC' });
        throw new StationError('WATERMARK_FAILED', `marking the copy failed (${result.failure}): ${tail}`, { reason: result.failure, tool: tail });
      }
    } finally {
      await rm(textFile, { force: true });
    }
  }
}
