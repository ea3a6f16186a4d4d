/**
 * Which files on a camera volume are recordings, by name only (content is probed after the verified
 * copy). Pure.
 */
import type { MediaKind } from '../../core/domain/clip.js';

const KIND_BY_EXTENSION: ReadonlyMap<string, MediaKind> = new Map([
  ...['.mp4', '.mov', '.avi', '.ts', '.mkv'].map((extension): [string, MediaKind] => [extension, 'video']),
  ...['.jpg', '.jpeg', '.png'].map((extension): [string, MediaKind] => [extension, 'photo']),
  ...['.wav', '.mp3', '.aac', '.amr', '.m4a'].map((extension): [string, MediaKind] => [extension, 'audio']),
]);

/**
 * Top-level folders where recorders keep recordings. A file with an unknown extension there is kept
 * as 'other' (it may be footage in a vendor format); elsewhere it is firmware, logs or settings.
 */
const MEDIA_FOLDERS: ReadonlySet<string> = new Set([
  'DCIM', 'VIDEO', 'VIDEOS', 'MOVIE', 'PHOTO', 'PHOTOS', 'PICTURE', 'AUDIO', 'RECORD', 'RECORDS', 'VOICE', 'MEDIA',
]);

/**
 * The folder with the camera's identity and clock files. It is walked like any other folder (its
 * .JSON/.TXT files are not media, so they are never listed), so nothing placed there is hidden.
 */
export const IDENTITY_FOLDER = 'EVIDENCE';

/** Housekeeping of the operating systems that touched the volume, never camera data. */
const HOUSEKEEPING_FOLDERS: ReadonlySet<string> = new Set([
  'SYSTEM VOLUME INFORMATION', '$RECYCLE.BIN', 'RECYCLER', '.TRASHES', '.SPOTLIGHT-V100', '.FSEVENTSD', '.TEMPORARYITEMS',
]);
const HOUSEKEEPING_FILES: ReadonlySet<string> = new Set(['.DS_STORE', 'THUMBS.DB', 'DESKTOP.INI']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** Entries skipped silently (FAT names are case-insensitive, so compare upper-cased). */
export function isSkippedEntry(components: readonly string[], isDirectory: boolean): boolean {
  const name = components[components.length - 1] ?? '';
  const upper = name.toUpperCase();
  if (isDirectory) return HOUSEKEEPING_FOLDERS.has(upper);
  // "._name" files are macOS resource forks written beside every file it touched.
  return HOUSEKEEPING_FILES.has(upper) || name.startsWith('._');
}

/** Kind of a regular file at `components` under the camera root; undefined = not offered. */
export function cameraFileKind(components: readonly string[]): MediaKind | undefined {
  const name = components[components.length - 1] ?? '';
  const byExtension = KIND_BY_EXTENSION.get(extensionOf(name));
  if (byExtension !== undefined) return byExtension;
  const topFolder = components.length > 1 ? (components[0] ?? '').toUpperCase() : '';
  return MEDIA_FOLDERS.has(topFolder) ? 'other' : undefined;
}
