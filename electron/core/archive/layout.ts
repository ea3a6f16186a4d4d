/**
 * Where each clip goes inside a bag: a path a person can read on any computer that opens the disc.
 *
 *   data/<case number>/<party>/<device number>/<start time>_<original name>
 *   data/<case number>/<party>/<device number>/<start time>_<original name>.取证说明.pdf
 *
 * Every component is sanitised for the file systems a disc or an external disk meets: ISO 9660 with
 * Joliet (names of at most 64 UCS-2 units, no characters outside the BMP), UDF, FAT32/exFAT and NTFS as
 * Windows sees them (no < > : " / \ | ? *, no control characters, no trailing dot or space, no CON, PRN,
 * AUX, NUL, COM1-9, LPT1-9), and case-insensitive readers (names unique ignoring case). Pure: the same
 * clips and labels always give the same paths.
 */
import type { Clip, ClipLabel } from '../domain/clip.js';

/** Joliet allows 64 UCS-2 units per name; ISO level 3 + Rock Ridge, UDF, NTFS and exFAT allow more. */
export const MAX_NAME_UNITS = 64;
/** Suffix of the evidence explanation sheet written next to each clip. */
export const SHEET_SUFFIX = '.取证说明.pdf';

const COMPONENT_LIMITS = { caseNumber: 40, party: 40, device: 32, file: MAX_NAME_UNITS - SHEET_SUFFIX.length } as const;

// Windows-reserved characters, ';' (the ISO 9660 version separator), '%' (escaped in BagIt manifests,
// which would break `sha256sum -c`) and every C0/C1 control character.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[<>:"/\\|?*;%\u0000-\u001f\u007f-\u009f]/g;
/** Characters outside the Basic Multilingual Plane cannot be written in Joliet's UCS-2. */
const NON_BMP = /[\u{10000}-\u{10FFFF}]/gu;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export interface SanitiseOptions {
  /** Longest name in UTF-16 code units (Joliet counts UCS-2 units). */
  maxUnits?: number;
  /** Used when nothing printable is left. */
  fallback?: string;
  /** Keep the extension (after the last dot) when shortening a file name. */
  keepExtension?: boolean;
}

/** One path component, safe on every file system a disc or external disk meets. */
export function sanitiseComponent(raw: string, options: SanitiseOptions = {}): string {
  const maxUnits = options.maxUnits ?? MAX_NAME_UNITS;
  // Line breaks and tabs are spacing a person typed; other control characters are replaced.
  let name = raw.normalize('NFC').replace(/[\t\n\r\v\f]/g, ' ').replace(FORBIDDEN_CHARS, '_').replace(NON_BMP, '_');
  name = name.replace(/\s+/g, ' ').trim();
  name = stripTrailingDotsAndSpaces(name);
  if (name === '' || /^[.\s]*$/.test(name)) name = options.fallback ?? '_';
  // Windows reserves the device names whatever extension follows (CON.txt, nul.tar.gz).
  if (WINDOWS_RESERVED.test(name.split('.')[0]?.trim() ?? '')) name = `_${name}`;
  return shorten(name, maxUnits, options.keepExtension ?? false);
}

/** Cuts a name to `maxUnits` UTF-16 units without splitting a surrogate pair, keeping the extension if asked. */
export function shorten(name: string, maxUnits: number, keepExtension: boolean): string {
  if (name.length <= maxUnits) return name;
  const dot = name.lastIndexOf('.');
  const extension = keepExtension && dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  const stem = extension === '' ? name : name.slice(0, dot);
  let cut = stem.slice(0, Math.max(1, maxUnits - extension.length));
  // A lone high surrogate at the end would be an invalid character.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return stripTrailingDotsAndSpaces(cut) + extension || '_';
}

function stripTrailingDotsAndSpaces(name: string): string {
  return name.replace(/[.\s]+$/, '');
}

