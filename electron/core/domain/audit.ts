/** One line of the audit log. `hash` covers every other field, `prevHash` chains it to the line before. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  /** What the action was done to: 'clip:<sha256>', 'dock:<id>', 'settings', ... */
  target: string;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  prevHash: string;
  hash: string;
}

export type AuditEntry = Pick<AuditRecord, 'actor' | 'action' | 'target'> & Partial<Pick<AuditRecord, 'before' | 'after' | 'detail'>>;

/**
 * A signed statement by the station's key (Ed25519): "records 1..uptoSeq of the audit log end in the
 * record whose hash is uptoHash". Kept in a second place (checkpoints.jsonl, disc packages, backups), it
 * lets a later check find a log cut short or rewritten from some record on, which the chain alone cannot.
 */
export interface AuditCheckpoint {
  uptoSeq: number;
  uptoHash: string;
  /** When it was signed, station time, ISO 8601. */
  at: string;
  /** First 16 hex digits of the SHA-256 of the raw Ed25519 public key that signed it. */
  keyId: string;
  /** Base64 Ed25519 signature over the checkpoint statement (see electron/core/audit/checkpoint.ts). */
  signature: string;
}

/** What a verification that also checked the signed checkpoints adds (absent when only the chain was checked). */
export interface AuditCheckpointSummary {
  /** Distinct checkpoints whose signature and record both checked out. */
  checkpointsVerified?: number;
  /** The verified checkpoint vouching for the newest record. */
  lastCheckpoint?: AuditCheckpoint;
  /** Records after the one the last checkpoint vouches for: what a cut-off tail could still remove unnoticed. */
  recordsAfterLastCheckpoint?: number;
}

export type AuditVerification =
  | ({ ok: true; records: number; lastHash: string } & AuditCheckpointSummary)
  | ({
      ok: false;
      records: number;
      /** Line of the audit log the problem is about; 0 when it is a line of the checkpoint file that names no record. */
      firstBadLine: number;
      firstBadSeq?: number;
      reason: string;
      /** Machine-readable kind, for the UI's words. */
      problem?: string;
      /** When the problem is in the checkpoint file (checkpoints.jsonl): its line. */
      checkpointLine?: number;
    } & AuditCheckpointSummary);
