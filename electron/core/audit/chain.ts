/**
 * The audit hash chain and its verifier. Pure: callers feed lines (from a file, a stream, a test).
 *
 * Each record carries `seq` (1, 2, 3, ... - equal to its line number in an intact log), its own
 * `hash` over every other field, and `prevHash` = the previous record's hash. Replaying those three
 * facts finds an edited field (hash), a deleted, duplicated or reordered record (seq), and a
 * record slipped in or replaced (prevHash). Only the FIRST problem is reported: everything after
 * a broken link is unverifiable anyway, and the clerk needs one place to start looking.
 *
 * Limit: a hash chain alone cannot catch someone who rewrites the chain from a point to the end, or
 * cuts its tail off. Signed checkpoints kept in a second place close that gap: see trail.ts, which
 * runs this verifier and checks the checkpoints against the records it lets through.
 */
import type { AuditRecord, AuditVerification } from '../domain/audit.js';
import { GENESIS_PREV_HASH, parseRecordLine, recordHashMatches, type ParsedLine } from './record.js';

export { canonicalJson } from './canonical-json.js';
export { GENESIS_PREV_HASH, formatRecordLine, hashRecord, normaliseEntry, parseRecordLine, sealRecord } from './record.js';
export type { ParsedLine } from './record.js';

/** Why verification stopped; lets a UI word it in its own language (the `reason` text is English). */
export type AuditProblemKind =
  /** The last line has no line end: an append was cut off (crash, power loss). Not tampering. */
  | 'incomplete-final-line'
  | 'not-json'
  | 'empty-line'
  | 'malformed'
  | 'hash-mismatch'
  /** seq jumps forward: records missing (deleted) or moved. */
  | 'seq-gap'
  /** seq goes back or repeats: records reordered, duplicated or inserted. */
  | 'seq-out-of-order'
  | 'prev-hash-mismatch'
  /** The log file itself is gone (an adapter reports this; the pure verifier never sees a file). */
  | 'log-missing'
  // ---- signed checkpoints (trail.ts) ----
  /** The chain is intact but ends before a record a signed checkpoint vouches for: its tail was cut off. */
  | 'truncated'
  /** A checkpoint's signature does not verify, or it names a key the station never had. */
  | 'checkpoint-forged'
  /** A genuine checkpoint vouches for a different record than the log holds: rewritten from there on. */
  | 'checkpoint-mismatch'
  /** A checkpoint recorded in the log is not in the checkpoint file: lines deleted from the second copy. */
  | 'checkpoint-missing'
  /** A line of the checkpoint file (or a checkpoint record's detail) is not a checkpoint at all; or the keyring cannot be read. */
  | 'checkpoint-unreadable';

type AuditFailure = Extract<AuditVerification, { ok: false }>;

/** AuditVerification plus a machine-readable problem kind; still assignable to AuditVerification. */
export type DetailedAuditVerification = Extract<AuditVerification, { ok: true }> | (AuditFailure & { problem: AuditProblemKind });

interface FoundProblem {
  line: number;
  seq?: number;
  problem: AuditProblemKind;
  reason: string;
  /** The line did not parse at all: if it turns out to be the unterminated last line, it was a crash. */
  unreadable: boolean;
}

/** Anything that checks a log line by line: the chain verifier, or the trail verifier built on it. */
export interface LineVerifier {
  push(line: string): boolean;
  finish(finalLineTerminated?: boolean): DetailedAuditVerification;
}

export interface ChainVerifierOptions {
  /** Called for each record the chain accepts (hash, seq and link all good), in order, with its line number. */
  onRecord?: (record: AuditRecord, line: number) => void;
}

/**
 * Streaming verifier: push lines in file order (without their line ends), then finish().
 * Memory stays constant however long the log is.
 */
export class ChainVerifier implements LineVerifier {
  private lineNumber = 0;
  private verifiedRecords = 0;
  private previousSeq = 0;
  private previousHash = GENESIS_PREV_HASH;
  private lastSeq: number | undefined;
  private found: FoundProblem | undefined;
  private linesAfterProblem = 0;

  constructor(private readonly options: ChainVerifierOptions = {}) {}

  /** Checks the next line. Returns false once a problem has been found (later lines are only counted). */
  push(line: string): boolean {
    this.lineNumber += 1;
    if (this.found !== undefined) {
      this.linesAfterProblem += 1;
      return false;
    }
    this.found = this.check(parseRecordLine(line), this.lineNumber);
    return this.found === undefined;
  }