/** Recording start as a sortable local wall-clock time, e.g. 20261123-160502 (UTC+8 by default). */
export function formatStartTime(iso: string, utcOffsetMinutes: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '00000000-000000';
  const local = new Date(ms + utcOffsetMinutes * 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}-${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
}

/** When the clip started: the camera's own timestamp, else the file time on the camera, else receipt. */
export function clipStartTime(clip: Pick<Clip, 'media' | 'cameraMtime' | 'receivedAt'>): string {
  for (const candidate of [clip.media.recordedAt, clip.cameraMtime, clip.receivedAt]) {
    if (candidate !== undefined && !Number.isNaN(Date.parse(candidate))) return candidate;
  }
  return clip.receivedAt;
}

export interface LaidOutClip {
  clipId: string;
  /** data/... path of the footage inside the bag. */
  payloadPath: string;
  /** data/... path of its evidence explanation sheet. */
  sheetPath: string;
}

export interface LayoutOptions {
  /** The agency's wall clock for names (China Standard Time: +480). */
  utcOffsetMinutes?: number;
}

/**
 * Paths for every clip of a set. Clips are placed in recording order so that a collision suffix (~2,
 * ~3) always goes to the later clip. Names are unique ignoring case and Unicode form, so a
 * case-insensitive reader (Windows, FAT, Joliet) never sees two files as one.
 */
export function layoutClips(clips: readonly (Clip & { label: ClipLabel })[], options: LayoutOptions = {}): LaidOutClip[] {
  const offset = options.utcOffsetMinutes ?? 480;
  const namer = new UniqueNamer();
  const ordered = [...clips].sort((a, b) => compareStart(a, b));
  const laidOut = new Map<string, LaidOutClip>();
  for (const clip of ordered) {
    const caseDir = namer.directory('data', clip.label.caseNumber, sanitiseComponent(clip.label.caseNumber, { maxUnits: COMPONENT_LIMITS.caseNumber, fallback: '无案号' }));
    const partyDir = namer.directory(caseDir, clip.label.party, sanitiseComponent(clip.label.party, { maxUnits: COMPONENT_LIMITS.party, fallback: '无当事人' }));
    const deviceNumber = clip.camera.deviceNumber;
    const deviceDir = namer.directory(partyDir, deviceNumber, sanitiseComponent(deviceNumber, { maxUnits: COMPONENT_LIMITS.device, fallback: '未知设备' }));
    const wanted = `${formatStartTime(clipStartTime(clip), offset)}_${clip.originalName}`;
    const fileName = namer.file(deviceDir, sanitiseComponent(wanted, { maxUnits: COMPONENT_LIMITS.file, fallback: clip.id.slice(0, 16), keepExtension: true }));
    const payloadPath = `${deviceDir}/${fileName}`;
    laidOut.set(clip.id, { clipId: clip.id, payloadPath, sheetPath: `${payloadPath}${SHEET_SUFFIX}` });
  }
  // Same order as given, so callers can zip.
  return clips.map((clip) => laidOut.get(clip.id) as LaidOutClip);
}

function compareStart(a: Clip, b: Clip): number {
  const ta = Date.parse(clipStartTime(a));
  const tb = Date.parse(clipStartTime(b));
  if (ta !== tb) return (Number.isNaN(ta) ? 0 : ta) - (Number.isNaN(tb) ? 0 : tb);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Comparison key of a name as case-insensitive file systems see it. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Hands out names unique within their folder (ignoring case). A folder name stands for one raw value
 * (a case number, a party): two different raw values that sanitise to the same text get ~2, ~3.
 */
export class UniqueNamer {
  private readonly taken = new Map<string, Set<string>>();
  private readonly directories = new Map<string, string>();

  directory(parent: string, raw: string, sanitised: string): string {
    const rawKey = `${parent}\u0000${raw.normalize('NFC')}`;
    const known = this.directories.get(rawKey);
    if (known !== undefined) return known;
    const name = this.claim(parent, sanitised, false);
    const full = `${parent}/${name}`;
    this.directories.set(rawKey, full);
    return full;
  }

  file(parent: string, sanitised: string): string {
    return this.claim(parent, sanitised, true);
  }

  private claim(parent: string, wanted: string, isFile: boolean): string {
    const names = this.taken.get(parent) ?? new Set<string>();
    this.taken.set(parent, names);
    let candidate = wanted;
    for (let n = 2; names.has(nameKey(candidate)) || names.has(nameKey(`${candidate}${SHEET_SUFFIX}`)); n++) {
      candidate = withSuffix(wanted, `~${n}`, isFile);
    }
    names.add(nameKey(candidate));
    if (isFile) names.add(nameKey(`${candidate}${SHEET_SUFFIX}`));
    return candidate;
  }
}

function withSuffix(name: string, suffix: string, isFile: boolean): string {
  const dot = isFile ? name.lastIndexOf('.') : -1;
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  const limit = (isFile ? COMPONENT_LIMITS.file : MAX_NAME_UNITS) - suffix.length - extension.length;
  return `${shorten(stem, Math.max(1, limit), false)}${suffix}${extension}`;
}

/** Disc and set identifiers: ES-20261123-3F2A (set), ES-20261123-3F2A-A1 (copy A, disc 1). */
export function makeSetId(now: Date, random4Hex: string, utcOffsetMinutes = 480): string {
  return `ES-${formatStartTime(now.toISOString(), utcOffsetMinutes).slice(0, 8)}-${random4Hex.toUpperCase()}`;
}

export function makeDiscId(setId: string, copy: number, index: number): string {
  return `${setId}-${String.fromCharCode(64 + copy)}${index}`;
}

/** ISO 9660 volume id: at most 32 d-characters (A-Z, 0-9, _). */
export function volumeIdOf(discId: string): string {
  return discId
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .slice(0, 32);
}
