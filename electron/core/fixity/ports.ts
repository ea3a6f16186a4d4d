/**
 * The ports fixity needs (issue C): the vault's object list and a re-hash of one object straight from
 * the device, and a small durable store for results. Implemented in electron/adapters/vault/vault-fixity.ts
 * and electron/adapters/fixity/json-fixity-store.ts.
 */
import type { FixityState } from './model.js';

/** An entry under the vault's objects folder. */
export interface VaultObjectEntry {
  /** Path relative to the objects folder ('aa/bb/<sha256>'), '/'-separated. */
  key: string;
  /** The content address, when the entry is a well-formed object name in its right fan-out folder. */
  sha256?: string;
  size: number;
}

export type RehashResult =
  | { status: 'read'; sha256: string; size: number; /** false when O_DIRECT was refused (page cache). */ readFromDevice: boolean }
  | { status: 'missing' };

export interface VaultFixity {
  /** Every entry under objects/ (regular files and anything else found there). */
  listObjects(): Promise<VaultObjectEntry[]>;
  /**
   * Re-reads a stored object bypassing the page cache where the filesystem allows and returns the
   * SHA-256 of what is actually stored (which the caller compares with the name). Never modifies it.
   * Throws (StationError) when the object exists but cannot be read.
   */
  rehash(sha256: string, signal?: AbortSignal): Promise<RehashResult>;
}

export interface FixityStore {
  load(): Promise<FixityState>;
  /** Durable (fsync'd) when it resolves. */
  save(state: FixityState): Promise<void>;
}

/** The fixity part of the station's ports (optional: a station without it answers fixity commands with an error). */
export interface FixityPorts {
  vault: VaultFixity;
  store: FixityStore;
}
