/**
 * The content-addressed vault on a local filesystem.
 *
 *   <root>/objects/<aa>/<bb>/<sha256>   verified originals, read-only, named by their content
 *   <root>/incoming/<random>.part       copies being written; never named after anything on the camera
 *
 * A .part becomes an object only after copy-verify.ts has fsync'd and verified it. It is published
 * with link(2), not rename(2): link refuses to replace an existing name, so two docks ingesting the same
 * clip at once can never overwrite an object, and the loser simply learns it was 'already-stored'.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StationError } from '../../core/domain/errors.js';
import type { CopyProgress, Vault, VaultInventory, VerifiedCopy } from '../../core/ports.js';
import { ChecksumMismatchError } from '../../core/domain/errors.js';
import { copyAndVerify, verifyFile, type CopyEngineOptions } from './copy-verify.js';
import { destinationFailure, errnoOf, hasErrno } from './io-errors.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PART_SUFFIX = '.part';
/** Filesystems without hard links (FAT, exFAT) report one of these; publishing falls back to rename. */
const NO_HARD_LINK_ERRNOS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export class FsVault implements Vault, VaultInventory {
  private readonly objectsDir: string;
  private readonly incomingDir: string;
  private layoutReady: Promise<void> | undefined;

  constructor(
    readonly root: string,
    private readonly engineOptions: CopyEngineOptions = {},
  ) {
    this.objectsDir = join(root, 'objects');
    this.incomingDir = join(root, 'incoming');
  }

  async ingest(sourcePath: string, expectedSize: number, onProgress: (p: CopyProgress) => void, signal?: AbortSignal): Promise<VerifiedCopy> {
    signal?.throwIfAborted();
    await this.ensureLayout();
    await this.ensureRoomFor(expectedSize);
    // The content address is only known once the bytes are hashed, so even a duplicate is copied first.
    const partPath = join(this.incomingDir, `${randomUUID()}${PART_SUFFIX}`);
    const copy = await copyAndVerify(sourcePath, partPath, expectedSize, onProgress, signal, this.engineOptions);
    try {
      const status = await this.publish(partPath, copy.sha256, copy.size);
      return { sha256: copy.sha256, size: copy.size, status };
    } finally {
      // Whether published or a duplicate, the .part name is no longer needed (after link it is a second name).
      await rm(partPath, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (hasErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  pathOf(sha256: string): string {
    // The address becomes a path, so anything but 64 lower-case hex digits is refused outright.
    if (!SHA256_HEX.test(sha256)) throw new StationError('INVALID_REQUEST', 'not a SHA-256 content address', { sha256: String(sha256).slice(0, 80) });
    return join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async freeBytes(): Promise<number> {
    await this.ensureLayout();
    const stats = await statfs(this.root);
    return stats.bavail * stats.bsize;
  }

  /** Every object's content address (issue C: crash recovery looks for objects the catalogue lacks). */
  async objectIds(): Promise<string[]> {
    await this.ensureLayout();
    const ids: string[] = [];
    for (const first of await readdir(this.objectsDir)) {
      for (const second of await readdir(join(this.objectsDir, first)).catch(() => [])) {
        for (const name of await readdir(join(this.objectsDir, first, second)).catch(() => [])) {
          if (SHA256_HEX.test(name) && name.startsWith(first + second)) ids.push(name);
        }
      }
    }
    return ids.sort();
  }

  /** Re-hashes a stored object from the device; undefined when it is missing or no longer matches its name. */
  async reverify(sha256: string): Promise<{ size: number } | undefined> {
    try {
      return { size: (await verifyFile(this.pathOf(sha256), sha256)).size };
    } catch (error) {
      if (error instanceof ChecksumMismatchError || hasErrno(error, 'ENOENT')) return undefined;
      if (error instanceof StationError && error.cause !== undefined && hasErrno(error.cause, 'ENOENT')) return undefined;
      throw error;
    }
  }

  /**
   * Deletes .part files left by a crash and returns how many. A .part was never verified (or was already
   * published under its content address), so it is never trusted. Call once at start-up, before ingesting:
   * it would also delete the .part of an ingest that is running.
   */
  async recoverIncoming(): Promise<number> {
    await this.ensureLayout();
    let removed = 0;
    for (const entry of await readdir(this.incomingDir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(PART_SUFFIX)) continue;
      await rm(join(this.incomingDir, entry.name), { force: true });
      removed += 1;
    }
    return removed;
  }

  private ensureLayout(): Promise<void> {
    this.layoutReady ??= (async () => {
      const createdObjects = await mkdir(this.objectsDir, { recursive: true });
      const createdIncoming = await mkdir(this.incomingDir, { recursive: true });
      // A new vault's folders must survive a crash as surely as the first object stored in them.
      if (createdObjects !== undefined || createdIncoming !== undefined) await fsyncDirectory(this.root);
    })().catch((error: unknown) => {
      // Not cached: the next call tries again (the disk may have been remounted, a permission fixed).
      this.layoutReady = undefined;
      throw error;
    });
    return this.layoutReady;
  }

  private async ensureRoomFor(bytes: number): Promise<void> {
    const free = await this.freeBytes();
    if (bytes > free) throw new StationError('DISK_FULL', `the vault needs ${bytes} bytes, ${free} are free`, { needed: bytes, free });
  }

  /** Gives the verified .part its content address and makes the name durable. */
  private async publish(partPath: string, sha256: string, size: number): Promise<VerifiedCopy['status']> {
    const objectPath = this.pathOf(sha256);
    const objectDir = dirname(objectPath);
    try {
      const firstCreated = await mkdir(objectDir, { recursive: true });
      if (!(await linkWithoutReplacing(partPath, objectPath))) return 'already-stored';
      await fsyncDirectory(objectDir);
      // New fan-out folders are themselves new names in their parents, which must be durable too.
      if (firstCreated !== undefined) {
        for (let dir = dirname(objectDir); dir.length >= this.objectsDir.length; dir = dirname(dir)) await fsyncDirectory(dir);
      }
      return 'stored';
    } catch (error) {
      throw await destinationFailure(error, objectPath, size, 'publish');
    }
  }
}

/** Resolves false when `to` already exists. */
async function linkWithoutReplacing(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (hasErrno(error, 'EEXIST')) return false;
    const errno = errnoOf(error);
    if (errno === undefined || !NO_HARD_LINK_ERRNOS.has(errno)) throw error;
  }
  // No hard links here: check-then-rename, which can only race with a concurrent ingest of the same
  // content - and then both sides write identical, verified bytes.
  if (await exists(to)) return false;
  await rename(from, to);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (hasErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

async function fsyncDirectory(path: string): Promise<void> {
  // Windows cannot open a folder as a file; NTFS journals its directory entries itself.
  if (process.platform === 'win32') return;
  const handle = await open(path, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
