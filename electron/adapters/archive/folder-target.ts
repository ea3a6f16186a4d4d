/**
 * The external-disk target: the same bag written to a chosen folder, made durable, then read back.
 *
 *   <folder>/<discId>.partial/...   written first: every file created new ('wx'), fsync'd, read-only
 *   <folder>/<discId>/              renamed into place once every file and folder is fsync'd
 *
 * Space is checked before the first byte is written; a disk that fills up anyway (another writer,
 * filesystem overhead) fails with DISK_FULL, the partial folder is removed and nothing is registered.
 * The read-back reuses the vault's verifier (electron/adapters/vault/read-back.ts): O_DIRECT where the
 * filesystem allows it, so the bytes come from the disk, not from the page cache that just wrote them.
 */
import { chmod, mkdir, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError } from '../../core/archive/errors.js';
import type { ArchiveTarget, DiscFile, MediaSizeId } from '../../core/archive/model.js';
import type { DiscWriter, ReadBackFile, ReadBackProgress, ReadBackReport, TargetCapacity, WriteProgress, WriteRequest, WrittenDisc } from '../../core/archive/ports.js';
import { ChecksumMismatchError } from '../../core/domain/errors.js';
import { verifyFile } from '../vault/read-back.js';
import { errnoOf } from '../vault/io-errors.js';
import { copyFileDurably, fsyncFolder } from '../vault/durable-write.js';

const CHUNK = 8 * 1024 * 1024;
/** Room kept free beyond the bytes of the files: folder entries and the filesystem's own blocks. */
export const FOLDER_SLACK_BYTES = 4 * 1024 * 1024;
const PER_FILE_SLACK = 64 * 1024;
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

export interface FolderWriterOptions {
  /** Read back with O_DIRECT where possible (default true). */
  directIo?: boolean;
  freeBytes?: (folder: string) => Promise<number>;
}

async function statfsFree(folder: string): Promise<number> {
  const stats = await statfs(folder);
  return stats.bavail * stats.bsize;
}

export class FolderDiscWriter implements DiscWriter {
  readonly kind = 'folder' as const;

  constructor(
    readonly target: Extract<ArchiveTarget, { kind: 'folder' }>,
    private readonly options: FolderWriterOptions = {},
  ) {}

  async capacity(_media: MediaSizeId | undefined): Promise<TargetCapacity> {
    await this.assertFolder();
    return { capacityBytes: await this.free(), single: true };
  }

  async write(request: WriteRequest, onProgress: (progress: WriteProgress) => void, signal?: AbortSignal): Promise<WrittenDisc> {
    await this.assertFolder();
    const { disc } = request;
    const finalDir = path.join(this.target.path, disc.discId);
    const partialDir = `${finalDir}.partial`;
    if (await exists(finalDir)) throw new ArchiveError('ARCHIVE_TARGET_EXISTS', `${finalDir} already exists; a copy is never overwritten`, { path: finalDir });
    const needed = disc.bytes + FOLDER_SLACK_BYTES + disc.files.length * PER_FILE_SLACK;
    const free = await this.free();
    if (needed > free) throw new ArchiveError('DISK_FULL', `the copy needs ${needed} bytes on ${this.target.path}, ${free} are free`, { needed, free, file: this.target.path });

    await rm(partialDir, { recursive: true, force: true });
    let written = 0;
    try {
      await mkdir(partialDir);
      const folders = new Set<string>([partialDir]);
      for (const file of [...disc.files].sort((a, b) => a.path.localeCompare(b.path))) {
        signal?.throwIfAborted();
        const destination = path.join(partialDir, ...file.path.split('/'));
        for (let dir = path.dirname(destination); !folders.has(dir); dir = path.dirname(dir)) folders.add(dir);
        await mkdir(path.dirname(destination), { recursive: true });
        await copyDurably(path.join(disc.root, ...file.path.split('/')), destination, (bytes) => {
          written += bytes;
          onProgress({ phase: 'writing', bytesDone: written, bytesTotal: disc.bytes });
        }, signal);
      }
      // Deepest folders first, so every new entry is durable before its parent's.
      for (const dir of [...folders].sort((a, b) => b.length - a.length)) await fsyncFolder(dir);
      await rename(partialDir, finalDir);
      await fsyncFolder(this.target.path);
    } catch (error) {
      await rm(partialDir, { recursive: true, force: true }).catch(() => undefined);
      if (NO_SPACE.has(errnoOf(error) ?? '')) {
        const nowFree = await this.free().catch(() => 0);
        throw new ArchiveError('DISK_FULL', `${this.target.path} filled up while writing the copy (${written} of ${disc.bytes} bytes written)`, { needed, free: nowFree, file: this.target.path }, { cause: error });
      }
      if (error instanceof ArchiveError || signal?.aborted) throw error;
      throw new ArchiveError('ARCHIVE_WRITE_FAILED', `writing the copy to ${this.target.path} failed: ${error instanceof Error ? error.message : String(error)}`, { path: this.target.path, errno: errnoOf(error) ?? '' }, { cause: error });
    }
    return { location: finalDir, volumeId: disc.volumeId, bytesWritten: written };
  }

