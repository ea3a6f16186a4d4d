/**
 * The audit log as a file of JSON lines: append-only (O_APPEND), hash-chained, fdatasync'd before
 * any caller is told its record exists.
 *
 * One process writes a log file at a time (the station); appends inside it go through one queue so
 * seq numbers are consecutive and lines never interleave. Queued appends are written together
 * (group commit): one write + one fdatasync for the batch, and each caller resolves only after the
 * fdatasync that covers its record.
 *
 * appendAtHead() is for records whose content depends on the chain head (signed checkpoints): such a
 * record is sealed against the durable head and written in a batch of its own, after an optional step
 * (writing the checkpoint's second copy) that must be durable before the record is.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { AuditEntry, AuditRecord } from '../../core/domain/audit.js';
import type { AuditLog } from '../../core/ports.js';
import {
  ChainVerifier,
  GENESIS_PREV_HASH,
  formatRecordLine,
  normaliseEntry,
  parseRecordLine,
  sealRecord,
  type DetailedAuditVerification,
  type LineVerifier,
} from '../../core/audit/chain.js';
import { fsyncDirectory, isNotFound, pathExists, writeAll, writeNewFileDurably } from './durable-file.js';
import { readLogLines, readLogTail, type LogTail } from './log-file-reading.js';

/** Actor and target of records the log writes about itself. */
export const AUDIT_SYSTEM_ACTOR = 'system';
export const AUDIT_LOG_TARGET = 'audit-log';
export const RECOVERED_PARTIAL_LINE_ACTION = 'audit.recovered-partial-line';

/** The log cannot be continued safely (its last complete record is unreadable, or a write failed). */
export class AuditLogUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditLogUnavailableError';
  }
}

/** The last durable record: what the next record links to. `at` is the time the next record will carry. */
export interface ChainHead {
  seq: number;
  hash: string;
  at: string;
}

interface QueuedAppend {
  entry: AuditEntry;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

interface QueuedHeadAppend {
  build: (head: ChainHead) => AuditEntry;
  beforeWrite: ((record: AuditRecord) => Promise<void>) | undefined;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

type Queued = QueuedAppend | QueuedHeadAppend;

const isHeadAppend = (item: Queued): item is QueuedHeadAppend => 'build' in item;

interface OpenLog {
  handle: FileHandle;
  lastSeq: number;
  lastHash: string;
  /** Bytes known to be complete and fsync'd; readers stop here so they never see a half-done write. */
  durableBytes: number;
}

export class JsonlAuditLog implements AuditLog {
  private log: OpenLog | undefined;
  private queue: Queued[] = [];
  private flushing: Promise<void> | undefined;
  /** Set after a failed write or fsync: the file may hold bytes the in-memory chain head doesn't know. */
  private writeFailure: unknown;
  private closing = false;

