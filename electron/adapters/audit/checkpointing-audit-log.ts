/**
 * The audit log with signed checkpoints: wraps JsonlAuditLog (same port, so the station core does not
 * change) and, with the station key, signs the chain head
 *   - every `everyRecords` appended records (default 500), and at least every `maxAgeMs` (default one
 *     hour) while records come in, even if none follow (an unref'd timer);
 *   - at open, when records were left without a checkpoint (first start, a crash before the last stop);
 *   - at close (station stop), and on demand (`evidence-station audit checkpoint`, disc packages).
 *
 * One checkpoint = one line in checkpoints.jsonl (one fdatasync), durable BEFORE the 'audit.checkpoint'
 * record that carries it in the log (written in a batch of its own, one more fdatasync). So every
 * checkpoint in the log is also in the file, and a file checkpoint only ever vouches for a durable record.
 * Appends never wait for a checkpoint: signing (~50 µs) and its two fsyncs run beside them.
 *
 * verify() checks the chain and then every checkpoint from both places (electron/core/audit/trail.ts).
 */
import { basename } from 'node:path';
import type { AuditCheckpoint, AuditEntry, AuditRecord } from '../../core/domain/audit.js';
import type { AuditLog } from '../../core/ports.js';
import { CHECKPOINT_ACTION, checkpointDue, DEFAULT_CHECKPOINT_POLICY, PublicKeyring, signCheckpoint, type CheckpointPolicy } from '../../core/audit/checkpoint.js';
import type { DetailedAuditVerification } from '../../core/audit/chain.js';
import { AuditTrailVerifier } from '../../core/audit/trail.js';
import { CheckpointFile } from './checkpoint-file.js';
import { AUDIT_LOG_TARGET, AUDIT_SYSTEM_ACTOR, type JsonlAuditLog } from './jsonl-audit-log.js';
import { StationKeyError, type KeyringEntry, type StationKeyStore, type StationSigningKey } from './station-key.js';

export const KEY_CREATED_ACTION = 'audit.key-created';
export const KEY_ROTATED_ACTION = 'audit.key-rotated';
/** Recorded at every open while the station cannot sign: the gap in the checkpoints is itself on the record. */
export const KEY_UNAVAILABLE_ACTION = 'audit.key-unavailable';
export const CHECKPOINT_FILE_RECOVERED_ACTION = 'audit.checkpoint-file-recovered';
/** Recorded at open when the log's head contradicts the newest checkpoint: cut short, or rewritten at its end. */
export const CHECKPOINT_CONFLICT_ACTION = 'audit.checkpoint-conflict';

/** After a background checkpoint failed (disk full, I/O error), the next try waits this long. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export type CheckpointReason = 'records' | 'age' | 'open' | 'stop' | 'demand' | 'export' | 'rotation';

/** The shape disc packages take (electron/core/archive AuditCheckpointSource): seq/hash plus what verifies the signature. */
export interface ExportedAuditCheckpoint {
  seq: number;
  hash: string;
  signature: string;
  keyId: string;
  at: string;
}

/** What the composed station offers hosts, the CLI and the archive: export, make one now, rotate the key. */
export interface AuditCheckpoints {
  /** The newest checkpoint the station made (undefined before the first). */
  latest(): Promise<AuditCheckpoint | undefined>;
  /** For disc packages and backups: a checkpoint covering every record so far (made now if records came since the last). */
  latestAuditCheckpoint(): Promise<ExportedAuditCheckpoint | undefined>;
  /** The current signing key's public key (SPKI PEM). Throws StationKeyError when the station has no usable key. */
  publicKeyPem(): Promise<string>;
  /** Every public key the station has signed with, retired ones included. */
  keyring(): Promise<KeyringEntry[]>;
  /** Makes a checkpoint now, recorded under `actor`. Throws StationKeyError when the station has no usable key. */
  create(actor: string): Promise<AuditCheckpoint>;
  /** Replaces the signing key on purpose (audited, with a reason); old checkpoints keep verifying. */
  rotateKey(actor: string, reason: string): Promise<{ keyId: string; previousKeyId: string | undefined; checkpoint: AuditCheckpoint }>;
  status(): CheckpointStatus;
}

