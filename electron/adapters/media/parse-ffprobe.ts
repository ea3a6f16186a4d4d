/**
 * Pure interpretation of ffprobe's output (`-print_format json -show_format -show_streams`) and of
 * its error text. No I/O here, so every case is tested on recorded output (test/fixtures/ffprobe).
 */
import type { MediaInfo, MediaKind } from '../../core/domain/clip.js';

/** Why a file could not be described. Stable names; the explanation text is for people. */
export type MediaDamage =
  | 'missing-index'
  | 'empty-file'
  | 'format-not-accepted'
  | 'unrecognised-content'
  | 'no-media-streams'
  | 'image-undecodable'
  | 'timed-out'
  | 'unreadable';

const KEPT = 'The original is kept unchanged.';

export const DAMAGE_EXPLANATIONS: Readonly<Record<MediaDamage, string>> = {
  'missing-index':
    `The file has no index (moov atom), which is typical when recording stopped abruptly (battery ran out or the camera was switched off mid-recording), so it cannot be played as is. ${KEPT}`,
  'empty-file': `The file is empty (0 bytes); the camera created it but wrote no recording into it. ${KEPT}`,
  'format-not-accepted': `The file's content is not a video, audio or photo format the station opens (it may be a disguised playlist or script), so it is not played. ${KEPT}`,
  'unrecognised-content': `The file's content is not a recognisable recording; it is damaged or not a media file. ${KEPT}`,
  'no-media-streams': `The file contains no video or audio track. ${KEPT}`,
  'image-undecodable': `The photo could not be decoded; it is damaged or not an image. ${KEPT}`,
  'timed-out': `Reading the file's media information took too long and was stopped; the file may be damaged. ${KEPT}`,
  'unreadable': `The file could not be read to describe it. ${KEPT}`,
};

export function damagedMediaInfo(kind: MediaKind, damage: MediaDamage): MediaInfo {
  return { kind, damaged: DAMAGE_EXPLANATIONS[damage] };
}

