/**
 * Reads a small text file from a camera volume without trusting it: the last component must not be a
 * symlink (O_NOFOLLOW), a FIFO must not block the station (O_NONBLOCK), and anything that is not a
 * regular file or is larger than expected is ignored.
 */
import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';

/** O_NOFOLLOW does not exist on Windows; there the caller's lstat check is the guard. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

export async function readSmallRegularFile(absolutePath: string, maxBytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(absolutePath, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
