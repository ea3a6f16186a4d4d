/**
 * Durable writes to a folder outside the data folder (an external disk, a party's copy): every file
 * created new ('wx') and fsync'd before it counts, folders fsync'd where the filesystem allows it.
 * Shared by the archive's folder target and the supervision party-copy writer.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errnoOf } from './io-errors.js';

/** Creates `file` (never overwrites: 'wx'), writes `bytes` and fsyncs it before resolving. */
export async function writeNewFileSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface CopyDurablyOptions {
  /** Bytes read and written per step. */
  chunkBytes: number;
  /** Called after each chunk with the bytes it held. */
  onBytes?: ((bytes: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Copies `source` to a new file `destination` ('wx'), handling short writes, and fsyncs it. */
export async function copyFileDurably(source: string, destination: string, options: CopyDurablyOptions): Promise<void> {
  const { chunkBytes, onBytes, signal } = options;
  const input = await open(source, 'r');
  let output: FileHandle | undefined;
  try {
    output = await open(destination, 'wx');
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await input.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      let offset = 0;
      while (offset < bytesRead) offset += (await output.write(buffer, offset, bytesRead - offset, null)).bytesWritten;
      onBytes?.(bytesRead);
    }
    await output.sync();
  } finally {
    await input.close();
    await output?.close();
  }
}

/** Makes the entries of `folder` durable. A no-op on Windows (a folder cannot be opened for fsync there). */
export async function fsyncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems (exFAT over FUSE, network shares) cannot fsync a folder; the files are synced.
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP'].includes(errnoOf(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
