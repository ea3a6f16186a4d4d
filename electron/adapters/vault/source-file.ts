/**
 * The camera file. Read with O_DIRECT where the camera's filesystem allows it (direct-read-file.ts says
 * why), through the page cache otherwise. Every failure becomes a SOURCE_* (or UNSAFE_ENTRY) StationError.
 */
import { constants } from 'node:fs';
import { StationError } from '../../core/domain/errors.js';
import type { ChunkBufferSlab } from './aligned-buffers.js';
import type { ChunkSpan } from './chunk-plan.js';
import { DirectReadFile } from './direct-read-file.js';
import { sourceFailure, sourceGrew, sourceShrank } from './io-errors.js';

/**
 * O_NOFOLLOW and O_NONBLOCK are a second line of defence behind the volume reader: a symlink swapped in
 * after listing fails to open instead of being followed, and a FIFO cannot block the open forever.
 */
const SOURCE_OPEN_FLAGS = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export class SourceFile {
  private constructor(
    private readonly file: DirectReadFile,
    readonly path: string,
    readonly expectedSize: number,
  ) {}

  static async open(path: string, expectedSize: number, slab: ChunkBufferSlab, allowDirect: boolean): Promise<SourceFile> {
    const describeFailure = async (error: unknown): Promise<unknown> => sourceFailure(error, path);
    const file = await DirectReadFile.open(path, { flags: SOURCE_OPEN_FLAGS, allowDirect, slab, describeFailure });
    try {
      const { stats } = file;
      if (!stats.isFile()) throw new StationError('UNSAFE_ENTRY', `${path} is not a regular file`, { file: path });
      if (stats.size < expectedSize) throw sourceShrank(path, expectedSize, stats.size);
      if (stats.size > expectedSize) throw sourceGrew(path, expectedSize);
      return new SourceFile(file, path, expectedSize);
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
  }

  /** Reads exactly `span`; a file that ends early means the camera file shrank or its medium went away. */
  readonly readChunk = async (buffer: Buffer, span: ChunkSpan): Promise<number> => {
    const bytes = await this.file.readChunk(buffer, span);
    if (bytes < span.length) throw sourceShrank(this.path, this.expectedSize, span.position + bytes);
    return bytes;
  };

  /** After the last chunk: anything beyond the listed size means the listing no longer describes the file. */
  async checkEndsAtExpectedSize(): Promise<void> {
    const size = await this.file.currentSize();
    if (size > this.expectedSize) throw sourceGrew(this.path, this.expectedSize);
    if (size < this.expectedSize) throw sourceShrank(this.path, this.expectedSize, size);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
