/**
 * Long-term copies (R2.3, R4.2-R4.4): the words the archive speaks. A "copy" is one complete, verified
 * set of the footage on disc or disk; a large copy spans several numbered discs, each a BagIt bag on
 * its own. The clerk's queue is derived from the catalogue (labels with `longTerm`) and the disc
 * registry (verified copies); it is never stored, so it cannot drift from either.
 */
import type { LongTermReason } from '../domain/clip.js';

/** Writable optical media the planner knows, with the capacity a disc of that type really offers. */
export const MEDIA_SIZES = {
  // 2048-byte sectors a blank write-once disc offers (the smaller of the -R / +R variants).
  cd: { label: 'CD-R 700MB', sectors: 359_846 },
  dvd: { label: 'DVD±R 4.7GB', sectors: 2_295_104 },
  'dvd-dl': { label: 'DVD±R DL 8.5GB', sectors: 4_171_712 },
  bd25: { label: 'BD-R 25GB', sectors: 12_219_392 },
  bd50: { label: 'BD-R DL 50GB', sectors: 24_438_784 },
  bd100: { label: 'BD-R XL 100GB', sectors: 48_878_592 },
} as const;

export type MediaSizeId = keyof typeof MEDIA_SIZES;
export const MEDIA_SIZE_IDS = Object.keys(MEDIA_SIZES) as MediaSizeId[];
export const SECTOR_BYTES = 2048;

export function mediaCapacityBytes(media: MediaSizeId): number {
  return MEDIA_SIZES[media].sectors * SECTOR_BYTES;
}

export function isMediaSizeId(value: unknown): value is MediaSizeId {
  return typeof value === 'string' && Object.hasOwn(MEDIA_SIZES, value);
}

/**
 * Where a copy goes.
 * - optical: a recorder (Linux /dev/sr0, Windows drive letter "E:" or recorder index, macOS drutil drive number).
 * - image: xorriso's stdio pseudo-drive, an ISO image file (`stdio:/path/case.iso`); for tests and for
 *   burning elsewhere. Several discs become case-1.iso, case-2.iso, ...
 * - folder: an external disk (or any folder); the bag is written under it and read back.
 */
export type ArchiveTarget = { kind: 'optical'; device: string } | { kind: 'image'; path: string } | { kind: 'folder'; path: string };
export type ArchiveTargetKind = ArchiveTarget['kind'];

/**
 * Reads a target as typed by the clerk: `stdio:PATH` is an image file, `optical:ID` any recorder, a
 * Linux recorder device (/dev/sr0, /dev/cdrom, /dev/dvd...) or a bare Windows drive letter (`E:`) is a
 * recorder; anything else is a folder. Returns undefined for an empty text.
 */
export function parseArchiveTarget(text: string): ArchiveTarget | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('stdio:')) {
    const imagePath = trimmed.slice('stdio:'.length);
    return imagePath === '' ? undefined : { kind: 'image', path: imagePath };
  }
  if (trimmed.startsWith('optical:')) {
    const device = trimmed.slice('optical:'.length);
    return device === '' ? undefined : { kind: 'optical', device };
  }
  if (/^\/dev\/(?:sr|scd|cdrom|cdrw|dvd|dvdrw|bd|bdrw|cd)\d*$/.test(trimmed)) return { kind: 'optical', device: trimmed };
  if (/^[A-Za-z]:$/.test(trimmed)) return { kind: 'optical', device: trimmed.toUpperCase() };
  return { kind: 'folder', path: trimmed };
}

export function describeTarget(target: ArchiveTarget): string {
  switch (target.kind) {
    case 'optical':
      return target.device;
    case 'image':
      return `stdio:${target.path}`;
    case 'folder':
      return target.path;
  }
}

/** One step of an archive job, in the order they happen for each disc. */
export const ARCHIVE_STEPS = ['planning', 'packaging', 'waiting-for-media', 'burning', 'writing', 'verifying', 'registering', 'done', 'failed'] as const;
export type ArchiveStep = (typeof ARCHIVE_STEPS)[number];

/** One progress value for an archive job, emitted on a fixed interval and at every step change. */
export interface ArchiveProgress {
  jobId: string;
  setId: string;
  step: ArchiveStep;
  /** Which copy (1 or 2) and which disc of it; 0 while planning. */
  copy: number;
  copies: number;
  disc: number;
  discs: number;
  discId?: string;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the recent window. */
  speed: number;
  etaSeconds?: number;
  currentFile?: string;
  /** Free words for the step (e.g. "insert blank disc 2 of 3"), in English; the UI words it from the step. */
  message?: string;
}