export interface CheckpointStatus {
  keyId?: string;
  /** Why the station cannot sign now (key missing, replaced or unreadable). */
  keyProblem?: { code: string; message: string };
  lastCheckpoint?: AuditCheckpoint;
  /** Records appended since the last checkpoint's own record. */
  pendingRecords: number;
}

export interface CheckpointingAuditLogOptions {
  checkpointsPath: string;
  keys: StationKeyStore;
  clock?: () => Date;
  policy?: Partial<CheckpointPolicy>;
  /** Operator-facing notes (a missing key, a failed background checkpoint). */
  log?: (message: string) => void;
}

export class CheckpointingAuditLog implements AuditLog, AuditCheckpoints {
  private readonly file: CheckpointFile;
  private readonly policy: CheckpointPolicy;
  private readonly clock: () => Date;
  private readonly note: (message: string) => void;
  private key: StationSigningKey | undefined;
  private keyProblem: StationKeyError | undefined;
  private last: AuditCheckpoint | undefined;
  /** Seq of the last checkpoint's own record: records after it are not yet vouched for. */
  private lastCheckpointRecordSeq = 0;
  private lastCheckpointAtMs: number | undefined;
  private automatic: Promise<unknown> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backgroundFailedAtMs: number | undefined;
  private opened = false;
  private closing = false;

  constructor(
    readonly inner: JsonlAuditLog,
    private readonly options: CheckpointingAuditLogOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.file = new CheckpointFile(options.checkpointsPath, this.clock);
    this.policy = { ...DEFAULT_CHECKPOINT_POLICY, ...options.policy };
    this.note = options.log ?? (() => undefined);
  }

  async open(): Promise<void> {
    await this.inner.open();
    try {
      const recovery = await this.file.open();
      if (recovery !== undefined) {
        await this.inner.append({ actor: AUDIT_SYSTEM_ACTOR, action: CHECKPOINT_FILE_RECOVERED_ACTION, target: AUDIT_LOG_TARGET, detail: { file: basename(this.file.path), ...recovery } });
      }
      await this.openKey();
      const keyring = await this.options.keys.publicKeyring().catch(() => new PublicKeyring());
      const last = await this.file.lastGenuine(keyring);
      if (last !== undefined) this.remember(last, last.uptoSeq + 1);
      if (last !== undefined) await this.checkHeadAgainst(last);
      this.opened = true;
      this.closing = false;
      if (this.key !== undefined && this.pendingRecords() > 0) await this.makeCheckpoint(AUDIT_SYSTEM_ACTOR, 'open');
    } catch (error) {
      this.opened = false;
      await this.file.close();
      await this.inner.close();
      throw error;
    }
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const record = await this.inner.append(entry);
    this.afterAppend();
    return record;
  }

  forTarget(target: string, limit?: number): Promise<AuditRecord[]> {
    return this.inner.forTarget(target, limit);
  }

  /** The chain, then every checkpoint (checkpoints.jsonl and the log's own) against it. Read-only. */
  verify(): Promise<DetailedAuditVerification> {
    return this.inner.verify(async () => {
      let keyring = new PublicKeyring();
      let keyringProblem: string | undefined;
      try {
        keyring = await this.options.keys.publicKeyring();
      } catch (error) {
        if (!(error instanceof StationKeyError)) throw error;
        keyringProblem = error.message;
      }
      const contents = await this.file.read();
      return new AuditTrailVerifier({
        keyring,
        checkpointLines: contents?.lines,
        checkpointFileTerminated: contents?.terminated ?? true,
        checkpointFileName: basename(this.file.path),
        ...(keyringProblem === undefined ? {} : { keyringProblem }),
      });
    });
  }

  async close(): Promise<void> {
    if (!this.opened) return this.inner.close();
    this.closing = true;
    this.clearTimer();
    await this.automatic;
    if (this.key !== undefined && this.pendingRecords() > 0) {
      try {
        await this.makeCheckpoint(AUDIT_SYSTEM_ACTOR, 'stop');
      } catch (error) {
        this.note(`could not sign the closing audit checkpoint: ${describe(error)}`);
      }
    }
    this.opened = false;
    await this.file.close();
    await this.inner.close();
  }

  // ---- AuditCheckpoints ---------------------------------------------------------------------

  async latest(): Promise<AuditCheckpoint | undefined> {
    if (this.opened) return this.last;
    return this.file.lastGenuine(await this.options.keys.publicKeyring());
  }

