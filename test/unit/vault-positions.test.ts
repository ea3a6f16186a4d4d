/**
 * The copy engine's position arithmetic at sizes beyond 4 GiB, where 32-bit mistakes (bitwise masks,
 * Int32 offsets) would wrap. Real files that large are too slow for a test run, so the reader and the
 * destination run against fake file handles that record every call.
 */
import { constants } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChunkBufferSlab } from '../../electron/adapters/vault/aligned-buffers.js';
import { alignDown, alignUp, chunkCount, chunkSpan, directLimitFor, routeWrite } from '../../electron/adapters/vault/chunk-plan.js';
import { DestinationFile, type WritableFile } from '../../electron/adapters/vault/destination-file.js';
import { ReadAhead } from '../../electron/adapters/vault/read-ahead.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const FOUR_GIB = 4 * GiB;

describe('chunk plan beyond 4 GiB', () => {
  const size = 5 * GiB + 1234;
  const chunk = 8 * MiB;

  it('covers every byte exactly once with exact positions', () => {
    const count = chunkCount(size, chunk);
    expect(count).toBe(641);
    let expectedPosition = 0;
    for (let index = 0; index < count; index++) {
      const span = chunkSpan(index, size, chunk);
      expect(span.position).toBe(expectedPosition);
      expectedPosition += span.length;
    }
    expect(expectedPosition).toBe(size);
    expect(chunkSpan(count - 1, size, chunk)).toEqual({ index: 640, position: 5 * GiB, length: 1234 });
  });

  it('aligns values above 2^32 without wrapping', () => {
    expect(alignDown(FOUR_GIB + 1, 4096)).toBe(FOUR_GIB);
    expect(alignUp(FOUR_GIB + 1, 4096)).toBe(FOUR_GIB + 4096);
    expect(alignUp(FOUR_GIB, 4096)).toBe(FOUR_GIB);
    expect(directLimitFor(size)).toBe(5 * GiB);
    expect(directLimitFor(4095)).toBe(0);
    expect(directLimitFor(0)).toBe(0);
  });

  it('routes the last chunk of a 5 GiB file: whole blocks direct, the tail through the page cache', () => {
    const last = chunkSpan(chunkCount(size, chunk) - 1, size, chunk);
    expect(routeWrite(last.position, last.length, directLimitFor(size))).toEqual({ directLength: 0, bufferedPosition: 5 * GiB, bufferedLength: 1234 });

    const oddSize = FOUR_GIB + 3 * MiB + 100;
    const straddling = chunkSpan(chunkCount(oddSize, chunk) - 1, oddSize, chunk);
    expect(straddling).toEqual({ index: 512, position: FOUR_GIB, length: 3 * MiB + 100 });
    expect(routeWrite(straddling.position, straddling.length, directLimitFor(oddSize))).toEqual({
      directLength: 3 * MiB,
      bufferedPosition: FOUR_GIB + 3 * MiB,
      bufferedLength: 100,
    });
  });

  it('rejects sizes that are not exact integers', () => {
    expect(() => chunkCount(2 ** 53, chunk)).toThrow(RangeError);
    expect(() => chunkCount(-1, chunk)).toThrow(RangeError);
    expect(() => chunkSpan(641, size, chunk)).toThrow(RangeError);
  });
});

