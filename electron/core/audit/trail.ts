/**
 * The whole audit trail check: the hash chain (chain.ts), then the signed checkpoints against it.
 * Pure: the caller hands in the keyring, the checkpoint file's lines and the log's lines.
 *
 * Checkpoints come from two places and are checked both ways:
 * - checkpoint file (checkpoints.jsonl, kept beside the log and copied onto discs and backups): each line's
 *   signature must verify under a known key (else 'checkpoint-forged'), and the log must hold record
 *   uptoSeq (else 'truncated') with hash uptoHash (else 'checkpoint-mismatch': rewritten from there on);
 * - the log's own 'audit.checkpoint' records: signature as above, they must vouch for the record just
 *   before them (the station signs them at the chain head), and they must also be in the checkpoint file
 *   (the station writes the file line before the log record), else 'checkpoint-missing'.
 *
 * Order of reporting: the chain first (its first problem, exactly as ChainVerifier reports it); only when
 * the chain is intact are the checkpoints judged, and then the problem nearest the start of the log wins.
 * Memory: the checkpoint file (one short line per few hundred records) plus constant per log line.
 */
import type { AuditCheckpoint, AuditCheckpointSummary, AuditRecord } from '../domain/audit.js';
import { ChainVerifier, type AuditProblemKind, type DetailedAuditVerification, type LineVerifier } from './chain.js';
import { CHECKPOINT_ACTION, parseCheckpoint, verifyCheckpointSignature, type PublicKeyring } from './checkpoint.js';

export const CHECKPOINT_FILE_NAME = 'checkpoints.jsonl';

export interface TrailVerifierOptions {
  /** Every public key the station has signed with (its keyring, history included). */
  keyring: PublicKeyring;
  /**
   * Lines of the checkpoint file in order, line ends removed; undefined when the file does not exist.
   * A last line without its line end (an append cut off by a crash) is passed with `checkpointFileTerminated: false`
   * and ignored: a crash is not tampering, and the station sets such a line aside when it next opens.
   */
  checkpointLines: readonly string[] | undefined;
  checkpointFileTerminated?: boolean;
  /** For messages; default checkpoints.jsonl. */
  checkpointFileName?: string;
  /** Why the keyring could not be read (damaged or edited): then no checkpoint can be trusted, which is itself reported. */
  keyringProblem?: string;
}

interface FileCheckpoint {
  line: number;
  checkpoint: AuditCheckpoint;
}

interface CheckpointProblem {
  /** Log line the problem is about (0: a checkpoint-file line that names no record). */
  line: number;
  seq?: number;
  checkpointLine?: number;
  problem: AuditProblemKind;
  reason: string;
}

type Failure = Extract<DetailedAuditVerification, { ok: false }>;

/** Streaming, like ChainVerifier: push the log's lines, then finish(). */
export class AuditTrailVerifier implements LineVerifier {
  private readonly chain: ChainVerifier;
  private readonly fileName: string;
  /** Genuine file checkpoints by the seq they vouch for. */
  private readonly bySeq = new Map<number, FileCheckpoint[]>();
  /** Signatures in the checkpoint file (genuine or not): an in-log checkpoint must be among them. */
  private readonly fileSignatures = new Set<string>();
  private readonly fileExists: boolean;
  private firstProblem: CheckpointProblem | undefined;
  /** Signatures of checkpoints verified against the log. */
  private readonly verified = new Set<string>();
  private last: AuditCheckpoint | undefined;
  private highestFileCheckpoint: FileCheckpoint | undefined;

  constructor(private readonly options: TrailVerifierOptions) {
    this.chain = new ChainVerifier({ onRecord: (record, line) => this.onRecord(record, line) });
    this.fileName = options.checkpointFileName ?? CHECKPOINT_FILE_NAME;
    this.fileExists = options.checkpointLines !== undefined;
    if (options.keyringProblem !== undefined) {
      this.note({ line: 0, problem: 'checkpoint-unreadable', reason: `the station's keyring cannot be read, so no checkpoint can be checked: ${options.keyringProblem}` });
    }
    this.readCheckpointFile(options.checkpointLines ?? [], options.checkpointFileTerminated ?? true);
  }