  /**
   * @param finalLineTerminated whether the data ended with a line end. The station writes every
   *   record with its line end in one write, so a missing one means the last append was interrupted.
   */
  finish(finalLineTerminated = true): DetailedAuditVerification {
    const found = this.found;
    const lastLine = this.lineNumber;
    if (!finalLineTerminated && lastLine > 0) {
      if (found === undefined) {
        return this.failure({
          line: lastLine,
          seq: this.lastSeq,
          problem: 'incomplete-final-line',
          reason: `line ${lastLine} (seq ${String(this.lastSeq)}): the last record has no line end - an append was interrupted (crash or power loss), not tampering; opening the log for writing sets it aside and records the recovery`,
          unreadable: false,
        }, this.verifiedRecords - 1);
      }
      if (found.unreadable && found.line === lastLine && this.linesAfterProblem === 0) {
        return this.failure({
          line: lastLine,
          problem: 'incomplete-final-line',
          reason: `line ${lastLine}: the last line was cut off mid-write - an append was interrupted (crash or power loss), not tampering; opening the log for writing sets it aside and records the recovery`,
          unreadable: true,
        }, this.verifiedRecords);
      }
    }
    if (found !== undefined) return this.failure(found, this.verifiedRecords);
    return { ok: true, records: this.verifiedRecords, lastHash: this.previousHash };
  }

  private failure(found: FoundProblem, records: number): DetailedAuditVerification {
    const result: AuditFailure & { problem: AuditProblemKind } = { ok: false, records, firstBadLine: found.line, reason: found.reason, problem: found.problem };
    if (found.seq !== undefined) result.firstBadSeq = found.seq;
    return result;
  }

  private check(parsed: ParsedLine, line: number): FoundProblem | undefined {
    switch (parsed.kind) {
      case 'empty':
        return { line, problem: 'empty-line', reason: `line ${line} is empty (a line was blanked or a line break inserted)`, unreadable: true };
      case 'not-json':
        return { line, problem: 'not-json', reason: `line ${line} is not valid JSON (truncated or edited)`, unreadable: true };
      case 'malformed':
        return { line, seq: parsed.seq, problem: 'malformed', reason: `line ${line} is not a well-formed audit record: ${parsed.problem} (edited)`, unreadable: false };
      case 'record':
        break;
    }
    const record = parsed.record;
    const where = `line ${line} (seq ${record.seq})`;
    // Own hash first: if the content was edited, the seq/prevHash in it cannot be trusted either.
    if (!recordHashMatches(record)) {
      return { line, seq: record.seq, problem: 'hash-mismatch', reason: `${where}: content does not match its hash (record edited)`, unreadable: false };
    }
    const expectedSeq = this.previousSeq + 1;
    if (record.seq > expectedSeq) {
      const missing = record.seq - expectedSeq;
      const after = this.previousSeq === 0 ? 'at the start of the log' : `follows ${this.previousSeq}`;
      return { line, seq: record.seq, problem: 'seq-gap', reason: `${where}: seq ${record.seq} ${after} - ${missing} record${missing === 1 ? '' : 's'} missing (deleted or reordered)`, unreadable: false };
    }
    if (record.seq < expectedSeq) {
      return { line, seq: record.seq, problem: 'seq-out-of-order', reason: `${where}: seq ${record.seq} follows ${this.previousSeq} (records reordered, duplicated or inserted)`, unreadable: false };
    }
    if (record.prevHash !== this.previousHash) {
      return { line, seq: record.seq, problem: 'prev-hash-mismatch', reason: `${where}: previous-hash link broken (this record was forged or inserted, or the one before it replaced)`, unreadable: false };
    }
    this.previousSeq = record.seq;
    this.previousHash = record.hash;
    this.lastSeq = record.seq;
    this.verifiedRecords += 1;
    this.options.onRecord?.(record, line);
    return undefined;
  }
}

/**
 * Verifies lines as readline would yield them: one element per line, line ends removed.
 * Pass `finalLineTerminated: false` when the data did not end with a line end.
 */
export function verifyLines(lines: Iterable<string>, options: { finalLineTerminated?: boolean } = {}): DetailedAuditVerification {
  const verifier = new ChainVerifier();
  for (const line of lines) verifier.push(line);
  return verifier.finish(options.finalLineTerminated ?? true);
}

/** Verifies a whole log text (e.g. a file's contents); works out for itself whether the last line is complete. */
export function verifyText(text: string): DetailedAuditVerification {
  if (text === '') return verifyLines([]);
  const finalLineTerminated = text.endsWith('\n');
  const body = finalLineTerminated ? text.slice(0, -1) : text;
  return verifyLines(body.split('\n'), { finalLineTerminated });
}
