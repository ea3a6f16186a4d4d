/**
 * Off-site backup (issue E, R4.5): the contract's commands, the progress event and their schemas.
 * Merged into index.ts's commands/events. The shapes mirror electron/core/backup/model.ts.
 */
import { z } from 'zod';

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const BackupProgress = z.object({
  runId: z.string(),
  step: z.enum(['snapshot', 'listing', 'checking', 'uploading', 'manifest', 'verifying', 'done', 'failed']),
  objectsDone: z.number(),
  objectsTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  speed: z.number(),
  etaSeconds: z.number().optional(),
  message: z.string().optional(),
});

export const BackupRunSummary = z.object({
  runId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  by: z.string(),
  target: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  snapshotId: z.string().optional(),
  objects: z.number(),
  bytes: z.number(),
  uploadedObjects: z.number(),
  uploadedBytes: z.number(),
  auditSeq: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string(), params: Params }).optional(),
});

export const BackupVerificationSummary = z.object({
  at: z.string(),
  by: z.string(),
  target: z.string(),
  snapshotId: z.string(),
  kind: z.literal('sample'),
  checked: z.number(),
  bytes: z.number(),
  ok: z.boolean(),
  problems: z.array(z.object({ object: z.string(), sha256: z.string().optional(), code: z.string(), detail: z.string() })),
});

export const BackupStatus = z.object({
  configured: z.boolean(),
  target: z.string(),
  scheduleTime: z.string(),
  maxAgeHours: z.number(),
  keyId: z.string().optional(),
  lastGood: BackupRunSummary.optional(),
  lastRun: BackupRunSummary.optional(),
  ageHours: z.number().optional(),
  alarm: z.boolean(),
  pendingObjects: z.number(),
  pendingBytes: z.number(),
  running: BackupProgress.optional(),
  verifications: z.array(BackupVerificationSummary),
  nextRunAt: z.string().optional(),
});

/** A folder, sftp://user@host[:port]/folder or s3://bucket/prefix?endpoint=...; never a password. */
const TargetText = z.string().trim().min(1).max(2048);

export const backupCommands = {
  /** Last good backup, pending objects, alarm, the running run's progress, the last verifications. */
  'backup.status': { request: z.object({}).strict(), response: BackupStatus },
  /** Starts a backup now (or reports the one running). Returns at once; follow backup.progress / backup.status. Audited. */
  'backup.start': {
    request: z.object({ target: TargetText.optional(), bandwidthBytesPerSecond: z.number().int().min(0).max(10 * 1024 ** 3).optional() }).strict(),
    response: z.object({ runId: z.string(), alreadyRunning: z.boolean() }),
  },
  /** Downloads, decrypts and hashes a random sample of the newest snapshot. Audited. */
  'backup.verify': { request: z.object({ sampleSize: z.number().int().min(1).max(10_000).optional(), target: TargetText.optional() }).strict(), response: BackupVerificationSummary },
  /** Makes the backup key if the station has none (audited); the key itself never crosses the contract. */
  'backup.keyInit': { request: z.object({}).strict(), response: z.object({ keyId: z.string(), created: z.boolean() }) },
} as const;

export const backupEvents = {
  'backup.progress': BackupProgress,
} as const;

export type BackupCommandName = keyof typeof backupCommands;
