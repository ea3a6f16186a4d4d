/**
 * CameraCleaner for a mounted camera volume: deletes files the station has verified in its vault, and
 * only after checking each one again on the camera itself: a regular file (never a symlink) inside the
 * root, of the listed size, whose bytes - read from the medium with O_DIRECT where the filesystem
 * allows, via the vault's verifyFile - hash to the vault's SHA-256. Any failed check deletes nothing.
 *
 * The re-read costs one more pass over the camera (USB speed); it is the price of never deleting a file
 * whose content is not the one in the vault. Folders are left in place (the camera recreates DCIM
 * anyway) and nothing is formatted.
 */
import { constants } from 'node:fs';
import { lstat, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CameraCleaner, CameraDeletionFailure, CameraDeletionOutcome, VerifiedCameraFile } from '../../core/camera-cleanup/ports.js';
import { StationError } from '../../core/domain/errors.js';
import { verifyFile } from '../vault/read-back.js';
import { errnoOf } from '../vault/io-errors.js';
import { resolveInsideRoot, splitRelativePath } from './safe-relative-path.js';

export interface FsCameraCleanerOptions {
  /** Test seam: runs between the checks and the first deletion. */
  beforeDelete?: () => Promise<void> | void;
}

export class FsCameraCleaner implements CameraCleaner {
  constructor(private readonly options: FsCameraCleanerOptions = {}) {}

  async deleteVerified(root: string, files: readonly VerifiedCameraFile[], onDeleted: (file: VerifiedCameraFile) => Promise<void>): Promise<CameraDeletionOutcome> {
    const targets: { file: VerifiedCameraFile; absolutePath: string }[] = [];
    const failures: CameraDeletionFailure[] = [];
    for (const file of files) {
      try {
        targets.push({ file, absolutePath: await checkOnCamera(root, file) });
      } catch (error) {
        failures.push(failureOf(file, error));
        return { phase: 'refused', deleted: [], failures };
      }
    }
    await this.options.beforeDelete?.();

    const deleted: VerifiedCameraFile[] = [];
    const folders = new Set<string>();
    for (const target of targets) {
      try {
        await unlink(target.absolutePath);
      } catch (error) {
        failures.push(failureOf(target.file, error));
        break;
      }
      deleted.push(target.file);
      folders.add(path.dirname(target.absolutePath));
      await onDeleted(target.file);
    }
    for (const folder of folders) await syncFolder(folder);
    return { phase: 'checked', deleted, failures };
  }
}

async function checkOnCamera(root: string, file: VerifiedCameraFile): Promise<string> {
  const inside = resolveInsideRoot(root, splitRelativePath(file.relativePath));
  if (!inside.ok) throw new StationError('UNSAFE_ENTRY', `refusing to delete ${file.relativePath}: ${inside.problem}`, { file: file.relativePath, reason: inside.problem });
  const info = await lstat(inside.absolutePath);
  if (!info.isFile()) throw new StationError('UNSAFE_ENTRY', `refusing to delete ${file.relativePath}: not a regular file`, { file: file.relativePath, reason: 'special-file' });
  if (info.size !== file.size) throw new StationError('CHECKSUM_MISMATCH', `${file.relativePath} is ${info.size} bytes, the vault copy ${file.size}`, { file: file.relativePath });
  await verifyFile(inside.absolutePath, file.sha256, { expectedSize: file.size });
  return inside.absolutePath;
}

function failureOf(file: VerifiedCameraFile, error: unknown): CameraDeletionFailure {
  const code = error instanceof StationError ? error.code : (errnoOf(error) ?? 'INTERNAL');
  return { file, code, message: error instanceof Error ? error.message : String(error) };
}

/** Best effort: FAT/exFAT camera volumes may not support fsync on a folder. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(folder, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The deletions are done; a folder that cannot be fsync'd changes nothing about them.
  }
}