  async latestAuditCheckpoint(): Promise<ExportedAuditCheckpoint | undefined> {
    const checkpoint = this.key !== undefined && this.opened && this.pendingRecords() > 0 ? await this.makeCheckpoint(AUDIT_SYSTEM_ACTOR, 'export') : await this.latest();
    return checkpoint === undefined ? undefined : { seq: checkpoint.uptoSeq, hash: checkpoint.uptoHash, signature: checkpoint.signature, keyId: checkpoint.keyId, at: checkpoint.at };
  }

  async publicKeyPem(): Promise<string> {
    return this.requireKey().publicKeyPem;
  }

  keyring(): Promise<KeyringEntry[]> {
    return this.options.keys.keyring();
  }

  create(actor: string): Promise<AuditCheckpoint> {
    return this.makeCheckpoint(actor, 'demand');
  }

  async rotateKey(actor: string, reason: string): Promise<{ keyId: string; previousKeyId: string | undefined; checkpoint: AuditCheckpoint }> {
    if (reason.trim() === '') throw new TypeError('a key rotation needs a reason');
    if (!this.opened) throw new Error('audit log is not open');
    const previousKeyAvailable = this.key !== undefined;
    // Everything so far is sealed with the old key while it is still the station's.
    if (this.key !== undefined && this.pendingRecords() > 0) await this.makeCheckpoint(actor, 'rotation');
    const { key, previousKeyId } = await this.options.keys.rotate(reason, actor);
    this.key = key;
    this.keyProblem = undefined;
    await this.inner.append({
      actor,
      action: KEY_ROTATED_ACTION,
      target: AUDIT_LOG_TARGET,
      detail: { keyId: key.keyId, publicKeyPem: key.publicKeyPem, previousKeyId: previousKeyId ?? null, previousKeyAvailable, reason },
    });
    const checkpoint = await this.makeCheckpoint(actor, 'rotation');
    return { keyId: key.keyId, previousKeyId, checkpoint };
  }

  /** Resolves when no background checkpoint is being made. */
  async idle(): Promise<void> {
    while (this.automatic !== undefined) await this.automatic;
  }

  status(): CheckpointStatus {
    const status: CheckpointStatus = { pendingRecords: this.opened ? Math.max(0, this.pendingRecords()) : 0 };
    if (this.key !== undefined) status.keyId = this.key.keyId;
    if (this.keyProblem !== undefined) status.keyProblem = { code: this.keyProblem.code, message: this.keyProblem.message };
    if (this.last !== undefined) status.lastCheckpoint = this.last;
    return status;
  }

  // ---- inside ---------------------------------------------------------------------------------

  private async openKey(): Promise<void> {
    try {
      const { key, created } = await this.options.keys.open();
      this.key = key;
      this.keyProblem = undefined;
      if (created) {
        await this.inner.append({ actor: AUDIT_SYSTEM_ACTOR, action: KEY_CREATED_ACTION, target: AUDIT_LOG_TARGET, detail: { keyId: key.keyId, publicKeyPem: key.publicKeyPem } });
      }
    } catch (error) {
      if (!(error instanceof StationKeyError)) throw error;
      // The station keeps taking in evidence (refusing would risk footage on full cameras), but it signs
      // nothing and makes no key: the gap is on the record and every open says so again.
      this.key = undefined;
      this.keyProblem = error;
      this.note(`audit checkpoints are NOT being signed: ${error.message}`);
      await this.inner.append({ actor: AUDIT_SYSTEM_ACTOR, action: KEY_UNAVAILABLE_ACTION, target: AUDIT_LOG_TARGET, detail: { code: error.code, message: error.message, ...error.params } });
    }
  }

