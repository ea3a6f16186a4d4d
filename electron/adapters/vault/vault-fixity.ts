/**
 * VaultFixity over the FsVault layout: the object list (a walk of objects/, lstat only) and a re-hash of
 * one object with the vault's own read-back engine (read-back.ts: O_DIRECT where the filesystem accepts
 * it, 16 MiB chunks, read-ahead), so fixity reads the device, not the page cache. Read-only: nothing here
 * opens an object for writing.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ChecksumMismatchError } from '../../core/domain/errors.js';
import type { RehashResult, VaultFixity, VaultObjectEntry } from '../../core/fixity/ports.js';
import type { CopyEngineOptions } from './copy-settings.js';
import type { FsVault } from './fs-vault.js';
import { errnoOf, hasErrno } from './io-errors.js';
import { verifyFile } from './read-back.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_DEPTH = 4;

export class FsVaultFixity implements VaultFixity {
  private readonly objectsDir: string;

  constructor(
    private readonly vault: Pick<FsVault, 'root' | 'pathOf'>,
    private readonly engine: Pick<CopyEngineOptions, 'chunkBytes' | 'buffersInFlight' | 'directIo'> = {},
  ) {
    this.objectsDir = path.join(vault.root, 'objects');
  }

  async listObjects(): Promise<VaultObjectEntry[]> {
    const entries: VaultObjectEntry[] = [];
    const walk = async (dir: string, parts: string[]): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (hasErrno(error, 'ENOENT')) return;
        throw error;
      }
      for (const name of names.sort()) {
        const full = path.join(dir, name);
        const info = await lstat(full);
        const key = [...parts, name].join('/');
        if (info.isDirectory() && !info.isSymbolicLink() && parts.length < MAX_DEPTH) {
          await walk(full, [...parts, name]);
          continue;
        }
        const wellPlaced = info.isFile() && parts.length === 2 && SHA256_HEX.test(name) && parts[0] === name.slice(0, 2) && parts[1] === name.slice(2, 4);
        entries.push({ key, size: info.size, ...(wellPlaced ? { sha256: name } : {}) });
      }
    };
    await walk(this.objectsDir, []);
    return entries;
  }

  async rehash(sha256: string, signal?: AbortSignal): Promise<RehashResult> {
    const objectPath = this.vault.pathOf(sha256);
    let size: number;
    try {
      const info = await lstat(objectPath);
      if (!info.isFile()) return { status: 'read', sha256: '', size: info.size, readFromDevice: false };
      size = info.size;
    } catch (error) {
      if (hasErrno(error, 'ENOENT')) return { status: 'missing' };
      throw error;
    }
    try {
      const result = await verifyFile(objectPath, sha256, { ...this.engine, ...(signal ? { signal } : {}) });
      return { status: 'read', sha256: result.sha256, size: result.size, readFromDevice: result.readFromDevice };
    } catch (error) {
      if (error instanceof ChecksumMismatchError) return { status: 'read', sha256: error.actual, size, readFromDevice: true };
      // Deleted between lstat and open.
      if (errnoOf((error as { cause?: unknown }).cause) === 'ENOENT') return { status: 'missing' };
      throw error;
    }
  }
}
