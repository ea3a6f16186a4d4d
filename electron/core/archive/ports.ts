/**
 * The archive's I/O, as ports. Real implementations: electron/adapters/archive (bag writer with PDF
 * sheets and index.html, folder target, disc registry on lowdb) and the per-platform burners over
 * native/ (xorriso on Linux, IMAPI2 on Windows, drutil/hdiutil on macOS). Tests pass fakes or the real
 * adapters on temp folders. The core decides what goes where and whether a copy is verified; the
 * adapters only move and read bytes.
 */
import type { Clip, ClipLabel } from '../domain/clip.js';
import type { ArchiveTarget, ArchiveTargetKind, AuditCheckpoint, DiscFile, DiscRecord, ManualQueueEntry, MediaSizeId } from './model.js';

/** A labelled clip on its way into a set: where it is in the vault and where it goes in the bag. */
export interface ArchiveItem {
  clip: Clip;
  label: ClipLabel;
  vaultPath: string;
  payloadPath: string;
  sheetPath: string;
}

/** What every disc of a set says about itself (bag-info.txt, the sheets, index.html, the label). */
export interface ArchiveSetInfo {
  setId: string;
  createdAt: string;
  createdBy: string;
  station: string;
  stationVersion: string;
  agencyName: string;
  copies: number;
  /** The audit record that started the set: the newest record of the hash chain when the bag was made. */
  auditRecord: { seq: number; hash: string };
  /** A signed audit checkpoint, once the station can make one (see AuditCheckpointSource). */
  checkpoint?: AuditCheckpoint;
  /** Wall clock used in names and printed times (China Standard Time: +480). */
  utcOffsetMinutes: number;
}

/** Which disc of a copy holds a clip; every disc lists the whole copy so it can say what the others hold. */
export interface DiscAssignment {
  discIndex: number;
  discId: string;
  item: ArchiveItem;
}

export interface StageDiscRequest {
  set: ArchiveSetInfo;
  copy: number;
  discIndex: number;
  discCount: number;
  discId: string;
  volumeId: string;
  /** The clips on this disc. */
  items: ArchiveItem[];
  /** Every clip of this copy with its disc. */
  assignments: DiscAssignment[];
}

/** A folder holding exactly what goes on one disc, and the list of those files with their SHA-256. */
export interface StagedDisc {
  discId: string;
  volumeId: string;
  root: string;
  files: DiscFile[];
  bytes: number;
}

export interface ArchivePackager {
  /** Writes each clip's evidence explanation sheet (PDF) once per set; resolves with each sheet's size by clip id. */
  prepareSheets(set: ArchiveSetInfo, items: readonly ArchiveItem[], signal?: AbortSignal): Promise<Map<string, number>>;
  /** Builds one disc's bag: payload linked from the vault, sheets, manifests, bag-info, set index, index.html. */
  stageDisc(request: StageDiscRequest, signal?: AbortSignal): Promise<StagedDisc>;
  /** Removes the set's staging folder (links and generated files; vault objects are never touched). */
  discard(setId: string): Promise<void>;
}

export interface WriteProgress {
  phase: 'waiting-for-media' | 'writing';
  bytesDone: number;
  bytesTotal: number;
  message?: string;
}

export interface ReadBackProgress {
  bytesDone: number;
  bytesTotal: number;
  currentFile?: string;
}

export interface WriteRequest {
  disc: StagedDisc;
  index: number;
  count: number;
  copy: number;
  media?: MediaSizeId;
}

export interface WrittenDisc {
  /** Where it can be read back: the recorder, the image file, the bag folder. */
  location: string;
  volumeId: string;
  bytesWritten: number;
}

/** One file as read back: its hash and size, or why it could not be read. */
export interface ReadBackFile {
  path: string;
  size?: number;
  sha256?: string;
  error?: string;
}

export interface ReadBackReport {
  /** The volume id found (optical and image targets), to refuse re-checking the wrong disc. */
  volumeId?: string;
  files: ReadBackFile[];
  /** Files on the disc that are not in the expected list. */
  unexpected: string[];
  /** false when the bytes may have come from a cache rather than the medium. */
  fromDevice: boolean;
}

export interface TargetCapacity {
  /** Bytes one disc can hold (Infinity-free: folders report their free space). */
  capacityBytes: number;
  media?: MediaSizeId;
  /** A folder target: one bag, no spanning. */
  single: boolean;
}

/** One kind of target. Checks come first: nothing is written to a target that cannot take it. */
export interface DiscWriter {
  readonly kind: ArchiveTargetKind;
  readonly target: ArchiveTarget;
  /** What one disc can hold (the medium in the drive, the chosen size, the folder's free space). */
  capacity(media: MediaSizeId | undefined, signal?: AbortSignal): Promise<TargetCapacity>;
  /** Writes one disc. Optical targets first wait for blank media (phase 'waiting-for-media'). */
  write(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<WrittenDisc>;
  /** Reads every expected file back from the medium and hashes it. Reports, never judges: the core compares. */
  readBack(location: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal?: AbortSignal): Promise<ReadBackReport>;
  /** After a disc is done: eject an optical disc; nothing for images and folders. */
  release(location: string): Promise<void>;
}

export interface DiscWriterFactory {
  forTarget(target: ArchiveTarget): DiscWriter;
}

/** The disc registry: every long-term copy, its contents, shelf and verification history. Durable writes. */
export interface DiscRegistryStore {
  open(): Promise<void>;
  discs(): DiscRecord[];
  get(discId: string): DiscRecord | undefined;
  /** Inserts or replaces; durable (fsync'd) when the promise resolves. */
  putDiscs(discs: DiscRecord[]): Promise<void>;
  manualQueue(): ManualQueueEntry[];
  putManualQueue(entries: ManualQueueEntry[]): Promise<void>;
  close(): Promise<void>;
}

/** The printable disc label and case insert. */
export interface DiscLabelWriter {
  /** Writes the label PDF and resolves with its path. */
  writeLabel(disc: DiscRecord): Promise<string>;
}

/**
 * HOOK for the signed audit checkpoint (another engineer's work): the newest checkpoint of the audit
 * log, signed by the station's key. Until it exists the station passes `noAuditCheckpointYet` and a bag
 * carries the hash of the audit record that started it (unsigned).
 */
export interface AuditCheckpointSource {
  latestAuditCheckpoint(): Promise<AuditCheckpoint | undefined>;
}

export const noAuditCheckpointYet: AuditCheckpointSource = {
  latestAuditCheckpoint: async () => undefined,
};