  push(line: string): boolean {
    return this.chain.push(line);
  }

  finish(finalLineTerminated = true): DetailedAuditVerification {
    const chainResult = this.chain.finish(finalLineTerminated);
    if (!chainResult.ok) return { ...chainResult, ...this.summary(chainResult.records) };
    const logEnd = chainResult.records;
    const beyond = this.highestFileCheckpoint;
    if (beyond !== undefined && beyond.checkpoint.uptoSeq > logEnd) {
      const { checkpoint, line } = beyond;
      this.note({
        line: logEnd + 1,
        seq: logEnd + 1,
        checkpointLine: line,
        problem: 'truncated',
        reason: `log truncated: checkpoint ${line} vouches for record ${checkpoint.uptoSeq} but the log ends at record ${logEnd} (${this.fileName} line ${line}, signed ${checkpoint.at} by key ${checkpoint.keyId}); at least ${checkpoint.uptoSeq - logEnd} record${checkpoint.uptoSeq - logEnd === 1 ? '' : 's'} missing from the end`,
      });
    }
    const found = this.firstProblem;
    if (found !== undefined) {
      const failure: Failure = { ok: false, records: logEnd, firstBadLine: found.line, reason: found.reason, problem: found.problem };
      if (found.seq !== undefined) failure.firstBadSeq = found.seq;
      if (found.checkpointLine !== undefined) failure.checkpointLine = found.checkpointLine;
      return { ...failure, ...this.summary(logEnd) };
    }
    return { ...chainResult, ...this.summary(logEnd) };
  }

  private summary(logEnd: number): AuditCheckpointSummary {
    const summary: AuditCheckpointSummary = { checkpointsVerified: this.verified.size };
    if (this.last !== undefined) {
      summary.lastCheckpoint = this.last;
      summary.recordsAfterLastCheckpoint = Math.max(0, logEnd - this.last.uptoSeq);
    }
    return summary;
  }

