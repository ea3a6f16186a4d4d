/**
 * A file read in chunks straight from the device (O_DIRECT), with the page cache as the fallback where
 * the OS or filesystem refuses O_DIRECT. Used for both ends of the copy:
 *  - the camera file: measured on 3 GB, O_DIRECT reads cost 2.2-2.4 s of CPU against 3.4-6.2 s through
 *    the page cache (no copy into the cache, no cache to reclaim) and ran at a steadier 590-710 MB/s
 *    against 400-630 MB/s on this shared machine; it also guarantees the hash is taken from the medium,
 *    not from pages cached before the camera was re-docked;
 *  - the read-back of the copy, where bypassing the cache is the point (see read-back.ts).
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ChunkBufferSlab } from './aligned-buffers.js';
import { DIRECT_IO_BLOCK_BYTES, alignUp, isAligned, type ChunkSpan } from './chunk-plan.js';
import { hasErrno } from './io-errors.js';

const O_DIRECT_FLAG: number | undefined = constants.O_DIRECT;

export interface DirectReadOptions {
  /** Extra open flags (e.g. O_NOFOLLOW); O_RDONLY and O_DIRECT are added here. */
  flags: number;
  allowDirect: boolean;
  /** Probed for memory alignment if it has not been yet; the chunk buffers must come from it. */
  slab: ChunkBufferSlab;
  /** Turns an errno failure into the caller's StationError. */
  describeFailure: (error: unknown) => Promise<unknown>;
}

export class DirectReadFile {
  private bufferedHandle: Promise<FileHandle> | undefined;
  /** Direct handles given up after EINVAL; reads of other chunks may still run on them until close(). */
  private readonly retiredHandles: FileHandle[] = [];

  private constructor(
    private readonly path: string,
    private readonly options: DirectReadOptions,
    private directHandle: FileHandle | undefined,
    /** fstat at open time. */
    readonly stats: Stats,
  ) {}

  static async open(path: string, options: DirectReadOptions): Promise<DirectReadFile> {
    const opened = await openPreferringDirect(path, options);
    try {
      const stats = await guarded(options, () => opened.handle.stat());
      const file = new DirectReadFile(path, options, opened.direct ? opened.handle : undefined, stats);
      if (opened.direct) {
        const probe = (view: Buffer): Promise<boolean> => file.probeRead(opened.handle, view);
        // A file without a full first block gives the probe nothing to read; such files are tiny anyway.
        const usable = stats.isFile() && stats.size >= DIRECT_IO_BLOCK_BYTES && (await options.slab.prepareForDirectIo(probe));
        if (!usable) file.stopDirectIo();
      } else {
        file.bufferedHandle = Promise.resolve(opened.handle);
      }
      return file;
    } catch (error) {
      await opened.handle.close().catch(() => undefined);
      throw error;
    }
  }

  get readsFromDevice(): boolean {
    return this.directHandle !== undefined;
  }

  /** Reads `span` into `buffer`; resolves with the bytes read, fewer than asked only at end of file. */
  readonly readChunk = async (buffer: Buffer, span: ChunkSpan): Promise<number> => {
    const direct = this.directHandle;
    if (direct !== undefined) {
      try {
        return await readDirect(direct, buffer, span);
      } catch (error) {
        if (!hasErrno(error, 'EINVAL')) throw await this.options.describeFailure(error);
        this.stopDirectIo();
      }
    }
    const handle = await this.buffered();
    return guarded(this.options, () => readBuffered(handle, buffer, span));
  };

  /** The size now, which may differ from `stats.size` if the file changed while being read. */
  async currentSize(): Promise<number> {
    const handle = this.directHandle ?? (await this.buffered());
    return (await guarded(this.options, () => handle.stat())).size;
  }

  async close(): Promise<void> {
    const handles: Promise<FileHandle>[] = this.retiredHandles.splice(0).map((handle) => Promise.resolve(handle));
    if (this.directHandle !== undefined) handles.push(Promise.resolve(this.directHandle));
    if (this.bufferedHandle !== undefined) handles.push(this.bufferedHandle);
    this.directHandle = undefined;
    this.bufferedHandle = undefined;
    const results = await Promise.allSettled(handles.map(async (handle) => (await handle).close()));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw await this.options.describeFailure(failure.reason);
  }

  private async probeRead(handle: FileHandle, view: Buffer): Promise<boolean> {
    try {
      await handle.read(view, 0, DIRECT_IO_BLOCK_BYTES, 0);
      return true;
    } catch (error) {
      if (hasErrno(error, 'EINVAL')) return false;
      throw await this.options.describeFailure(error);
    }
  }

  private buffered(): Promise<FileHandle> {
    this.bufferedHandle ??= guarded(this.options, () => open(this.path, constants.O_RDONLY | this.options.flags));
    return this.bufferedHandle;
  }

  private stopDirectIo(): void {
    if (this.directHandle !== undefined) this.retiredHandles.push(this.directHandle);
    this.directHandle = undefined;
  }
}

async function openPreferringDirect(path: string, options: DirectReadOptions): Promise<{ handle: FileHandle; direct: boolean }> {
  const flags = constants.O_RDONLY | options.flags;
  if (options.allowDirect && O_DIRECT_FLAG !== undefined) {
    try {
      return { handle: await open(path, flags | O_DIRECT_FLAG), direct: true };
    } catch (error) {
      if (!hasErrno(error, 'EINVAL')) throw await options.describeFailure(error);
    }
  }
  return { handle: await guarded(options, () => open(path, flags)), direct: false };
}

/**
 * O_DIRECT reads whole blocks, so the request is rounded up (chunk buffers are whole blocks long); at the
 * end of the file the kernel returns only the bytes that exist. A read that ends off a block boundary has
 * reached the end of the file.
 */
async function readDirect(handle: FileHandle, buffer: Buffer, span: ChunkSpan): Promise<number> {
  const request = alignUp(span.length, DIRECT_IO_BLOCK_BYTES);
  let filled = 0;
  while (filled < request) {
    const { bytesRead } = await handle.read(buffer, filled, request - filled, span.position + filled);
    filled += bytesRead;
    if (bytesRead === 0 || !isAligned(filled, DIRECT_IO_BLOCK_BYTES)) break;
  }
  return Math.min(filled, span.length);
}

async function readBuffered(handle: FileHandle, buffer: Buffer, span: ChunkSpan): Promise<number> {
  let filled = 0;
  while (filled < span.length) {
    const { bytesRead } = await handle.read(buffer, filled, span.length - filled, span.position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

async function guarded<T>(options: DirectReadOptions, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw await options.describeFailure(error);
  }
}
