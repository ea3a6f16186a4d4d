/**
 * The .part file being written. Whole blocks go through O_DIRECT, so the data is on the device (not
 * just in the page cache) when the write returns, and the later read-back genuinely comes from the disk.
 * O_DIRECT cannot write a partial last block, so the tail of the file is written through a second,
 * ordinary handle: simpler and safer than padding the last block and truncating back, which would put
 * bytes into the file that were never read from the camera. Where O_DIRECT is not available (no
 * O_DIRECT flag on this OS, a filesystem that refuses it with EINVAL, memory the kernel will not take)
 * every byte goes through the ordinary handle and fsync makes it durable.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ChunkBufferSlab } from './aligned-buffers.js';
import { DIRECT_IO_BLOCK_BYTES, directLimitFor, routeWrite } from './chunk-plan.js';
import { hasErrno } from './io-errors.js';

/** The part of a FileHandle the writer needs; tests substitute fakes to check positions beyond 4 GiB. */
export interface WritableFile {
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenWritableFile = (path: string, flags: number, mode: number) => Promise<WritableFile>;

const PART_FILE_MODE = 0o600;
/** Undefined where the OS has no O_DIRECT (macOS, Windows): those always use the page cache. */
const O_DIRECT_FLAG: number | undefined = constants.O_DIRECT;

export class DestinationFile {
  private bufferedHandle: Promise<WritableFile> | undefined;

  private constructor(
    private readonly path: string,
    private directHandle: WritableFile | undefined,
    private readonly directLimit: number,
    private readonly openFile: OpenWritableFile,
  ) {}

  /**
   * Creates `path` (which must not exist). With `allowDirect`, tries O_DIRECT and probes `slab` for
   * memory the kernel accepts; the probe writes one block at offset 0, which the first chunk overwrites.
   */
  static async create(path: string, totalBytes: number, slab: ChunkBufferSlab, allowDirect: boolean, openFile: OpenWritableFile = open): Promise<DestinationFile> {
    const directLimit = directLimitFor(totalBytes);
    const createFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    if (!allowDirect || O_DIRECT_FLAG === undefined || directLimit === 0) {
      return new DestinationFile(path, undefined, 0, openFile).withBufferedHandle(openFile(path, createFlags, PART_FILE_MODE));
    }
    let directHandle: WritableFile;
    try {
      directHandle = await openFile(path, createFlags | O_DIRECT_FLAG, PART_FILE_MODE);
    } catch (error) {
      if (!hasErrno(error, 'EINVAL')) throw error;
      // Linux creates the file before it checks O_DIRECT support, so the fallback must not insist on O_EXCL.
      const bufferedFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
      return new DestinationFile(path, undefined, 0, openFile).withBufferedHandle(openFile(path, bufferedFlags, PART_FILE_MODE));
    }
    try {
      const probe = async (view: Buffer): Promise<boolean> => {
        try {
          await directHandle.write(view, 0, DIRECT_IO_BLOCK_BYTES, 0);
          return true;
        } catch (error) {
          if (hasErrno(error, 'EINVAL')) return false;
          throw error;
        }
      };
      if (await slab.prepareForDirectIo(probe)) return new DestinationFile(path, directHandle, directLimit, openFile);
    } catch (error) {
      await directHandle.close().catch(() => undefined);
      throw error;
    }
    await directHandle.close();
    return new DestinationFile(path, undefined, 0, openFile);
  }

  /** True while whole blocks are still being written with O_DIRECT. */
  get usesDirectIo(): boolean {
    return this.directHandle !== undefined;
  }

  /** Writes `length` bytes from the start of `buffer` at file offset `position`. */
  async write(buffer: Buffer, length: number, position: number): Promise<void> {
    const route = routeWrite(position, length, this.directHandle === undefined ? 0 : this.directLimit);
    if (route.directLength > 0 && this.directHandle !== undefined) {
      try {
        await writeFully(this.directHandle, buffer, 0, route.directLength, position);
      } catch (error) {
        if (!hasErrno(error, 'EINVAL')) throw error;
        // The kernel refused this buffer or offset after all (e.g. a stricter device than the probe saw):
        // rewrite the range and everything after it through the page cache instead of failing the ingest.
        await this.stopDirectIo();
        await writeFully(await this.buffered(), buffer, 0, route.directLength, position);
      }
    }
    if (route.bufferedLength > 0) {
      await writeFully(await this.buffered(), buffer, route.directLength, route.bufferedLength, route.bufferedPosition);
    }
  }

  /**
   * Makes the copy read-only and durable. fsync works on the inode, so one call on either handle flushes
   * the page-cache tail, the metadata of the direct writes and the disk's write cache.
   */
  async finish(mode: number): Promise<void> {
    const handle = this.directHandle ?? (await this.buffered());
    await handle.chmod(mode);
    await handle.sync();
  }

  /** Closes every handle; the first close error is thrown after all were attempted. */
  async close(): Promise<void> {
    const handles: Promise<WritableFile>[] = [];
    if (this.directHandle !== undefined) handles.push(Promise.resolve(this.directHandle));
    if (this.bufferedHandle !== undefined) handles.push(this.bufferedHandle);
    this.directHandle = undefined;
    this.bufferedHandle = undefined;
    const results = await Promise.allSettled(handles.map(async (handle) => (await handle).close()));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  private withBufferedHandle(handle: Promise<WritableFile>): Promise<DestinationFile> {
    this.bufferedHandle = handle;
    return handle.then(() => this);
  }

  private buffered(): Promise<WritableFile> {
    this.bufferedHandle ??= this.openFile(this.path, constants.O_WRONLY, PART_FILE_MODE);
    return this.bufferedHandle;
  }

  private async stopDirectIo(): Promise<void> {
    const handle = this.directHandle;
    this.directHandle = undefined;
    await handle?.close();
  }
}

/** write(2) may write less than asked (a signal, a nearly full disk); keep going until all is written. */
async function writeFully(handle: WritableFile, buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
  let written = 0;
  while (written < length) {
    const { bytesWritten } = await handle.write(buffer, offset + written, length - written, position + written);
    if (bytesWritten <= 0) throw Object.assign(new Error(`write returned ${bytesWritten}`), { code: 'EIO' });
    written += bytesWritten;
  }
}