  /**
   * A cheap check at every start (the head is known, nothing is read): a log that ends before the newest
   * checkpoint, or ends on it with another hash, was cut short or rewritten. The station keeps running;
   * the conflict goes on the record and verification keeps failing until someone looks.
   */
  private async checkHeadAgainst(last: AuditCheckpoint): Promise<void> {
    const head = this.inner.head();
    const cutShort = head.seq < last.uptoSeq;
    if (!cutShort && !(head.seq === last.uptoSeq && head.hash !== last.uptoHash)) return;
    const what = cutShort
      ? `the audit log ends at record ${head.seq} but the newest checkpoint vouches for record ${last.uptoSeq}: the log was cut short`
      : `the audit log's last record ${head.seq} does not have the hash the newest checkpoint vouches for: the log was rewritten`;
    this.note(`AUDIT LOG TAMPERING SUSPECTED: ${what}; run 'evidence-station audit verify' and keep the data folder as it is`);
    await this.inner.append({
      actor: AUDIT_SYSTEM_ACTOR,
      action: CHECKPOINT_CONFLICT_ACTION,
      target: AUDIT_LOG_TARGET,
      detail: { problem: cutShort ? 'truncated' : 'checkpoint-mismatch', logHead: { seq: head.seq, hash: head.hash }, checkpoint: last },
    });
    // What the log holds now is signed at once (the conflict record included); the old checkpoint stays in the file.
    this.lastCheckpointRecordSeq = 0;
  }

  private requireKey(): StationSigningKey {
    if (this.key !== undefined) return this.key;
    throw this.keyProblem ?? new StationKeyError('AUDIT_KEY_MISSING', 'the station has no signing key');
  }

  private pendingRecords(): number {
    return this.inner.head().seq - this.lastCheckpointRecordSeq;
  }

  /** Signs the durable head; the file line is durable before the log record that carries it. */
  private async makeCheckpoint(actor: string, reason: CheckpointReason): Promise<AuditCheckpoint> {
    const key = this.requireKey();
    let checkpoint: AuditCheckpoint | undefined;
    const record = await this.inner.appendAtHead(
      (head) => {
        if (head.seq === 0) throw new Error('the audit log is empty: there is nothing to vouch for');
        checkpoint = signCheckpoint({ uptoSeq: head.seq, uptoHash: head.hash, at: head.at }, key);
        return { actor, action: CHECKPOINT_ACTION, target: AUDIT_LOG_TARGET, detail: { ...checkpoint, reason } };
      },
      async () => {
        if (checkpoint !== undefined) await this.file.append(checkpoint);
      },
    );
    const made = checkpoint as AuditCheckpoint;
    this.remember(made, record.seq);
    return made;
  }

  private remember(checkpoint: AuditCheckpoint, recordSeq: number): void {
    this.last = checkpoint;
    this.lastCheckpointRecordSeq = recordSeq;
    this.lastCheckpointAtMs = Date.parse(checkpoint.at);
    this.clearTimer();
  }

  /** Cheap: a subtraction and a comparison per append; the checkpoint itself runs beside the appends. */
  private afterAppend(): void {
    if (!this.opened || this.closing || this.key === undefined || this.automatic !== undefined) return;
    const pendingRecords = this.pendingRecords();
    const nowMs = this.clock().getTime();
    const retryAtMs = this.backgroundFailedAtMs === undefined ? undefined : this.backgroundFailedAtMs + RETRY_AFTER_FAILURE_MS;
    const due = retryAtMs !== undefined && nowMs < retryAtMs ? undefined : checkpointDue({ pendingRecords, lastCheckpointAtMs: this.lastCheckpointAtMs, nowMs }, this.policy);
    if (due !== undefined) {
      this.automatic = this.makeCheckpoint(AUDIT_SYSTEM_ACTOR, due)
        .then(() => {
          this.backgroundFailedAtMs = undefined;
        })
        .catch((error: unknown) => {
          this.backgroundFailedAtMs = this.clock().getTime();
          this.note(`could not sign an audit checkpoint (retrying in ${RETRY_AFTER_FAILURE_MS / 1000} s): ${describe(error)}`);
        })
        .finally(() => {
          this.automatic = undefined;
          // Records that came in while it was being made wait for the next one (or the hourly timer).
          this.afterAppend();
        });
    } else if (pendingRecords > 0 && this.timer === undefined) {
      const nextAgeMs = (this.lastCheckpointAtMs ?? 0) + this.policy.maxAgeMs;
      // Bounded by maxAgeMs so a station clock set back cannot postpone it.
      const delay = Math.min(this.policy.maxAgeMs, Math.max(0, (retryAtMs !== undefined && nowMs < retryAtMs ? retryAtMs : nextAgeMs) - nowMs));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.afterAppend();
      }, delay);
      // A quiet station must still be able to exit; close() signs whatever is left.
      this.timer.unref?.();
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
