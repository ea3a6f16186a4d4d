/** Stream helpers over async iterables of buffers: hash-and-check on the way through, count bytes. */
import { createHash } from 'node:crypto';
import { BackupError } from './errors.js';

/**
 * Passes `source` on while hashing it; at the end throws if the SHA-256 or size is not what was
 * expected. Because it throws before the stream ends, a writer fed by it never completes the object.
 */
export async function* checkedStream(source: AsyncIterable<Buffer>, expected: { sha256: string; size: number }, onMismatch: (actual: { sha256: string; size: number }) => BackupError): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of source) {
    hash.update(piece);
    size += piece.length;
    if (size > expected.size) throw onMismatch({ sha256: 'longer than expected', size });
    yield piece;
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== expected.sha256 || size !== expected.size) throw onMismatch({ sha256, size });
}

export async function* counted(source: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const piece of source) {
    onBytes(piece.length);
    yield piece;
  }
}

export async function hashOf(source: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of source) {
    hash.update(piece);
    size += piece.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of source) parts.push(piece);
  return Buffer.concat(parts);
}