  readBack(location: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal?: AbortSignal): Promise<ReadBackReport> {
    return readBackFolder(location, expected, onProgress, signal, this.options.directIo ?? true);
  }

  async release(): Promise<void> {}

  private free(): Promise<number> {
    return (this.options.freeBytes ?? statfsFree)(this.target.path);
  }

  private async assertFolder(): Promise<void> {
    let info;
    try {
      info = await stat(this.target.path);
    } catch (error) {
      throw new ArchiveError('ARCHIVE_TARGET_INVALID', `the target folder ${this.target.path} does not exist (is the disk connected?)`, { path: this.target.path, errno: errnoOf(error) ?? '' });
    }
    if (!info.isDirectory()) throw new ArchiveError('ARCHIVE_TARGET_INVALID', `${this.target.path} is not a folder`, { path: this.target.path });
  }
}

/** Copies one file of the bag; copies of evidence are read-only, like the vault. */
async function copyDurably(source: string, destination: string, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
  await copyFileDurably(source, destination, { chunkBytes: CHUNK, onBytes, signal });
  // FAT and exFAT ignore or refuse modes: fine.
  await chmod(destination, 0o444).catch(() => undefined);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads every expected file under `root` and reports its SHA-256 (never judges). Uses the vault's
 * verifier, which re-reads with O_DIRECT where allowed; a mismatch comes back as the actual hash.
 */
export async function readBackFolder(root: string, expected: readonly DiscFile[], onProgress: (progress: ReadBackProgress) => void, signal: AbortSignal | undefined, directIo: boolean): Promise<ReadBackReport> {
  const bytesTotal = expected.reduce((n, file) => n + file.size, 0);
  let bytesBefore = 0;
  let fromDevice = true;
  const files: ReadBackFile[] = [];
  for (const file of expected) {
    signal?.throwIfAborted();
    const full = path.join(root, ...file.path.split('/'));
    try {
      const result = await verifyFile(full, file.sha256, {
        directIo,
        ...(signal === undefined ? {} : { signal }),
        onProgress: (p) => onProgress({ bytesDone: bytesBefore + p.bytesDone, bytesTotal, currentFile: file.path }),
      });
      fromDevice &&= result.readFromDevice;
      files.push({ path: file.path, size: result.size, sha256: result.sha256 });
    } catch (error) {
      if (error instanceof ChecksumMismatchError) files.push({ path: file.path, sha256: error.actual });
      else if (errnoOf(error) === 'ENOENT' || (error instanceof Error && 'params' in error && (error as { params: { errno?: string } }).params.errno === 'ENOENT')) {
        // Missing: left out, the judge reports it.
      } else {
        if (signal?.aborted) throw error;
        files.push({ path: file.path, error: error instanceof Error ? error.message : String(error) });
      }
    }
    bytesBefore += file.size;
    onProgress({ bytesDone: bytesBefore, bytesTotal, currentFile: file.path });
  }
  const wanted = new Set(expected.map((file) => file.path));
  const unexpected = (await listFiles(root)).filter((file) => !wanted.has(file));
  return { files, unexpected, fromDevice };
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, ...prefix.split('/').filter(Boolean)), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(root, relative)));
    else found.push(relative);
  }
  return found;
}
