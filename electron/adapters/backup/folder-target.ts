/**
 * The folder target: a NAS or SMB share the OS has mounted, or a rotated USB disk (the embedded
 * default). Each object is written to a temporary name, fsync'd, renamed into place and the folder
 * fsync'd, so a pulled cable or a power cut leaves either the whole object or none under its name.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupTarget, TargetEntry } from '../../core/backup/ports.js';
import { fsyncDirectory } from '../audit/durable-file.js';
import { fsTargetError } from './target-errors.js';

const PART = '.part-';

export class FolderTarget implements BackupTarget {
  readonly verifyAfterUpload = 'full' as const;
  readonly description: string;

  private constructor(private readonly root: string) {
    this.description = root;
  }

  /** The folder must exist or be creatable inside an existing parent (a mounted disk or share). */
  static async open(root: string): Promise<FolderTarget> {
    const absolute = path.resolve(root);
    try {
      await stat(path.dirname(absolute));
      await mkdir(absolute, { recursive: true });
    } catch (error) {
      throw fsTargetError(error, absolute, 'root');
    }
    return new FolderTarget(absolute);
  }

  private resolve(name: string): string {
    return path.join(this.root, ...name.split('/'));
  }

  async list(prefix: string): Promise<TargetEntry[]> {
    const dirName = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const entries: TargetEntry[] = [];
    const walk = async (relative: string): Promise<void> => {
      let names: import('node:fs').Dirent[];
      try {
        names = await readdir(this.resolve(relative), { withFileTypes: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return;
        throw fsTargetError(error, this.root, relative);
      }
      for (const entry of names) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(child);
        else if (entry.isFile() && !entry.name.includes(PART) && child.startsWith(prefix)) entries.push({ name: child, size: (await stat(this.resolve(child))).size });
      }
    };
    await walk(dirName);
    return entries;
  }

  async put(name: string, data: AsyncIterable<Buffer>): Promise<void> {
    const finalPath = this.resolve(name);
    const partPath = `${finalPath}${PART}${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(path.dirname(finalPath), { recursive: true });
      const handle = await open(partPath, 'wx', 0o600);
      try {
        for await (const piece of data) {
          let offset = 0;
          while (offset < piece.length) offset += (await handle.write(piece, offset, piece.length - offset)).bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partPath, finalPath);
      await fsyncDirectory(path.dirname(finalPath));
    } catch (error) {
      await rm(partPath, { force: true }).catch(() => undefined);
      throw fsTargetError(error, this.root, name);
    }
  }

  async *get(name: string): AsyncIterable<Buffer> {
    try {
      for await (const piece of createReadStream(this.resolve(name), { highWaterMark: 1024 * 1024 })) yield piece as Buffer;
    } catch (error) {
      throw fsTargetError(error, this.root, name);
    }
  }

  async getRange(name: string, start: number, length: number): Promise<Buffer> {
    try {
      const handle = await open(this.resolve(name), 'r');
      try {
        const buffer = Buffer.alloc(length);
        let got = 0;
        while (got < length) {
          const { bytesRead } = await handle.read(buffer, got, length - got, start + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return buffer.subarray(0, got);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw fsTargetError(error, this.root, name);
    }
  }

  async close(): Promise<void> {}

  /** Leftover temporary files from an interrupted run (a new run writes under new temporary names). */
  async removeLeftovers(): Promise<number> {
    let removed = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.includes(PART)) {
          await rm(full, { force: true });
          removed += 1;
        }
      }
    };
    await walk(this.root);
    return removed;
  }
}