/** What the archive knows about each file on a disc. */
export interface DiscFile {
  /** Path inside the bag, '/'-separated (data/... for payload). */
  path: string;
  size: number;
  sha256: string;
  role: 'payload' | 'sheet' | 'tag';
  clipId?: string;
}

export type DiscProblemKind = 'mismatch' | 'missing' | 'unreadable' | 'size-differs' | 'unexpected';

/** One file that did not read back as expected: a value, never a thrown error (etcher-sdk habit). */
export interface DiscProblem {
  path: string;
  problem: DiscProblemKind;
  expected?: string;
  actual?: string;
  detail?: string;
}

export interface DiscVerification {
  at: string;
  by: string;
  ok: boolean;
  filesChecked: number;
  bytesChecked: number;
  /** false when the read may have come from a cache (stdio image files, filesystems refusing O_DIRECT). */
  fromDevice: boolean;
  problems: DiscProblem[];
  /** Problems beyond the ones kept in `problems`. */
  moreProblems?: number;
}

export type DiscStatus = 'verified' | 'failed-verification';

/** One disc (or one folder copy) in the registry: what it holds, where it is, how it was verified. */
export interface DiscRecord {
  id: string;
  setId: string;
  copy: number;
  copies: number;
  index: number;
  count: number;
  kind: ArchiveTargetKind;
  /** Device, image file or folder it was written to (and is read back from). */
  location: string;
  media?: MediaSizeId;
  volumeId: string;
  status: DiscStatus;
  createdAt: string;
  createdBy: string;
  station: string;
  caseNumbers: string[];
  parties: string[];
  clipIds: string[];
  files: DiscFile[];
  bytes: number;
  /** The audit record that started the set (its hash is written into bag-info.txt). */
  auditRecord: { seq: number; hash: string };
  /** Text printed on the disc label and the case insert. */
  labelText: string[];
  /** Printable disc label / case insert (PDF), when it could be made. */
  labelPdf?: string;
  /** Where the disc is kept (shelf, cabinet, case file); set by the clerk. */
  shelf?: string;
  verifications: DiscVerification[];
}

/** A set or a selection the clerk put in the queue by hand, optionally asking for two copies. */
export interface ManualQueueEntry {
  id: string;
  caseNumber?: string;
  clipIds: string[];
  copies: number;
  addedAt: string;
  addedBy: string;
  note?: string;
}

/** One line of the clerk's queue: a case with footage not yet on enough verified long-term copies. */
export interface QueueEntry {
  caseNumber: string;
  parties: string[];
  /** Clips of the case still lacking a verified copy (or a second one). */
  clipIds: string[];
  bytes: number;
  reasons: (LongTermReason | 'manual')[];
  copiesWanted: number;
  /** Fewest verified copies any pending clip of the case has. */
  copiesVerified: number;
  /** When the oldest pending clip was labelled for long-term keeping. */
  since: string;
  /** R4.4: archived within 30 days; counted from the label, the station does not know when the action ended. */
  dueBy: string;
  overdue: boolean;
}

export interface ArchiveQueue {
  entries: QueueEntry[];
  clips: number;
  bytes: number;
}

/** A disc due for its periodic re-check (R3.2: storage must be verified, not assumed). */
export interface DueDisc {
  discId: string;
  reason: 'never-rechecked' | 'interval-elapsed';
  lastCheckedAt: string;
  dueSince: string;
  shelf?: string;
}

export interface ArchiveCopyResult {
  copy: number;
  target: string;
  discIds: string[];
}

export type ArchiveJobKind = 'archive' | 'recheck';
export type ArchiveJobState = 'queued' | 'running' | 'done' | 'failed';

export interface ArchiveJobError {
  code: string;
  message: string;
  params: Record<string, string | number>;
}

/** A job as the front ends see it: poll with archive.job, or follow the archive.progress event. */
export interface ArchiveJob {
  jobId: string;
  kind: ArchiveJobKind;
  setId: string;
  state: ArchiveJobState;
  startedAt: string;
  startedBy: string;
  finishedAt?: string;
  progress?: ArchiveProgress;
  copies: ArchiveCopyResult[];
  /** For a recheck: the verification appended to the disc. */
  verification?: DiscVerification;
  error?: ArchiveJobError;
}

/** The signed audit checkpoint another part of the station will provide (see ports.ts). */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  signature?: string;
  /** Which station key signed it, and when (when the checkpoint source tells). */
  keyId?: string;
  at?: string;
}
