/**
 * Sequential reading with several chunks in flight, so the disk is busy with the next read while the
 * caller hashes (and writes) the current one. Buffers rotate: a buffer is refilled only after the caller
 * releases the chunk it holds, so hashing and writing never race a read into the same memory.
 */
import { chunkCount, chunkSpan, type ChunkSpan } from './chunk-plan.js';

/** Fills `buffer` with the bytes of `span`; resolves with how many bytes it got (fewer at an early EOF). */
export type ChunkReader = (buffer: Buffer, span: ChunkSpan) => Promise<number>;

export interface FilledChunk {
  buffer: Buffer;
  span: ChunkSpan;
  bytes: number;
}

export class ReadAhead {
  private readonly inFlight = new Map<number, Promise<FilledChunk>>();
  private readonly totalChunks: number;
  private nextToStart = 0;
  private nextToDeliver = 0;

  private constructor(
    private readonly readChunk: ChunkReader,
    private readonly totalBytes: number,
    private readonly chunkBytes: number,
  ) {
    this.totalChunks = chunkCount(totalBytes, chunkBytes);
  }

  /** Starts reading the first chunks, one per buffer. */
  static start(readChunk: ChunkReader, totalBytes: number, chunkBytes: number, buffers: Buffer[]): ReadAhead {
    const reader = new ReadAhead(readChunk, totalBytes, chunkBytes);
    for (const buffer of buffers) reader.startRead(buffer);
    return reader;
  }

  /** The next chunk in file order, or undefined after the last one. */
  async next(): Promise<FilledChunk | undefined> {
    const pending = this.inFlight.get(this.nextToDeliver);
    if (pending === undefined) return undefined;
    const chunk = await pending;
    this.inFlight.delete(this.nextToDeliver);
    this.nextToDeliver += 1;
    return chunk;
  }

  /** The caller is done with the chunk's buffer: reuse it for the next unread chunk. */
  release(chunk: FilledChunk): void {
    this.startRead(chunk.buffer);
  }

  /** Waits for every read still running, so file handles can be closed safely after a failure. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.values());
    this.inFlight.clear();
  }

  private startRead(buffer: Buffer): void {
    if (this.nextToStart >= this.totalChunks) return;
    const span = chunkSpan(this.nextToStart, this.totalBytes, this.chunkBytes);
    this.nextToStart += 1;
    const pending = this.readChunk(buffer, span).then((bytes) => ({ buffer, span, bytes }));
    // A read that fails while an earlier chunk is being processed is reported when its turn comes in
    // next(); until then this keeps Node from calling the rejection unhandled.
    pending.catch(() => undefined);
    this.inFlight.set(span.index, pending);
  }
}
