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

export type AuditVerification =
  | { ok: true; records: number; lastHash: string }
  | { ok: false; records: number; firstBadLine: number; firstBadSeq?: number; reason: string; /** Machine-readable kind, for the UI's words. */ problem?: string };
