/**
 * The Content-Type a host sends with a vault file. Vault files are stored by hash without an
 * extension, so the type comes from the clip's kind (what the catalogue decided the content is)
 * and the extension of the name the camera gave it (which container it is).
 */
import type { MediaKind } from '../domain/clip.js';

/** Sent when we cannot vouch for a type; browsers still sniff media bodies for <video>/<img>. */
export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

type PlayableKind = Exclude<MediaKind, 'other'>;

// Containers body-worn cameras and their phones/recorders are known to write, by kind.
const TYPES_BY_EXTENSION: Readonly<Record<string, { kind: PlayableKind; type: string }>> = {
  mp4: { kind: 'video', type: 'video/mp4' },
  m4v: { kind: 'video', type: 'video/mp4' },
  mov: { kind: 'video', type: 'video/quicktime' },
  avi: { kind: 'video', type: 'video/x-msvideo' },
  mkv: { kind: 'video', type: 'video/x-matroska' },
  webm: { kind: 'video', type: 'video/webm' },
  ts: { kind: 'video', type: 'video/mp2t' },
  mts: { kind: 'video', type: 'video/mp2t' },
  m2ts: { kind: 'video', type: 'video/mp2t' },
  '3gp': { kind: 'video', type: 'video/3gpp' },
  mpg: { kind: 'video', type: 'video/mpeg' },
  mpeg: { kind: 'video', type: 'video/mpeg' },
  wmv: { kind: 'video', type: 'video/x-ms-wmv' },
  asf: { kind: 'video', type: 'video/x-ms-asf' },
  flv: { kind: 'video', type: 'video/x-flv' },

  jpg: { kind: 'photo', type: 'image/jpeg' },
  jpeg: { kind: 'photo', type: 'image/jpeg' },
  png: { kind: 'photo', type: 'image/png' },
  bmp: { kind: 'photo', type: 'image/bmp' },
  gif: { kind: 'photo', type: 'image/gif' },
  webp: { kind: 'photo', type: 'image/webp' },
  heic: { kind: 'photo', type: 'image/heic' },
  heif: { kind: 'photo', type: 'image/heif' },
  tif: { kind: 'photo', type: 'image/tiff' },
  tiff: { kind: 'photo', type: 'image/tiff' },

  wav: { kind: 'audio', type: 'audio/wav' },
  mp3: { kind: 'audio', type: 'audio/mpeg' },
  aac: { kind: 'audio', type: 'audio/aac' },
  m4a: { kind: 'audio', type: 'audio/mp4' },
  amr: { kind: 'audio', type: 'audio/amr' },
  ogg: { kind: 'audio', type: 'audio/ogg' },
  opus: { kind: 'audio', type: 'audio/ogg' },
  flac: { kind: 'audio', type: 'audio/flac' },
  wma: { kind: 'audio', type: 'audio/x-ms-wma' },
};

/** Lower-case extension without the dot, or '' (names are camera data: never trusted as paths). */
export function extensionOf(originalName: string): string {
  const base = originalName.slice(Math.max(originalName.lastIndexOf('/'), originalName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  // A leading dot (".mp4") is a hidden file's name, not an extension.
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * The type for a clip. The extension picks the container; the kind must agree with it, because
 * a name is only what the camera wrote: when they disagree (a "video" called .jpg) we claim
 * nothing and let the browser look at the bytes, rather than mislabel evidence.
 */
export function contentTypeFor(kind: MediaKind, originalName: string): string {
  const known = TYPES_BY_EXTENSION[extensionOf(originalName)];
  if (!known) return UNKNOWN_MEDIA_TYPE;
  if (kind !== 'other' && known.kind !== kind) return UNKNOWN_MEDIA_TYPE;
  return known.type;
}
