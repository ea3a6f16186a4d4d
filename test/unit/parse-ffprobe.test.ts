import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MediaKind } from '../../electron/core/domain/clip.js';
import { DAMAGE_EXPLANATIONS, classifyFfprobeError, normaliseRecordedAt, parseFfprobeJson, parseFrameRate } from '../../electron/adapters/media/parse-ffprobe.js';

/** Output recorded by test/fixtures/ffprobe/record-ffprobe-fixtures.ts with the adapter's own command line. */
function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ffprobe/${name}`, import.meta.url), 'utf8');
}

function parseFixture(name: string, kind: MediaKind): ReturnType<typeof parseFfprobeJson> {
  return parseFfprobeJson(fixture(`${name}.json`), kind);
}

describe('parseFfprobeJson on recorded ffprobe output', () => {
  it('describes a simulated camera clip: H.264 + AAC, 640x360, 3 s, camera creation time', () => {
    expect(parseFixture('h264-aac-clip', 'video')).toEqual({
      kind: 'video',
      durationMs: 3000,
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 640,
      height: 360,
      frameRate: 25,
      recordedAt: '2025-03-01T02:15:30.000Z',
    });
  });

  it('reads the frame rate as a fraction, preferring the average rate, and leaves it out when unknown', () => {
    const stream = (avg: string, r: string) => ({ codec_type: 'video', avg_frame_rate: avg, r_frame_rate: r });
    expect(parseFrameRate(stream('30000/1001', '60000/1001'))).toBe(29.97);
    expect(parseFrameRate(stream('0/0', '25/1'))).toBe(25);
    expect(parseFrameRate(stream('0/0', '0/0'))).toBeUndefined();
    expect(parseFrameRate(stream('90000/1', '90000/1'))).toBeUndefined();
    expect(parseFrameRate({ codec_type: 'video' })).toBeUndefined();
    expect(parseFixture('jpeg-photo', 'photo').frameRate).toBeUndefined();
  });

  it('reports display dimensions of a clip rotated by its display matrix, and no date when none was written', () => {
    const info = parseFixture('rotated-90-clip-no-date', 'video');
    expect(info).toMatchObject({ width: 360, height: 640, videoCodec: 'h264' });
    expect(info.recordedAt).toBeUndefined();
    expect(info.damaged).toBeUndefined();
  });

  it('reads Matroska: creation time from its upper-case tag family, duration from the container', () => {
    expect(parseFixture('matroska-clip', 'video')).toMatchObject({ durationMs: 3064, recordedAt: '2025-03-01T03:00:00.000Z', videoCodec: 'h264' });
  });

  it('does not mistake cover art in an audio file for video', () => {
    const info = parseFixture('mp3-with-cover-art', 'audio');
    expect(info).toEqual({ kind: 'audio', durationMs: 1152, audioCodec: 'mp3' });
  });

  it('describes a WAV recording', () => {
    expect(parseFixture('pcm-wav-audio', 'audio')).toEqual({ kind: 'audio', durationMs: 2000, audioCodec: 'pcm_s16le' });
  });

  it('recognises a still image by content and reports no duration or video codec for it', () => {
    for (const hint of ['other', 'video'] as const) {
      expect(parseFixture('jpeg-photo', hint)).toEqual({ kind: 'photo', width: 640, height: 480 });
    }
  });

  it('keeps the file-name kind, but fills it in from content when the name said nothing', () => {
    expect(parseFixture('h264-aac-clip', 'other').kind).toBe('video');
    expect(parseFixture('pcm-wav-audio', 'other').kind).toBe('audio');
  });
});

describe('parseFfprobeJson on unusable output', () => {
  it('reports output that is not JSON as damage instead of throwing', () => {
    expect(parseFfprobeJson('{ truncated', 'video').damaged).toBe(DAMAGE_EXPLANATIONS.unreadable);
  });

  it('reports a recording without audio or video tracks, but treats an unknown file without them as plain non-media', () => {
    expect(parseFfprobeJson('{"streams":[],"format":{}}', 'video').damaged).toBe(DAMAGE_EXPLANATIONS['no-media-streams']);
    expect(parseFfprobeJson('{"streams":[],"format":{}}', 'other')).toEqual({ kind: 'other' });
  });

  it('falls back to a stream creation time when the container has none', () => {
    const json = JSON.stringify({
      streams: [{ codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, tags: { creation_time: '2024-12-31T23:59:58.000000Z' } }],
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.5' },
    });
    expect(parseFfprobeJson(json, 'video')).toEqual({ kind: 'video', durationMs: 10500, videoCodec: 'hevc', width: 1920, height: 1080, recordedAt: '2024-12-31T23:59:58.000Z' });
  });
});

describe('normaliseRecordedAt', () => {
  it('drops the "not set" epochs but keeps a genuinely wrong camera clock', () => {
    expect(normaliseRecordedAt('1904-01-01T00:00:00.000000Z')).toBeUndefined();
    expect(normaliseRecordedAt('1970-01-01T00:00:00.000000Z')).toBeUndefined();
    expect(normaliseRecordedAt('not a date')).toBeUndefined();
    expect(normaliseRecordedAt('2000-01-01T00:00:07.000000Z')).toBe('2000-01-01T00:00:07.000Z');
  });
});

describe('classifyFfprobeError on recorded stderr', () => {
  it('explains a truncated MP4 (recording stopped abruptly, no moov index)', () => {
    const cause = classifyFfprobeError(fixture('truncated-mp4.stderr.txt'));
    expect(cause).toBe('missing-index');
    expect(DAMAGE_EXPLANATIONS[cause]).toMatch(/no index \(moov/);
    expect(DAMAGE_EXPLANATIONS[cause]).toMatch(/original is kept unchanged/);
  });

  it('names a playlist disguised as MP4 as a format the station does not open', () => {
    expect(classifyFfprobeError(fixture('disguised-hls-playlist.stderr.txt'))).toBe('format-not-accepted');
  });

  it('names random bytes as unrecognisable content', () => {
    expect(classifyFfprobeError(fixture('random-bytes.stderr.txt'))).toBe('unrecognised-content');
  });

  it('falls back to "unreadable" for anything else', () => {
    expect(classifyFfprobeError('something unexpected')).toBe('unreadable');
  });
});
