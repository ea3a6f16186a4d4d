/**
 * What the backup service needs from the outside world, each behind one port: a target (folder, SFTP,
 * S3: electron/adapters/backup/), the station's data folder as a consistent snapshot, the local record
 * of what targets hold, the key store, and a place to restore into.
 */
import type { BackupKey } from './backup-key.js';
import type { BackupState } from './model.js';

export interface TargetEntry {
  name: string;
  size: number;
}

/**
 * One backup target. Names are '/'-separated, relative to the target's root. `put` is all or nothing:
 * a half-finished upload is never visible under its name (temp + rename, or S3's atomic PUT). Failures
 * are BackupErrors with a typed code (unreachable, auth failed, full, ...).
 */
export interface BackupTarget {
  /** Where it is, without any credential (safe for the audit log and the screens). */
  readonly description: string;
  /** How uploads are checked: 'full' re-reads and decrypts the whole object (cheap on a local folder), 'tail' checks size and the authenticated final chunk (remote). */
  readonly verifyAfterUpload: 'full' | 'tail';
  list(prefix: string): Promise<TargetEntry[]>;
  put(name: string, data: AsyncIterable<Buffer>): Promise<void>;
  get(name: string): AsyncIterable<Buffer>;
  getRange(name: string, start: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface TargetOpener {
  open(target: string): Promise<BackupTarget>;
}

/** One file of the data folder outside the vault, as captured for this run (catalogue shard, audit log, key, settings). */
export interface SnapshotFile {
  /** Relative to the data folder, '/'-separated. */
  path: string;
  size: number;
  sha256: string;
  read(): AsyncIterable<Buffer>;
}

export interface DataSnapshot {
  vaultObjects: { sha256: string; size: number }[];
  readVaultObject(sha256: string): AsyncIterable<Buffer>;
  files: SnapshotFile[];
  audit: { records: number; lastSeq: number; lastHash: string; checkpoint?: { seq: number; hash: string; keyId: string; signature: string; at: string } };
  /** Removes the copies the snapshot made. */
  release(): Promise<void>;
}

export interface BackupSource {
  snapshot(): Promise<DataSnapshot>;
  /** Objects in the vault now (for the status screen's pending count, without a full snapshot). */
  vaultObjects(): Promise<{ sha256: string; size: number }[]>;
}

export interface BackupStateStore {
  load(): Promise<BackupState>;
  save(state: BackupState): Promise<void>;
}

export interface BackupKeyStore {
  /** The station's key, or undefined before the first backup / `backup key init`. */
  load(): Promise<BackupKey | undefined>;
  /** Makes and stores the key (0600); refuses to replace an existing one. */
  create(): Promise<BackupKey>;
}

/** Where a restore writes: each file goes to a temporary name, is checked, and only then takes its place. */
export interface RestoreSink {
  /** Writes `data` to `path` (relative to the data folder) only if its SHA-256 and size match; otherwise nothing is left behind. */
  write(path: string, data: AsyncIterable<Buffer>, expected: { sha256: string; size: number }, mode: 'vault' | 'private' | 'normal'): Promise<void>;
}
