/**
 * Position arithmetic of the copy engine, kept pure so it can be tested at sizes no test can afford
 * to write (> 4 GiB). Everything here is plain `number` maths: positions stay exact up to 2^53 bytes,
 * and nothing uses bitwise operators, which would silently wrap at 2^32.
 */

/**
 * File offsets and lengths of O_DIRECT I/O must be whole logical blocks. 4096 satisfies both 512-byte
 * and 4Kn devices, so one constant works on every disk we expect a vault on.
 */
export const DIRECT_IO_BLOCK_BYTES = 4096;

export interface ChunkSpan {
  index: number;
  position: number;
  length: number;
}

export function chunkCount(totalBytes: number, chunkBytes: number): number {
  assertWholeBytes(totalBytes, 'totalBytes');
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  return Math.ceil(totalBytes / chunkBytes);
}

/** The byte range of chunk `index` of a file of `totalBytes`: every chunk is full except maybe the last. */
export function chunkSpan(index: number, totalBytes: number, chunkBytes: number): ChunkSpan {
  const count = chunkCount(totalBytes, chunkBytes);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new RangeError(`chunk ${index} is outside 0..${count - 1}`);
  const position = index * chunkBytes;
  return { index, position, length: Math.min(chunkBytes, totalBytes - position) };
}

export function alignDown(value: number, block: number): number {
  return value - (value % block);
}

export function alignUp(value: number, block: number): number {
  const remainder = value % block;
  return remainder === 0 ? value : value + (block - remainder);
}

export function isAligned(value: number, block: number): boolean {
  return value % block === 0;
}

/**
 * How a write of `length` bytes at `position` divides between the O_DIRECT region of the file (whole
 * blocks from offset 0 up to `directLimit`) and the unaligned tail, which must go through the page cache.
 */
export interface WriteRoute {
  directLength: number;
  bufferedPosition: number;
  bufferedLength: number;
}

export function routeWrite(position: number, length: number, directLimit: number): WriteRoute {
  const directLength = position >= directLimit ? 0 : Math.min(length, directLimit - position);
  return { directLength, bufferedPosition: position + directLength, bufferedLength: length - directLength };
}

/** The largest prefix of a file of `totalBytes` that O_DIRECT can write: whole blocks only. */
export function directLimitFor(totalBytes: number): number {
  return alignDown(totalBytes, DIRECT_IO_BLOCK_BYTES);
}

function assertWholeBytes(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}
