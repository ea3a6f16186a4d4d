/**
 * Writes a party's copy package on an external disk or folder (docs/supervision.md, "Copy package"):
 *
 *   <destination>/<request>_<time>.partial/   written first; every file created new, fsync'd
 *     001_<name>            the original byte for byte, or a marked re-encoded copy
 *     cover-sheet.pdf       the cover sheet (request, recipient, approver, files and hashes)
 *     manifest.json         every file: role, size, SHA-256 (and the original's for a marked copy)
 *     manifest-sha256.txt   `sha256sum -c` format, every file above including manifest.json
 *   <destination>/<request>_<time>/           renamed into place, then read back against the manifest
 *
 * The vault file is only read. Space is checked before the first byte; a disk that fills up anyway or
 * disappears part-way fails with DISK_FULL / EXPORT_DESTINATION_MISSING, and the partial folder is
 * removed: no half package is ever left looking finished.
 */
import { chmod, mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../core/domain/errors.js';
import type { PartyCopyFile } from '../../core/supervision/model.js';
import type { PackageRequest, PartyCopyWriter, WrittenPackage } from '../../core/supervision/ports.js';
import { locateCjkFont, type CjkFont } from '../archive/font-locator.js';
import { hashFile } from '../archive/hash-file.js';
import { verifyFile } from '../vault/read-back.js';
import { errnoOf } from '../vault/io-errors.js';
import { copyFileDurably, fsyncFolder, writeNewFileSynced } from '../vault/durable-write.js';
import { renderCoverSheet } from './cover-sheet-pdf.js';
import { FfmpegWatermarker, watermarkedName } from './watermark.js';

const CHUNK = 4 * 1024 * 1024;
const SLACK_BYTES = 4 * 1024 * 1024;
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const GONE = new Set(['ENOENT', 'ENODEV', 'ENXIO', 'EIO', 'ENOTDIR']);

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_SHA256 = 'manifest-sha256.txt';
export const COVER_SHEET = 'cover-sheet.pdf';

export interface PartyCopyWriterOptions {
  freeBytes?: (folder: string) => Promise<number>;
  locateFont?: () => Promise<CjkFont>;
  watermarker?: Pick<FfmpegWatermarker, 'mark'>;
  /** Read back with O_DIRECT where possible (default true). */
  directIo?: boolean;
}

async function statfsFree(folder: string): Promise<number> {
  const stats = await statfs(folder);
  return stats.bavail * stats.bsize;
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function isFolder(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}

export function manifestText(files: readonly Pick<PartyCopyFile, 'path' | 'sha256'>[]): string {
  return files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
}

export class FsPartyCopyWriter implements PartyCopyWriter {
  private readonly watermarker: Pick<FfmpegWatermarker, 'mark'>;

  constructor(private readonly options: PartyCopyWriterOptions = {}) {
    this.watermarker = options.watermarker ?? new FfmpegWatermarker();
  }

  async write(request: PackageRequest): Promise<WrittenPackage> {
    const { destination } = request;
    if (!path.isAbsolute(destination)) throw new StationError('EXPORT_DESTINATION_MISSING', `the destination ${destination} is not a full path (e.g. /media/usb1 or E:\\)`, { destination });
    if (!(await isFolder(destination)))
      throw new StationError('EXPORT_DESTINATION_MISSING', `the destination ${destination} does not exist or is not a folder (is the disk connected?)`, { destination });
    const font = await (this.options.locateFont ?? locateCjkFont)().catch((error: unknown) => {
      throw new StationError('EXPORT_WRITE_FAILED', error instanceof Error ? error.message : String(error), { destination, reason: 'font-missing' });
    });
    const needed = request.items.reduce((sum, item) => sum + item.size, 0) + SLACK_BYTES;
    const free = await (this.options.freeBytes ?? statfsFree)(destination);
    if (needed > free) throw new StationError('DISK_FULL', `the copy needs ${needed} bytes on ${destination}, ${free} are free`, { needed, free, file: destination });

    const finalDir = path.join(destination, request.folderName);
    const partialDir = `${finalDir}.partial`;
    try {
      await mkdir(partialDir);
      const files: (PartyCopyFile & { originalName?: string })[] = [];
      for (const item of request.items) {
        if (item.watermarkText !== undefined) {
          const name = watermarkedName(item.fileName, item.kind);
          const target = path.join(partialDir, name);
          await this.watermarker.mark(item.sourcePath, target, item.kind, item.watermarkText, font);
          await syncFile(target);
          const { sha256, size } = await hashFile(target);
          files.push({ path: name, size, sha256, role: 'watermarked-copy', clipId: item.clipId, originalSha256: item.clipId, originalName: item.originalName });
        } else {
          const target = path.join(partialDir, item.fileName);
          await copyFileDurably(item.sourcePath, target, { chunkBytes: CHUNK });
          const { sha256, size } = await hashFile(target);
          // The vault key is the original's SHA-256: a byte-for-byte copy must hash to it.
          if (sha256 !== item.clipId) throw new StationError('EXPORT_VERIFY_FAILED', `the copy of ${item.originalName} does not match the original (expected ${item.clipId}, wrote ${sha256})`, { file: item.fileName, expected: item.clipId, actual: sha256 });
          files.push({ path: item.fileName, size, sha256, role: 'copy', clipId: item.clipId, originalSha256: item.clipId, originalName: item.originalName });
        }
        await chmod(path.join(partialDir, files.at(-1)?.path ?? ''), 0o444).catch(() => undefined);
      }
      const cover = await renderCoverSheet(font, request.cover, files);
      await writeNewFileSynced(path.join(partialDir, COVER_SHEET), cover);
      const { sha256: coverSha } = await hashFile(path.join(partialDir, COVER_SHEET));
      const packaged: PartyCopyFile[] = [...files.map(({ originalName: _name, ...file }) => file), { path: COVER_SHEET, size: cover.length, sha256: coverSha, role: 'cover-sheet' }];
      const manifest = Buffer.from(`${JSON.stringify({ format: 'evidence-station party copy 1', requestId: request.cover.requestId, recipient: request.cover.recipientName, approvedBy: request.cover.approvedBy, producedBy: request.cover.producedBy, producedAt: request.cover.producedAt, watermark: request.cover.watermark, files: packaged }, null, 2)}\n`, 'utf8');
      await writeNewFileSynced(path.join(partialDir, MANIFEST_JSON), manifest);
      const { sha256: manifestJsonSha } = await hashFile(path.join(partialDir, MANIFEST_JSON));
      const sums = Buffer.from(manifestText([...packaged, { path: MANIFEST_JSON, sha256: manifestJsonSha }]), 'utf8');
      await writeNewFileSynced(path.join(partialDir, MANIFEST_SHA256), sums);
      await fsyncFolder(partialDir);
      await rename(partialDir, finalDir);
      await fsyncFolder(destination);

      // Read back from the disk, not from what we meant to write.
      const expected = [...packaged, { path: MANIFEST_JSON, sha256: manifestJsonSha }];
      for (const file of expected) {
        try {
          await verifyFile(path.join(finalDir, file.path), file.sha256, { directIo: this.options.directIo ?? true });
        } catch (error) {
          await rm(finalDir, { recursive: true, force: true }).catch(() => undefined);
          throw new StationError('EXPORT_VERIFY_FAILED', `${file.path} did not read back as written from ${destination}: ${error instanceof Error ? error.message : String(error)}`, { file: file.path, destination });
        }
      }
      const { sha256: manifestSha256 } = await hashFile(path.join(finalDir, MANIFEST_SHA256));
      return { folder: finalDir, files: packaged, manifestSha256 };
    } catch (error) {
      await rm(partialDir, { recursive: true, force: true }).catch(() => undefined);
      throw await this.describe(error, destination, needed);
    }
  }

  private async describe(error: unknown, destination: string, needed: number): Promise<unknown> {
    const errno = errnoOf(error) ?? (error instanceof StationError ? (error.params.errno as string | undefined) : undefined) ?? '';
    if (NO_SPACE.has(errno)) {
      const free = await (this.options.freeBytes ?? statfsFree)(destination).catch(() => 0);
      return new StationError('DISK_FULL', `${destination} filled up while writing the copy package; nothing was kept`, { needed, free, file: destination });
    }
    if (GONE.has(errno) && !(await isFolder(destination))) return new StationError('EXPORT_DESTINATION_MISSING', `the destination ${destination} disappeared while writing (was the disk removed?); nothing was kept`, { destination });
    if (error instanceof StationError) return error;
    return new StationError('EXPORT_WRITE_FAILED', `writing the copy package to ${destination} failed: ${error instanceof Error ? error.message : String(error)}`, { destination, errno });
  }
}
