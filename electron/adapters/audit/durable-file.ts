/**
 * Small file-system steps with the durability the audit log depends on: full writes, fsync'd
 * directory entries, never-overwrite creation.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Creates `path` (or `path-1`, `path-2`, ... if taken) with `bytes`, fsyncs it and its folder, and
 * returns the path used. Never overwrites: what it writes is kept as evidence.
 */
export async function writeNewFileDurably(path: string, bytes: Buffer): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const candidate = attempt === 0 ? path : `${path}-${attempt}`;
    try {
      await createFileDurably(candidate, bytes, 0o440);
    } catch (error) {
      if (isCode(error, 'EEXIST')) continue;
      throw error;
    }
    return candidate;
  }
}

/** Creates `path` (EEXIST if it is there: never overwrites) with `mode` and `bytes`, fsyncs it and its folder. */
export async function createFileDurably(path: string, bytes: Buffer, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await writeAll(handle, bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDirectory(dirname(path));
}

/** The text of `path` (UTF-8), or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Replaces (or creates) `path` with `bytes` so that after a crash it holds either the old or the new
 * content, never a mix: temp file in the same folder (created with `mode`), fsync, rename, fsync the folder.
 */
export async function writeFileAtomically(path: string, bytes: Buffer, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temporary, 'wx', mode);
  try {
    try {
      await writeAll(handle, bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(path));
}

/** write() may write fewer bytes than asked; with O_APPEND each continuation lands at the end. */
export async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const result = await handle.write(bytes, written, bytes.length - written, null);
    written += result.bytesWritten;
  }
}

/** Makes a new directory entry (a created log, an aside file) survive power loss. */
export async function fsyncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a directory; there the file's own fsync is all there is.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].some((code) => isCode(error, code))) throw error;
  } finally {
    await handle?.close();
  }
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

export function isNotFound(error: unknown): boolean {
  return isCode(error, 'ENOENT');
}