/** Maps ffprobe's stderr (at `-v error`) to the most specific known cause. */
export function classifyFfprobeError(stderr: string): MediaDamage {
  if (/moov atom not found/i.test(stderr)) return 'missing-index';
  if (/not on whitelist/i.test(stderr)) return 'format-not-accepted';
  if (/No such file or directory|Permission denied/i.test(stderr)) return 'unreadable';
  if (/Invalid data found when processing input|could not find codec parameters|End of file/i.test(stderr)) return 'unrecognised-content';
  return 'unreadable';
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectField(source: JsonObject, key: string): JsonObject | undefined {
  const value = source[key];
  return isJsonObject(value) ? value : undefined;
}

function stringField(source: JsonObject | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** ffprobe prints most numbers as strings ("3.000000") and some as numbers; accept both. */
function numberField(source: JsonObject | undefined, key: string): number | undefined {
  const value = source?.[key];
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Tag names differ in case between containers (Matroska writes CREATION_TIME). */
function tagValue(owner: JsonObject | undefined, tagName: string): string | undefined {
  const tags = owner === undefined ? undefined : objectField(owner, 'tags');
  if (tags === undefined) return undefined;
  const wanted = tagName.toLowerCase();
  for (const [name, value] of Object.entries(tags)) {
    if (name.toLowerCase() === wanted && typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

interface ProbedStreams {
  video?: JsonObject;
  audio?: JsonObject;
  count: number;
}

function pickStreams(root: JsonObject): ProbedStreams {
  const list = Array.isArray(root.streams) ? root.streams.filter(isJsonObject) : [];
  // Cover art in audio files is reported as a video stream; it is not footage.
  const isCoverArt = (stream: JsonObject): boolean => numberField(objectField(stream, 'disposition'), 'attached_pic') === 1;
  const video = list.find((stream) => stream.codec_type === 'video' && !isCoverArt(stream));
  const audio = list.find((stream) => stream.codec_type === 'audio');
  return { count: list.length, ...(video === undefined ? {} : { video }), ...(audio === undefined ? {} : { audio }) };
}

/** Rotation the player applies (display matrix); 90/270 means the picture is shown portrait. */
function displayRotationDegrees(video: JsonObject): number {
  const sideData = Array.isArray(video.side_data_list) ? video.side_data_list.filter(isJsonObject) : [];
  const fromMatrix = sideData.map((entry) => numberField(entry, 'rotation')).find((value) => value !== undefined);
  const rotation = fromMatrix ?? numberField(objectField(video, 'tags'), 'rotate') ?? 0;
  return ((Math.round(rotation) % 360) + 360) % 360;
}

/**
 * Frames per second as ffprobe writes it ("30000/1001", "25/1"); "0/0" and absurd values mean unknown.
 * The average rate is preferred: r_frame_rate is the timebase's guess and can be a multiple of it.
 */
export function parseFrameRate(video: JsonObject): number | undefined {
  for (const key of ['avg_frame_rate', 'r_frame_rate']) {
    const match = /^(\d+)\/(\d+)$/.exec(stringField(video, key) ?? '');
    if (!match) continue;
    const rate = Number(match[1]) / Number(match[2]);
    if (Number.isFinite(rate) && rate >= 1 && rate <= 1000) return Math.round(rate * 1000) / 1000;
  }
  return undefined;
}

function durationMsOf(format: JsonObject | undefined, streams: ProbedStreams): number | undefined {
  const seconds = numberField(format, 'duration') ?? numberField(streams.video, 'duration') ?? numberField(streams.audio, 'duration');
  return seconds === undefined || seconds < 0 ? undefined : Math.round(seconds * 1000);
}

/**
 * A container with no date stores zero, which tools print as the MP4 epoch (1904) or the Unix epoch.
 * Those mean "not set", unlike a genuinely wrong camera clock (e.g. 2000-01-01 after a flat battery),
 * which is kept: it is what the camera wrote.
 */
export function normaliseRecordedAt(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  if (!Number.isFinite(time) || time === 0) return undefined;
  const iso = new Date(time).toISOString();
  return iso.startsWith('1904-01-01') ? undefined : iso;
}

function recordedAtOf(format: JsonObject | undefined, streams: ProbedStreams): string | undefined {
  const candidates = [
    tagValue(format, 'creation_time'),
    tagValue(format, 'com.apple.quicktime.creationdate'),
    tagValue(streams.video, 'creation_time'),
    tagValue(streams.audio, 'creation_time'),
  ];
  for (const candidate of candidates) {
    const iso = normaliseRecordedAt(candidate);
    if (iso !== undefined) return iso;
  }
  return undefined;
}

function isStillImageFormat(formatName: string | undefined): boolean {
  return formatName !== undefined && formatName.split(',').some((name) => name === 'image2' || name.endsWith('_pipe'));
}

/**
 * The catalogue classifies by file name; the probe only overrides that when the name said nothing
 * ('other') or the content is unmistakably a still image.
 */
function kindOf(kindHint: MediaKind, formatName: string | undefined, streams: ProbedStreams): MediaKind {
  if (isStillImageFormat(formatName)) return 'photo';
  if (kindHint !== 'other') return kindHint;
  if (streams.video !== undefined) return 'video';
  if (streams.audio !== undefined) return 'audio';
  return 'other';
}

/** Turns ffprobe's JSON into MediaInfo. Never throws: unusable output is reported as damage. */
export function parseFfprobeJson(stdout: string, kindHint: MediaKind): MediaInfo {
  let root: unknown;
  try {
    root = JSON.parse(stdout);
  } catch {
    return damagedMediaInfo(kindHint, 'unreadable');
  }
  if (!isJsonObject(root)) return damagedMediaInfo(kindHint, 'unreadable');

  const format = objectField(root, 'format');
  const streams = pickStreams(root);
  if (streams.video === undefined && streams.audio === undefined) {
    // An unknown file with no media in it is simply not media, not a damaged recording.
    return kindHint === 'other' ? { kind: 'other' } : damagedMediaInfo(kindHint, 'no-media-streams');
  }

  const kind = kindOf(kindHint, stringField(format, 'format_name'), streams);
  const info: MediaInfo = { kind };
  const durationMs = kind === 'photo' ? undefined : durationMsOf(format, streams);
  if (durationMs !== undefined) info.durationMs = durationMs;

  if (streams.video !== undefined) {
    const codec = stringField(streams.video, 'codec_name');
    if (codec !== undefined && kind !== 'photo') info.videoCodec = codec;
    const storedWidth = numberField(streams.video, 'width');
    const storedHeight = numberField(streams.video, 'height');
    if (storedWidth !== undefined && storedHeight !== undefined && storedWidth > 0 && storedHeight > 0) {
      const portrait = displayRotationDegrees(streams.video) % 180 === 90;
      info.width = portrait ? storedHeight : storedWidth;
      info.height = portrait ? storedWidth : storedHeight;
    }
    const frameRate = kind === 'photo' ? undefined : parseFrameRate(streams.video);
    if (frameRate !== undefined) info.frameRate = frameRate;
  }
  const audioCodec = stringField(streams.audio, 'codec_name');
  if (audioCodec !== undefined) info.audioCodec = audioCodec;

  const recordedAt = recordedAtOf(format, streams);
  if (recordedAt !== undefined) info.recordedAt = recordedAt;
  return info;
}
