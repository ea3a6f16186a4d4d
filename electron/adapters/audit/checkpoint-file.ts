/**
 * checkpoints.jsonl: the second copy of every signed audit checkpoint, one JSON line each, append-only.
 * Each append is one write and one fdatasync; nothing is ever rewritten. Small (one line per few hundred
 * audit records), so it is read whole.
 */
import { constants as fsConstants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { AuditCheckpoint } from '../../core/domain/audit.js';
import { parseCheckpoint, verifyCheckpointSignature, type PublicKeyring } from '../../core/audit/checkpoint.js';
import { splitLines } from '../../core/audit/trail.js';
import { fsyncDirectory, pathExists, readTextIfExists, writeAll, writeNewFileDurably } from './durable-file.js';

export interface CheckpointFileContents {
  lines: string[];
  /** False when the last line has no line end (an append cut off). */
  terminated: boolean;
}

export class CheckpointFile {
  private handle: FileHandle | undefined;

  constructor(
    readonly path: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The file's lines, or undefined when it does not exist. */
  async read(): Promise<CheckpointFileContents | undefined> {
    const text = await readTextIfExists(this.path);
    return text === undefined ? undefined : splitLines(text);
  }

  /**
   * Opens for appending. A last line cut off by a crash is copied aside (`<file>.partial-<time>`, durable)
   * before the file is cut back to its last line end; the returned description goes into the audit log.
   */
  async open(): Promise<Record<string, unknown> | undefined> {
    if (this.handle !== undefined) throw new Error('checkpoint file is already open');
    const isNew = !(await pathExists(this.path));
    const handle = await open(this.path, fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_RDWR, 0o640);
    try {
      if (isNew) await fsyncDirectory(dirname(this.path));
      const bytes = await readFile(this.path);
      const end = bytes.lastIndexOf(0x0a) + 1;
      let recovery: Record<string, unknown> | undefined;
      if (end < bytes.length) {
        const partial = Buffer.from(bytes.subarray(end));
        const stamp = this.clock().toISOString().replace(/[:.]/g, '-');
        const aside = await writeNewFileDurably(`${this.path}.partial-${stamp}`, partial);
        await handle.truncate(end);
        await handle.sync();
        recovery = { partialFile: basename(aside), partialBytes: partial.length, partialSha256: createHash('sha256').update(partial).digest('hex'), truncatedToBytes: end };
      }
      this.handle = handle;
      return recovery;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** One line, one write, one fdatasync. */
  async append(checkpoint: AuditCheckpoint): Promise<void> {
    if (this.handle === undefined) throw new Error('checkpoint file is not open');
    const { uptoSeq, uptoHash, at, keyId, signature } = checkpoint;
    await writeAll(this.handle, Buffer.from(`${JSON.stringify({ uptoSeq, uptoHash, at, keyId, signature })}\n`, 'utf8'));
    await this.handle.datasync();
  }

  /** The last line (in file order) that is a checkpoint genuinely signed by a key of the keyring (forged lines are verify()'s business). */
  async lastGenuine(keyring: PublicKeyring): Promise<AuditCheckpoint | undefined> {
    const contents = await this.read();
    if (contents === undefined) return undefined;
    const lines = contents.terminated ? contents.lines : contents.lines.slice(0, -1);
    let newest: AuditCheckpoint | undefined;
    for (const line of lines) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = parseCheckpoint(value);
      if (!parsed.ok || !verifyCheckpointSignature(parsed.checkpoint, keyring).ok) continue;
      newest = parsed.checkpoint;
    }
    return newest;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