describe('ReadAhead beyond 4 GiB', () => {
  it('delivers chunks in order with contiguous positions and bounded reads in flight', async () => {
    const size = FOUR_GIB + 100;
    const chunk = 8 * MiB;
    const buffers = [Buffer.alloc(16), Buffer.alloc(16), Buffer.alloc(16)];
    let inFlight = 0;
    let maxInFlight = 0;
    const requested: number[] = [];
    const fakeRead = async (_buffer: Buffer, span: { position: number; length: number }): Promise<number> => {
      requested.push(span.position);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return span.length;
    };

    const reader = ReadAhead.start(fakeRead, size, chunk, buffers);
    let delivered = 0;
    let position = 0;
    for (let next = await reader.next(); next !== undefined; next = await reader.next()) {
      expect(next.span.position).toBe(position);
      position += next.bytes;
      delivered += 1;
      reader.release(next);
    }

    expect(position).toBe(size);
    expect(delivered).toBe(513);
    expect(requested.at(-1)).toBe(FOUR_GIB);
    expect(maxInFlight).toBeLessThanOrEqual(buffers.length);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('reports a failed read in its turn and settles the reads still running', async () => {
    const reader = ReadAhead.start(
      async (_buffer, span) => {
        if (span.index === 1) throw new Error('EIO on chunk 1');
        return span.length;
      },
      10 * MiB,
      MiB,
      [Buffer.alloc(1), Buffer.alloc(1)],
    );
    const first = await reader.next();
    expect(first?.span.index).toBe(0);
    await expect(reader.next()).rejects.toThrow('EIO on chunk 1');
    await expect(reader.settle()).resolves.toBeUndefined();
  });
});

interface RecordedWrite {
  handle: string;
  position: number;
  length: number;
}

/** A fake file handle: records writes, optionally refusing O_DIRECT ones the way Linux does (EINVAL). */
function fakeHandle(name: string, log: RecordedWrite[], refuseWrites = false): WritableFile {
  return {
    async write(_buffer, _offset, length, position) {
      if (refuseWrites) throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' });
      log.push({ handle: name, position, length });
      return { bytesWritten: length };
    },
    async chmod() {},
    async sync() {},
    async close() {},
  };
}

function einval(): Error {
  return Object.assign(new Error('invalid argument'), { code: 'EINVAL' });
}

describe('DestinationFile with fake handles', () => {
  const oDirect = constants.O_DIRECT;

  it.skipIf(oDirect === undefined)('writes whole blocks above 4 GiB with O_DIRECT and only the tail through the page cache', async () => {
    const size = FOUR_GIB + 3 * 4096 + 100;
    const writes: RecordedWrite[] = [];
    const openedWith: number[] = [];
    const open = async (_path: string, flags: number): Promise<WritableFile> => {
      openedWith.push(flags);
      return fakeHandle((flags & (oDirect ?? 0)) !== 0 ? 'direct' : 'buffered', writes);
    };
    const destination = await DestinationFile.create('/vault/incoming/x.part', size, new ChunkBufferSlab(64 * KiB, 2), true, open);
    expect(destination.usesDirectIo).toBe(true);
    writes.length = 0; // forget the alignment probe

    await destination.write(Buffer.alloc(64 * KiB), 3 * 4096 + 100, FOUR_GIB);

    expect(writes).toEqual([
      { handle: 'direct', position: FOUR_GIB, length: 3 * 4096 },
      { handle: 'buffered', position: FOUR_GIB + 3 * 4096, length: 100 },
    ]);
    expect(openedWith[0]! & constants.O_EXCL).toBe(constants.O_EXCL);
  });

  it.skipIf(oDirect === undefined)('falls back to the page cache, without O_EXCL, when the filesystem refuses O_DIRECT at open', async () => {
    const writes: RecordedWrite[] = [];
    const openedWith: number[] = [];
    const open = async (_path: string, flags: number): Promise<WritableFile> => {
      openedWith.push(flags);
      if ((flags & (oDirect ?? 0)) !== 0) throw einval();
      return fakeHandle('buffered', writes);
    };
    const destination = await DestinationFile.create('/x.part', 10 * 4096, new ChunkBufferSlab(64 * KiB, 2), true, open);
    await destination.write(Buffer.alloc(64 * KiB), 10 * 4096, 0);

    expect(destination.usesDirectIo).toBe(false);
    expect(openedWith).toHaveLength(2);
    // Linux has already created the file when it rejects O_DIRECT, so O_EXCL would now fail with EEXIST.
    expect(openedWith[1]! & constants.O_EXCL).toBe(0);
    expect(writes).toEqual([{ handle: 'buffered', position: 0, length: 10 * 4096 }]);
  });

  it.skipIf(oDirect === undefined)('switches to the page cache for the rest of the file when a direct write is refused later', async () => {
    const writes: RecordedWrite[] = [];
    let directWritesAllowed = 1; // the alignment probe
    const open = async (_path: string, flags: number): Promise<WritableFile> => {
      if ((flags & (oDirect ?? 0)) === 0) return fakeHandle('buffered', writes);
      const direct = fakeHandle('direct', writes);
      return {
        ...direct,
        async write(buffer, offset, length, position) {
          if (directWritesAllowed-- <= 0) throw einval();
          return direct.write(buffer, offset, length, position);
        },
      };
    };
    const destination = await DestinationFile.create('/x.part', FOUR_GIB + 8192, new ChunkBufferSlab(64 * KiB, 2), true, open);
    writes.length = 0;

    await destination.write(Buffer.alloc(64 * KiB), 8192, FOUR_GIB);

    expect(destination.usesDirectIo).toBe(false);
    expect(writes).toEqual([{ handle: 'buffered', position: FOUR_GIB, length: 8192 }]);
  });

  it('never uses O_DIRECT for a file smaller than one block', async () => {
    const openedWith: number[] = [];
    const writes: RecordedWrite[] = [];
    const open = async (_path: string, flags: number): Promise<WritableFile> => {
      openedWith.push(flags);
      return fakeHandle('buffered', writes);
    };
    const destination = await DestinationFile.create('/x.part', 4095, new ChunkBufferSlab(64 * KiB, 2), true, open);
    await destination.write(Buffer.alloc(64 * KiB), 4095, 0);
    expect(openedWith.every((flags) => (flags & (oDirect ?? 0)) === 0)).toBe(true);
    expect(writes).toEqual([{ handle: 'buffered', position: 0, length: 4095 }]);
  });
});
