/**
 * Every piece of I/O the station does goes through one of these ports. Real implementations live in
 * electron/adapters (one I/O library each); tests pass strict fakes. The core imports no I/O library.
 */
import type { AuditEntry, AuditRecord, AuditVerification } from './domain/audit.js';
import type { CameraIdentity, Clip, MediaInfo, MediaKind } from './domain/clip.js';
import type { DockSession } from './domain/dock.js';
import type { JournalRecord } from './domain/journal.js';

/** A file found on a camera volume that is safe to read: a regular file inside the root. */
export interface CameraFileEntry {
  /** '/'-separated path relative to the camera root; data only. */
  relativePath: string;
  /** Absolute path the station reads from (built by the volume reader, never from a raw name). */
  absolutePath: string;
  size: number;
  mtimeMs: number;
  kind: MediaKind;
}

/** Something on the volume the station will not read (symlink, FIFO, device, escaping name). */
export interface RefusedCameraEntry {
  relativePath: string;
  reason: 'symlink' | 'special-file' | 'unsafe-name' | 'unreadable';
}

export interface CameraVolumeListing {
  identity: CameraIdentity;
  /** Camera clock minus station clock, measured at docking; 0 when the camera cannot tell. */
  clockOffsetMs: number;
  files: CameraFileEntry[];
  refused: RefusedCameraEntry[];
}

export interface CameraVolumeReader {
  /** Reads identity and the media files under a mounted camera root. */
  list(root: string): Promise<CameraVolumeListing>;
}

export interface CopyProgress {
  bytesDone: number;
  bytesTotal: number;
  phase: 'copying' | 'verifying';
}

export interface VerifiedCopy {
  sha256: string;
  size: number;
  /** 'stored': a new vault object; 'already-stored': the same content was in the vault before. */
  status: 'stored' | 'already-stored';
}

export interface Vault {
  /**
   * Copies `source` into the vault: hash while copying, write .part, fsync, re-read and verify,
   * rename to the content address, make read-only, fsync the folder. Resolves only when verified.
   */
  ingest(sourcePath: string, expectedSize: number, onProgress: (p: CopyProgress) => void, signal?: AbortSignal): Promise<VerifiedCopy>;
  has(sha256: string): Promise<boolean>;
  /** Absolute path of a stored object, for read-only consumers (probe, thumbnail, streaming). */
  pathOf(sha256: string): string;
  /** Free bytes on the vault's filesystem. */
  freeBytes(): Promise<number>;
}

export interface ClipQuery {
  text?: string;
  caseNumber?: string;
  party?: string;
  officer?: string;
  deviceNumber?: string;
  /** ISO date bounds on the recording time (camera time, else receive time). */
  from?: string;
  to?: string;
  unlabelledOnly?: boolean;
  dockSessionId?: string;
  offset?: number;
  limit?: number;
  /**
   * Issue F: only clips this predicate accepts count (items and total alike). Set by the station from
   * the permission rules, never by a front end.
   */
  visibleTo?: (clip: Clip) => boolean;
}

export interface ClipPage {
  items: Clip[];
  total: number;
}

export interface CatalogueStore {
  open(): Promise<void>;
  get(id: string): Clip | undefined;
  /** Inserts or replaces; durable (fsync'd) when the promise resolves. */
  putMany(clips: Clip[]): Promise<void>;
  query(q: ClipQuery): ClipPage;
  count(): number;
  getSession(id: string): DockSession | undefined;
  listSessions(): DockSession[];
  putSession(session: DockSession): Promise<void>;
  close(): Promise<void>;
}

export interface AuditLog {
  open(): Promise<void>;
  /** Appends and fsyncs; resolves with the written record. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Records touching a target, newest first. */
  forTarget(target: string, limit?: number): Promise<AuditRecord[]>;
  verify(): Promise<AuditVerification>;
  close(): Promise<void>;
}

export interface MediaProbe {
  /** Never throws for bad media: a damaged file comes back with `damaged` set. */
  probe(path: string, kind: MediaKind): Promise<MediaInfo>;
}

export interface Thumbnailer {
  /** Writes a small JPEG for a video frame or a photo; resolves false when none can be made. */
  thumbnail(sourcePath: string, kind: MediaKind, outPath: string): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

/** Mount roots where camera volumes appear; the watcher only reports, the station decides. */
export interface VolumeWatcher {
  watch(onVolume: (event: { type: 'added' | 'removed'; root: string }) => void): Promise<() => Promise<void>>;
}

export interface SettingsStore {
  load(): Promise<import('./domain/settings.js').AgencySettings>;
  save(settings: import('./domain/settings.js').AgencySettings): Promise<void>;
}

/** Where derived, non-evidence files go (thumbnails can always be made again from the vault). */
export interface DerivedFiles {
  thumbnailPath(clipId: string): string;
}

/**
 * The ingest journal (issue C): per dock session, an append-only record of each file's state, durable
 * (fsync'd) when `append` resolves. Read back on start to resume after a crash; see docs/integrity.md.
 */
export interface IngestJournal {
  append(sessionId: string, records: JournalRecord[]): Promise<void>;
  /** Sessions whose journal was never ended, with their records in write order (a torn last line is dropped). */
  unfinished(): Promise<{ sessionId: string; records: JournalRecord[] }[]>;
  /** The session's state now lives in the catalogue and the audit log: the journal is removed. */
  end(sessionId: string): Promise<void>;
}

/** What crash recovery needs of the vault beyond `Vault`: its object list and a re-hash of one object. */
export interface VaultInventory {
  /** Content addresses of every stored object. */
  objectIds(): Promise<string[]>;
  /** Re-reads a stored object; resolves with its size when its SHA-256 is its name, else undefined. */
  reverify(sha256: string): Promise<{ size: number } | undefined>;
}
