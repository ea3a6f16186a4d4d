/**
 * Writes restored files into the new data folder: each to a temporary name, hashed on the way, and
 * renamed into place only when its SHA-256 and size match the manifest. A damaged object leaves
 * nothing behind under its name. Vault objects end read-only, like the ones the vault itself makes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from '../../core/backup/errors.js';
import { checkedStream } from '../../core/backup/object-stream.js';
import type { RestoreSink } from '../../core/backup/ports.js';
import { fsyncDirectory } from '../audit/durable-file.js';

export class FsRestoreSink implements RestoreSink {
  constructor(private readonly dataDir: string) {}

  async write(relative: string, data: AsyncIterable<Buffer>, expected: { sha256: string; size: number }, mode: 'vault' | 'private' | 'normal'): Promise<void> {
    const destination = path.join(this.dataDir, ...relative.split('/'));
    const temporary = `${destination}.restore-${randomBytes(4).toString('hex')}`;
    await mkdir(path.dirname(destination), { recursive: true, mode: relative.startsWith('keys/') ? 0o700 : 0o755 });
    const mismatch = (actual: { sha256: string; size: number }) => new BackupError('BACKUP_OBJECT_CORRUPT', `${relative} decrypted to ${actual.sha256} (${actual.size} bytes), not ${expected.sha256}`, { object: relative, detail: 'hash differs' });
    try {
      const handle = await open(temporary, 'wx', mode === 'private' ? 0o600 : 0o644);
      try {
        for await (const piece of checkedStream(data, expected, mismatch)) {
          let offset = 0;
          while (offset < piece.length) offset += (await handle.write(piece, offset, piece.length - offset)).bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mode === 'vault') await chmod(temporary, 0o444);
      await rename(temporary, destination);
      await fsyncDirectory(path.dirname(destination));
    } catch (error) {
      await rm(temporary, { force: true });
      if (error instanceof BackupError) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (code === 'ENOSPC') throw new BackupError('BACKUP_RESTORE_FAILED', `no room left in ${this.dataDir} while restoring ${relative}`, { object: relative, errno: code });
      throw new BackupError('BACKUP_RESTORE_FAILED', `cannot write ${relative}: ${error instanceof Error ? error.message : String(error)}`, { object: relative, errno: code || 'unknown' });
    }
  }
}
