/** The backup's values: progress, run and verification summaries, the local state, the status screen. */
import { z } from 'zod';

export const BACKUP_STEPS = ['snapshot', 'listing', 'checking', 'uploading', 'manifest', 'verifying', 'done', 'failed'] as const;
export type BackupStep = (typeof BACKUP_STEPS)[number];

export interface BackupProgress {
  runId: string;
  step: BackupStep;
  objectsDone: number;
  objectsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds of upload. */
  speed: number;
  etaSeconds?: number;
  message?: string;
}

export interface BackupRunSummary {
  runId: string;
  trigger: 'manual' | 'schedule';
  by: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  snapshotId?: string;
  objects: number;
  bytes: number;
  uploadedObjects: number;
  uploadedBytes: number;
  auditSeq?: number;
  error?: { code: string; message: string; params: Record<string, string | number> };
}

export interface BackupVerificationSummary {
  at: string;
  by: string;
  target: string;
  snapshotId: string;
  kind: 'sample';
  checked: number;
  bytes: number;
  ok: boolean;
  problems: { object: string; sha256?: string; code: string; detail: string }[];
}

export interface BackupState {
  /** Per target description: object names verified on it, with their size there. */
  targets: Record<string, { verified: Record<string, number> }>;
  lastGood?: BackupRunSummary;
  lastRun?: BackupRunSummary;
  verifications: BackupVerificationSummary[];
}

export const EMPTY_STATE: BackupState = { targets: {}, verifications: [] };

export interface BackupStatus {
  configured: boolean;
  target: string;
  scheduleTime: string;
  maxAgeHours: number;
  keyId?: string;
  lastGood?: BackupRunSummary;
  lastRun?: BackupRunSummary;
  /** Hours since the last good backup (undefined when there never was one). */
  ageHours?: number;
  alarm: boolean;
  pendingObjects: number;
  pendingBytes: number;
  running?: BackupProgress;
  verifications: BackupVerificationSummary[];
  nextRunAt?: string;
}

/** The manifest of one snapshot: written last, sealed, so a half-finished run never counts as a backup. */
export const SnapshotManifest = z.object({
  format: z.literal('evidence-station-backup'),
  version: z.literal(1),
  snapshotId: z.string().min(1),
  createdAt: z.string(),
  stationVersion: z.string(),
  keyId: z.string(),
  objects: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0), name: z.string() })),
  files: z.array(z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0), name: z.string() })),
  audit: z.object({
    records: z.number().int().min(0),
    lastSeq: z.number().int().min(0),
    lastHash: z.string(),
    checkpoint: z.object({ seq: z.number(), hash: z.string(), keyId: z.string(), signature: z.string(), at: z.string() }).optional(),
  }),
  totals: z.object({ objects: z.number(), bytes: z.number() }),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;