  private readCheckpointFile(lines: readonly string[], terminated: boolean): void {
    const complete = terminated ? lines : lines.slice(0, -1);
    complete.forEach((text, index) => {
      const line = index + 1;
      const where = `${this.fileName} line ${line}`;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.note({ line: 0, checkpointLine: line, problem: 'checkpoint-unreadable', reason: `${where} is not valid JSON (edited)` });
        return;
      }
      const parsed = parseCheckpoint(value);
      if (!parsed.ok) {
        this.note({ line: 0, checkpointLine: line, problem: 'checkpoint-unreadable', reason: `${where} is not a checkpoint: ${parsed.problem} (edited)` });
        return;
      }
      const { checkpoint } = parsed;
      this.fileSignatures.add(checkpoint.signature);
      const signature = verifyCheckpointSignature(checkpoint, this.options.keyring);
      if (!signature.ok) {
        // It vouches for nothing, so it is placed where it claims to be; a truncation check must not trust it.
        this.note({ line: checkpoint.uptoSeq, seq: checkpoint.uptoSeq, checkpointLine: line, problem: 'checkpoint-forged', reason: `${where} (checkpoint for record ${checkpoint.uptoSeq}, signed ${checkpoint.at}): ${signature.reason}` });
        return;
      }
      const entry = { line, checkpoint };
      const atSeq = this.bySeq.get(checkpoint.uptoSeq);
      if (atSeq === undefined) this.bySeq.set(checkpoint.uptoSeq, [entry]);
      else atSeq.push(entry);
      if (this.highestFileCheckpoint === undefined || checkpoint.uptoSeq > this.highestFileCheckpoint.checkpoint.uptoSeq) this.highestFileCheckpoint = entry;
    });
  }

  /** Called by the chain verifier for each record it accepted: its seq, hash and link are already good. */
  private onRecord(record: AuditRecord, line: number): void {
    const where = `line ${line} (seq ${record.seq})`;
    for (const { checkpoint, line: fileLine } of this.bySeq.get(record.seq) ?? []) {
      if (checkpoint.uptoHash === record.hash) {
        this.accept(checkpoint);
      } else {
        this.note({
          line,
          seq: record.seq,
          checkpointLine: fileLine,
          problem: 'checkpoint-mismatch',
          reason: `${where}: checkpoint ${fileLine} (${this.fileName} line ${fileLine}, signed ${checkpoint.at} by key ${checkpoint.keyId}) vouches for a record with hash ${checkpoint.uptoHash.slice(0, 16)}…, the log holds ${record.hash.slice(0, 16)}… (the log was rewritten from this record or earlier, or cut short and continued)`,
        });
      }
    }
    if (record.action === CHECKPOINT_ACTION) this.checkLogCheckpoint(record, line, where);
  }

  private checkLogCheckpoint(record: AuditRecord, line: number, where: string): void {
    const parsed = parseCheckpoint(record.detail);
    if (!parsed.ok) {
      this.note({ line, seq: record.seq, problem: 'checkpoint-unreadable', reason: `${where}: checkpoint record without a readable checkpoint: ${parsed.problem}` });
      return;
    }
    const { checkpoint } = parsed;
    const signature = verifyCheckpointSignature(checkpoint, this.options.keyring);
    if (!signature.ok) {
      this.note({ line, seq: record.seq, problem: 'checkpoint-forged', reason: `${where}: checkpoint record for record ${checkpoint.uptoSeq}: ${signature.reason}` });
      return;
    }
    if (checkpoint.uptoSeq !== record.seq - 1 || checkpoint.uptoHash !== record.prevHash) {
      this.note({
        line,
        seq: record.seq,
        problem: 'checkpoint-mismatch',
        reason: `${where}: this checkpoint record vouches for record ${checkpoint.uptoSeq} with hash ${checkpoint.uptoHash.slice(0, 16)}…, but it follows record ${record.seq - 1} with hash ${record.prevHash.slice(0, 16)}… (records before it were rewritten, or the checkpoint was copied here)`,
      });
      return;
    }
    if (!this.fileSignatures.has(checkpoint.signature)) {
      const why = this.fileExists ? `is not in ${this.fileName} (lines deleted from it)` : `cannot be found: ${this.fileName} is missing (deleted or moved)`;
      this.note({ line, seq: record.seq, problem: 'checkpoint-missing', reason: `${where}: the checkpoint recorded here (for record ${checkpoint.uptoSeq}, signed ${checkpoint.at}) ${why}` });
      return;
    }
    this.accept(checkpoint);
  }

  private accept(checkpoint: AuditCheckpoint): void {
    this.verified.add(checkpoint.signature);
    if (this.last === undefined || checkpoint.uptoSeq >= this.last.uptoSeq) this.last = checkpoint;
  }

  /** Keeps the problem nearest the start of the log (file lines naming no record first, then by log line). */
  private note(problem: CheckpointProblem): void {
    if (this.firstProblem === undefined || problem.line < this.firstProblem.line) this.firstProblem = problem;
  }
}

/** Verifies log lines (as readline would yield them) with their checkpoints; see AuditTrailVerifier. */
export function verifyTrailLines(lines: Iterable<string>, options: TrailVerifierOptions & { finalLineTerminated?: boolean }): DetailedAuditVerification {
  const verifier = new AuditTrailVerifier(options);
  for (const line of lines) verifier.push(line);
  return verifier.finish(options.finalLineTerminated ?? true);
}

/** Splits a file's text into lines and says whether it ended with a line end. */
export function splitLines(text: string): { lines: string[]; terminated: boolean } {
  if (text === '') return { lines: [], terminated: true };
  const terminated = text.endsWith('\n');
  return { lines: (terminated ? text.slice(0, -1) : text).split('\n'), terminated };
}
