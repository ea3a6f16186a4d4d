/**
 * Byte-level reading of a line-per-record log: the tail (to reopen quickly) and a line stream
 * (to verify or search without loading the file).
 *
 * Lines are split on '\n' (0x0A) only. readline also splits on a lone '\r', which would make the
 * verifier's line numbers disagree with `sed -n 17p` / an editor on a tampered file; a clerk has
 * to be able to go to the line the report names. 0x0A never occurs inside a UTF-8 multi-byte
 * character, so splitting bytes before decoding is safe.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const LINE_END = 0x0a;
const FIRST_TAIL_CHUNK_BYTES = 64 * 1024;

export interface LogTail {
  /** Length of the part of the file made of complete lines (up to and including the last line end). */
  completeBytes: number;
  /** The last complete line, line end removed; undefined when the file has no complete line. */
  lastCompleteLine: string | undefined;
  /** Bytes after the last line end: an append cut off mid-write. Empty when the file ends cleanly. */
  partial: Buffer;
}

/**
 * Reads only the end of the file: a chunk, doubled until it holds the last complete line. Opening a
 * years-long log therefore costs about one record's worth of reading, not the whole file.
 */
export async function readLogTail(handle: FileHandle, fileSize: number): Promise<LogTail> {
  let window = Math.min(FIRST_TAIL_CHUNK_BYTES, fileSize);
  for (;;) {
    const start = fileSize - window;
    const bytes = Buffer.alloc(window);
    await readExactly(handle, bytes, start);
    const lastLineEnd = bytes.lastIndexOf(LINE_END);
    const reachedFileStart = start === 0;
    if (lastLineEnd === -1) {
      if (reachedFileStart) return { completeBytes: 0, lastCompleteLine: undefined, partial: bytes };
    } else {
      // lastIndexOf with a negative offset counts from the end, so the "nothing before" case is explicit.
      const previousLineEnd = lastLineEnd === 0 ? -1 : bytes.lastIndexOf(LINE_END, lastLineEnd - 1);
      if (previousLineEnd !== -1 || reachedFileStart) {
        return {
          completeBytes: start + lastLineEnd + 1,
          lastCompleteLine: bytes.subarray(previousLineEnd + 1, lastLineEnd).toString('utf8'),
          partial: Buffer.from(bytes.subarray(lastLineEnd + 1)),
        };
      }
    }
    window = Math.min(window * 2, fileSize);
  }
}

async function readExactly(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error(`audit log shrank while being read (expected ${into.length} bytes at ${position})`);
    done += bytesRead;
  }
}

export interface LogLine {
  text: string;
  /** False only for a last line that has no line end. */
  terminated: boolean;
}

/** Streams the first `byteLength` bytes of a file as lines, in order, with constant memory per line. */
export async function* readLogLines(path: string, byteLength: number): AsyncGenerator<LogLine> {
  if (byteLength <= 0) return;
  let carried: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: 0, end: byteLength - 1 }) as AsyncIterable<Buffer>) {
    let lineStart = 0;
    for (let lineEnd = chunk.indexOf(LINE_END); lineEnd !== -1; lineEnd = chunk.indexOf(LINE_END, lineStart)) {
      carried.push(chunk.subarray(lineStart, lineEnd));
      yield { text: Buffer.concat(carried).toString('utf8'), terminated: true };
      carried = [];
      lineStart = lineEnd + 1;
    }
    if (lineStart < chunk.length) carried.push(chunk.subarray(lineStart));
  }
  if (carried.length > 0) yield { text: Buffer.concat(carried).toString('utf8'), terminated: false };
}