  constructor(
    private readonly filePath: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async open(): Promise<void> {
    if (this.log !== undefined) throw new Error('audit log is already open');
    await mkdir(dirname(this.filePath), { recursive: true });
    const isNewFile = !(await pathExists(this.filePath));
    // O_APPEND so every write lands at the end; O_RDWR for reading the tail and ftruncate (crash recovery).
    const handle = await open(this.filePath, fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_RDWR, 0o640);
    try {
      if (isNewFile) await fsyncDirectory(dirname(this.filePath));
      const tail = await readLogTail(handle, (await handle.stat()).size);
      // Read the chain head before changing anything: a log we cannot continue stays exactly as found.
      const head = chainHeadOf(tail);
      const recovery = tail.partial.length > 0 ? await this.setPartialLineAside(handle, tail) : undefined;
      this.log = { handle, lastSeq: head.seq, lastHash: head.hash, durableBytes: tail.completeBytes };
      this.writeFailure = undefined;
      this.closing = false;
      if (recovery !== undefined) {
        await this.append({ actor: AUDIT_SYSTEM_ACTOR, action: RECOVERED_PARTIAL_LINE_ACTION, target: AUDIT_LOG_TARGET, detail: recovery });
      }
    } catch (error) {
      this.log = undefined;
      await handle.close();
      throw error;
    }
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.log === undefined || this.closing) return Promise.reject(new Error('audit log is not open'));
    if (this.writeFailure !== undefined) return Promise.reject(this.unavailableAfterWriteFailure());
    let normalised: AuditEntry;
    try {
      // Done here, not in the batch, so bad content fails only its own caller.
      normalised = normaliseEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditRecord>((resolve, reject) => {
      this.queue.push({ entry: normalised, resolve, reject });
      this.flushing ??= this.flushQueue();
    });
  }

  /**
   * Appends a record built from the durable chain head (e.g. a checkpoint signing it). It is sealed when
   * its turn comes, against the head as it is then, and written in a batch of its own: `beforeWrite` runs
   * after sealing and before the write, and if it fails nothing is written. Resolves once fsync'd.
   */
  appendAtHead(build: (head: ChainHead) => AuditEntry, beforeWrite?: (record: AuditRecord) => Promise<void>): Promise<AuditRecord> {
    if (this.log === undefined || this.closing) return Promise.reject(new Error('audit log is not open'));
    if (this.writeFailure !== undefined) return Promise.reject(this.unavailableAfterWriteFailure());
    return new Promise<AuditRecord>((resolve, reject) => {
      this.queue.push({ build, beforeWrite, resolve, reject });
      this.flushing ??= this.flushQueue();
    });
  }

  /** The last durable record's seq and hash (seq 0 and the genesis hash for an empty log). */
  head(): { seq: number; hash: string } {
    if (this.log === undefined) throw new Error('audit log is not open');
    return { seq: this.log.lastSeq, hash: this.log.lastHash };
  }

  async forTarget(target: string, limit?: number): Promise<AuditRecord[]> {
    const keep = limit ?? Number.POSITIVE_INFINITY;
    if (keep <= 0) return [];
    const newestLast: AuditRecord[] = [];
    for await (const line of readLogLines(this.filePath, await this.readableBytes())) {
      const parsed = parseRecordLine(line.text);
      // Damaged lines are verify()'s business; a history view shows what can be read.
      if (parsed.kind !== 'record' || parsed.record.target !== target) continue;
      newestLast.push(parsed.record);
      if (newestLast.length > keep) newestLast.shift();
    }
    return newestLast.reverse();
  }

  /**
   * Read-only: works on a log that is not open (the verification command must never alter the file).
   * `prepare` supplies another line verifier (the trail verifier with its checkpoints); it is called after
   * the length to read is fixed, so whatever it reads (the checkpoint file) is at least as new as the log.
   */
  async verify(prepare?: () => Promise<LineVerifier>): Promise<DetailedAuditVerification> {
    let byteLength: number;
    try {
      byteLength = await this.readableBytes();
    } catch (error) {
      if (isNotFound(error)) {
        return { ok: false, records: 0, firstBadLine: 1, problem: 'log-missing', reason: `line 1: the audit log file ${basename(this.filePath)} is missing (deleted or moved)` };
      }
      throw error;
    }
    const verifier = prepare === undefined ? new ChainVerifier() : await prepare();
    let finalLineTerminated = true;
    for await (const line of readLogLines(this.filePath, byteLength)) {
      verifier.push(line.text);
      finalLineTerminated = line.terminated;
    }
    return verifier.finish(finalLineTerminated);
  }

  async close(): Promise<void> {
    if (this.log === undefined) return;
    this.closing = true;
    while (this.flushing !== undefined) await this.flushing;
    await this.log.handle.close();
    this.log = undefined;
  }

  /** Writes queued appends in batches until the queue is empty. Only one runs at a time. */
  private async flushQueue(): Promise<void> {
    try {
      // One microtask's grace lets appends issued in the same tick join the first batch.
      await Promise.resolve();
      while (this.queue.length > 0) {
        const first = this.queue[0] as Queued;
        if (isHeadAppend(first)) {
          this.queue.shift();
          await this.writeHeadBound(first);
        } else {
          const nextHeadBound = this.queue.findIndex(isHeadAppend);
          await this.writeBatch(this.queue.splice(0, nextHeadBound === -1 ? this.queue.length : nextHeadBound) as QueuedAppend[]);
        }
      }
    } finally {
      // Cleared in the same microtask as the last emptiness check, so no append can be stranded.
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: QueuedAppend[]): Promise<void> {
    const log = this.log;
    if (log === undefined || this.writeFailure !== undefined) {
      for (const item of batch) item.reject(this.writeFailure !== undefined ? this.unavailableAfterWriteFailure() : new Error('audit log is not open'));
      return;
    }
    const records: AuditRecord[] = [];
    let seq = log.lastSeq;
    let prevHash = log.lastHash;
    for (const item of batch) {
      seq += 1;
      const record = sealRecord(item.entry, seq, this.clock().toISOString(), prevHash);
      prevHash = record.hash;
      records.push(record);
    }
    await this.commit(log, records, batch);
  }

  private async writeHeadBound(item: QueuedHeadAppend): Promise<void> {
    const log = this.log;
    if (log === undefined || this.writeFailure !== undefined) {
      item.reject(this.writeFailure !== undefined ? this.unavailableAfterWriteFailure() : new Error('audit log is not open'));
      return;
    }
    let record: AuditRecord;
    try {
      const at = this.clock().toISOString();
      record = sealRecord(normaliseEntry(item.build({ seq: log.lastSeq, hash: log.lastHash, at })), log.lastSeq + 1, at, log.lastHash);
      await item.beforeWrite?.(record);
    } catch (error) {
      // Nothing reached the log: the chain is as it was, only this caller hears of it.
      item.reject(error);
      return;
    }
    await this.commit(log, [record], [item]);
  }

  /** One write + one fdatasync for sealed records; each caller resolves only after it. */
  private async commit(log: OpenLog, records: AuditRecord[], callers: { resolve: (record: AuditRecord) => void; reject: (error: unknown) => void }[]): Promise<void> {
    const bytes = Buffer.from(records.map(formatRecordLine).join(''), 'utf8');
    try {
      await writeAll(log.handle, bytes);
      await log.handle.datasync();
    } catch (error) {
      // Some of the batch may be on disk: continuing from the old head could fork the chain.
      // Refuse further appends; reopening re-reads the real tail (and sets any partial line aside).
      this.writeFailure = error;
      const failure = this.unavailableAfterWriteFailure();
      for (const item of callers) item.reject(failure);
      return;
    }
    const last = records.at(-1) as AuditRecord;
    log.lastSeq = last.seq;
    log.lastHash = last.hash;
    log.durableBytes += bytes.length;
    callers.forEach((item, index) => item.resolve(records[index] as AuditRecord));
  }

  /**
   * Crash recovery for a line cut off mid-append. Nothing is deleted: the partial bytes are copied
   * to `<file>.partial-<timestamp>` and made durable BEFORE the log is truncated back to its last line
   * end, and the caller then records the recovery (with the bytes' SHA-256) in the chain itself.
   */
  private async setPartialLineAside(handle: FileHandle, tail: LogTail): Promise<Record<string, unknown>> {
    const stamp = this.clock().toISOString().replace(/[:.]/g, '-');
    const asidePath = await writeNewFileDurably(`${this.filePath}.partial-${stamp}`, tail.partial);
    await handle.truncate(tail.completeBytes);
    await handle.sync();
    return {
      partialFile: basename(asidePath),
      partialBytes: tail.partial.length,
      partialSha256: createHash('sha256').update(tail.partial).digest('hex'),
      truncatedToBytes: tail.completeBytes,
    };
  }

  private async readableBytes(): Promise<number> {
    const size = (await stat(this.filePath)).size;
    // While open, stop at the last fsync'd byte so a batch being written is never read half-done.
    return this.log === undefined ? size : Math.min(size, this.log.durableBytes);
  }

  private unavailableAfterWriteFailure(): AuditLogUnavailableError {
    // Name the disk's own error (EIO, ENOSPC...): it is what the person at the station must act on.
    return new AuditLogUnavailableError(`audit log write failed earlier (${describeWriteFailure(this.writeFailure)}); close and reopen the log before appending`, { cause: this.writeFailure });
  }
}

function describeWriteFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function chainHeadOf(tail: LogTail): { seq: number; hash: string } {
  if (tail.lastCompleteLine === undefined) return { seq: 0, hash: GENESIS_PREV_HASH };
  const parsed = parseRecordLine(tail.lastCompleteLine);
  if (parsed.kind !== 'record') {
    throw new AuditLogUnavailableError(
      `the last complete line of the audit log is not a readable record (${parsed.kind}); the chain cannot be continued - run audit verification and keep the file as it is`,
    );
  }
  return { seq: parsed.record.seq, hash: parsed.record.hash };
}
