/**
 * Real ffprobe, ffmpeg and sharp on a simulated camera volume in a temp folder: what the probe reads
 * matches what the camera wrote, thumbnails come out 320 px wide, damaged files are described (not
 * thrown) and every input is left byte-identical.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaToolMissingError, resolveMediaTool } from '../../electron/adapters/media/ffmpeg-binary.js';
import { FfmpegSharpThumbnailer } from '../../electron/adapters/media/ffmpeg-sharp-thumbnailer.js';
import { FfprobeMediaProbe } from '../../electron/adapters/media/ffprobe-media-probe.js';
import { DAMAGE_EXPLANATIONS } from '../../electron/adapters/media/parse-ffprobe.js';
import { writeSimulatedCamera, type SimulatedCamera, type SimulatedRecording } from '../../electron/tools/sim-camera.js';
import { sha256File } from '../fixtures/sha256-file.js';

const execFileAsync = promisify(execFile);

let workDir: string;
let camera: SimulatedCamera;
const probe = new FfprobeMediaProbe();
const thumbnailer = new FfmpegSharpThumbnailer();


function recordingsOf(kind: SimulatedRecording['kind']): SimulatedRecording[] {
  return camera.recordings.filter((recording) => recording.kind === kind);
}

function only(kind: SimulatedRecording['kind']): SimulatedRecording {
  const [first] = recordingsOf(kind);
  if (first === undefined) throw new Error(`the simulated camera wrote no ${kind}`);
  return first;
}

async function jpegSize(filePath: string): Promise<{ format: string | undefined; width: number; height: number }> {
  const metadata = await sharp(filePath).metadata();
  return { format: metadata.format, width: metadata.width, height: metadata.height };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'media-test-'));
  camera = await writeSimulatedCamera(path.join(workDir, 'camera'), { clockOffsetMs: 45_000 });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('FfprobeMediaProbe on a simulated camera', () => {
  it('reads each clip: about 3 s, H.264 + AAC, 640x360, and the creation time the camera wrote', async () => {
    const clips = recordingsOf('video');
    expect(clips).toHaveLength(3);
    for (const clip of clips) {
      const info = await probe.probe(clip.absolutePath, 'video');
      expect(info).toMatchObject({ kind: 'video', videoCodec: 'h264', audioCodec: 'aac', width: 640, height: 360 });
      expect(info.durationMs).toBeGreaterThanOrEqual(2900);
      expect(info.durationMs).toBeLessThanOrEqual(3100);
      expect(info.recordedAt).toBe(clip.startedAt);
      expect(info.damaged).toBeUndefined();
    }
  });

  it('reads the photo: dimensions and EXIF capture time (with its +08:00 offset)', async () => {
    const photo = only('photo');
    expect(await probe.probe(photo.absolutePath, 'photo')).toEqual({ kind: 'photo', width: 640, height: 480, recordedAt: photo.startedAt });
  });

  it('reads the audio recording', async () => {
    const info = await probe.probe(only('audio').absolutePath, 'audio');
    expect(info).toMatchObject({ kind: 'audio', audioCodec: 'pcm_s16le' });
    expect(info.durationMs).toBeCloseTo(2000, -2);
  });

  it('reports a clip cut in half (battery died: no moov) as damaged and leaves it byte-identical', async () => {
    const original = await readFile(only('video').absolutePath);
    const truncatedPath = path.join(workDir, 'truncated.MP4');
    await writeFile(truncatedPath, original.subarray(0, Math.floor(original.length / 2)));
    const before = await sha256File(truncatedPath);

    const info = await probe.probe(truncatedPath, 'video');
    expect(info).toEqual({ kind: 'video', damaged: DAMAGE_EXPLANATIONS['missing-index'] });
    expect(info.damaged).toMatch(/no index \(moov/);
    expect(await thumbnailer.thumbnail(truncatedPath, 'video', path.join(workDir, 'thumbs', 'truncated.jpg'))).toBe(false);

    expect(await sha256File(truncatedPath)).toBe(before);
  });

  it('describes an empty file, random bytes, and a playlist disguised as MP4 without throwing', async () => {
    const emptyPath = path.join(workDir, 'empty.MP4');
    const noisePath = path.join(workDir, 'noise.MP4');
    const playlistPath = path.join(workDir, 'playlist.MP4');
    await writeFile(emptyPath, '');
    await writeFile(noisePath, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 251)));
    await writeFile(playlistPath, `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\nfile:${only('video').absolutePath}\n#EXT-X-ENDLIST\n`);

    expect((await probe.probe(emptyPath, 'video')).damaged).toBe(DAMAGE_EXPLANATIONS['empty-file']);
    expect((await probe.probe(noisePath, 'video')).damaged).toBeDefined();
    // The playlist points at a real clip: following it would describe (and thumbnail) other content.
    expect((await probe.probe(playlistPath, 'video')).damaged).toBe(DAMAGE_EXPLANATIONS['format-not-accepted']);
    expect(await thumbnailer.thumbnail(playlistPath, 'video', path.join(workDir, 'thumbs', 'playlist.jpg'))).toBe(false);
    expect((await probe.probe(path.join(workDir, 'does-not-exist.MP4'), 'video')).damaged).toBe(DAMAGE_EXPLANATIONS.unreadable);
  });

  it('does not render an SVG disguised as a .JPG photo (it could pull other files into the thumbnail)', async () => {
    const disguisedPath = path.join(workDir, 'disguised.JPG');
    await writeFile(disguisedPath, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image xlink:href="${only('photo').absolutePath}" width="64" height="64"/></svg>`);
    expect(await probe.probe(disguisedPath, 'photo')).toEqual({ kind: 'photo', damaged: DAMAGE_EXPLANATIONS['format-not-accepted'] });
    expect(await thumbnailer.thumbnail(disguisedPath, 'photo', path.join(workDir, 'thumbs', 'disguised.jpg'))).toBe(false);
  });

  it('treats an unknown non-media file as plain "other", not as damage', async () => {
    const notesPath = path.join(workDir, 'INDEX.DAT');
    await writeFile(notesPath, 'index of recordings\n');
    expect(await probe.probe(notesPath, 'other')).toEqual({ kind: 'other' });
  });

  it('throws a clear error when ffprobe is missing, instead of calling healthy files damaged', async () => {
    const withoutTools = new FfprobeMediaProbe({ env: { PATH: path.join(workDir, 'no-bin') } });
    await expect(withoutTools.probe(only('video').absolutePath, 'video')).rejects.toBeInstanceOf(MediaToolMissingError);
    await expect(withoutTools.probe(only('video').absolutePath, 'video')).rejects.toMatchObject({ code: 'MEDIA_TOOL_MISSING', tool: 'ffprobe' });
  });
});

describe('FfmpegSharpThumbnailer on a simulated camera', () => {
  it('makes a 320 px wide JPEG of a frame of each clip, written atomically', async () => {
    const thumbsDir = path.join(workDir, 'thumbs', 'clips');
    for (const [index, clip] of recordingsOf('video').entries()) {
      const outPath = path.join(thumbsDir, `clip-${index}.jpg`);
      expect(await thumbnailer.thumbnail(clip.absolutePath, 'video', outPath)).toBe(true);
      expect(await jpegSize(outPath)).toEqual({ format: 'jpeg', width: 320, height: 180 });
    }
    expect((await readdir(thumbsDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('makes a thumbnail of the photo', async () => {
    const outPath = path.join(workDir, 'thumbs', 'photo.jpg');
    expect(await thumbnailer.thumbnail(only('photo').absolutePath, 'photo', outPath)).toBe(true);
    expect(await jpegSize(outPath)).toEqual({ format: 'jpeg', width: 320, height: 240 });
  });

  it('uses the first frame of a clip shorter than one second', async () => {
    const shortClip = path.join(workDir, 'short.MP4');
    const ffmpeg = await resolveMediaTool('ffmpeg');
    await execFileAsync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=0.5', '-c:v', 'libx264', '-preset', 'ultrafast', shortClip]);
    const outPath = path.join(workDir, 'thumbs', 'short.jpg');
    expect(await thumbnailer.thumbnail(shortClip, 'video', outPath)).toBe(true);
    expect((await jpegSize(outPath)).width).toBe(320);
  });

  it('makes no thumbnail for audio or unknown files, or over its own source', async () => {
    const audio = only('audio').absolutePath;
    expect(await thumbnailer.thumbnail(audio, 'audio', path.join(workDir, 'thumbs', 'audio.jpg'))).toBe(false);
    expect(await thumbnailer.thumbnail(audio, 'other', path.join(workDir, 'thumbs', 'other.jpg'))).toBe(false);
    const photo = only('photo').absolutePath;
    expect(await thumbnailer.thumbnail(photo, 'photo', photo)).toBe(false);
  });

  it('returns false for video when ffmpeg is missing, while photos (sharp only) still work', async () => {
    const withoutTools = new FfmpegSharpThumbnailer({ env: { PATH: path.join(workDir, 'no-bin') } });
    expect(await withoutTools.thumbnail(only('video').absolutePath, 'video', path.join(workDir, 'thumbs', 'no-ffmpeg.jpg'))).toBe(false);
    expect(await withoutTools.thumbnail(only('photo').absolutePath, 'photo', path.join(workDir, 'thumbs', 'no-ffmpeg-photo.jpg'))).toBe(true);
  });
});

describe('inputs are never modified', () => {
  it('every file of the simulated camera is byte-identical after probing and thumbnailing', async () => {
    const before = new Map<string, string>();
    for (const file of camera.files) before.set(file, await sha256File(file));
    for (const recording of camera.recordings) {
      await probe.probe(recording.absolutePath, recording.kind);
      await thumbnailer.thumbnail(recording.absolutePath, recording.kind, path.join(workDir, 'thumbs', 'again', `${path.basename(recording.absolutePath)}.jpg`));
    }
    for (const file of camera.files) expect(await sha256File(file)).toBe(before.get(file));
  });
});

describe('resolveMediaTool', () => {
  it('finds ffmpeg and ffprobe on PATH', async () => {
    expect(path.isAbsolute(await resolveMediaTool('ffmpeg'))).toBe(true);
    expect(path.isAbsolute(await resolveMediaTool('ffprobe'))).toBe(true);
  });

  it('prefers the explicit environment path and names the variable when it is wrong', async () => {
    const real = await resolveMediaTool('ffprobe');
    expect(await resolveMediaTool('ffprobe', { EVIDENCE_FFPROBE: real, PATH: '' })).toBe(real);
    await expect(resolveMediaTool('ffprobe', { EVIDENCE_FFPROBE: path.join(workDir, 'nope'), PATH: process.env.PATH })).rejects.toThrow(/EVIDENCE_FFPROBE/);
  });

  it('ignores relative PATH entries, so a file in the current folder cannot pose as ffmpeg', async () => {
    await expect(resolveMediaTool('ffmpeg', { PATH: '.:bin' })).rejects.toMatchObject({ code: 'MEDIA_TOOL_MISSING' });
  });
});
