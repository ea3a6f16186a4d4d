/**
 * Runtime schemas for everything that crosses a process boundary. Requests are parsed on the station
 * side before any handler runs; responses and events are parsed by the renderer's bridge.
 * Kept in step with electron/core/domain by test/unit/contract-types.test.ts (a compile-time check).
 */
import { z } from 'zod';

// Plain text fields from people: trimmed, bounded, no control characters (they break logs and labels).
const controlChars = /[\u0000-\u001f\u007f]/;
export const humanText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !controlChars.test(s), { message: 'CONTROL_CHARS' });

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const IsoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'INVALID_DATE' });

/** Issue F: electron/core/domain/confidentiality.ts (kept in step by test/unit/contract-types.test.ts). */
export const ConfidentialityLevel = z.enum(['ordinary', 'personal-privacy', 'commercial-secret', 'state-secret']);

/** Issue F: electron/core/domain/roles.ts. */
export const Role = z.enum(['officer', 'clerk', 'supervisor', 'legal', 'admin']);

export const EnforcementStage = z.enum(['procedure-start', 'investigation', 'review-decision', 'service-enforcement', 'other']);
export const LongTermReason = z.enum(['evidence', 'dispute', 'obstruction', 'emergency', 'other-long-term']);
export const MediaKind = z.enum(['video', 'photo', 'audio', 'other']);

/** What an officer types; the station fills labelledAt / labelledBy. Emptiness is checked by label rules. */
export const LabelInput = z.object({
  caseNumber: humanText(64),
  party: humanText(200),
  handler: humanText(100),
  stage: EnforcementStage,
  location: humanText(200),
  causeOfAction: humanText(200).optional(),
  notes: humanText(2000).optional(),
  longTerm: LongTermReason.optional(),
});

export const ClipLabel = LabelInput.extend({ labelledAt: IsoDate, labelledBy: z.string() });

export const CameraIdentity = z.object({
  deviceNumber: z.string(),
  serial: z.string().optional(),
  model: z.string().optional(),
  officerNumber: z.string().optional(),
  officerName: z.string().optional(),
  unitName: z.string().optional(),
  department: z.string().optional(),
  unitNumber: z.string().optional(),
});

export const MediaInfo = z.object({
  kind: MediaKind,
  durationMs: z.number().optional(),
  videoCodec: z.string().optional(),
  audioCodec: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  frameRate: z.number().optional(),
  recordedAt: z.string().optional(),
  damaged: z.string().optional(),
});

export const Clip = z.object({
  id: Sha256,
  size: z.number(),
  kind: MediaKind,
  originalName: z.string(),
  originalPath: z.string(),
  camera: CameraIdentity,
  cameraMtime: z.string(),
  clockOffsetMs: z.number(),
  receivedAt: z.string(),
  dockSessionId: z.string(),
  media: MediaInfo,
  hasThumbnail: z.boolean(),
  label: ClipLabel.optional(),
  late: z.object({ hoursAfterRecording: z.number(), reason: z.string().optional() }).optional(),
  seenAgain: z.array(z.object({ dockSessionId: z.string(), at: z.string(), originalPath: z.string() })).optional(),
  department: z.string().optional(),
  confidentiality: ConfidentialityLevel.optional(),
});

export const IngestProgress = z.object({
  sessionId: z.string(),
  step: z.enum(['scanning', 'copying', 'verifying', 'cataloguing', 'done', 'failed']),
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  speed: z.number(),
  etaSeconds: z.number().optional(),
  currentFile: z.object({ originalPath: z.string(), bytesDone: z.number(), bytesTotal: z.number() }).optional(),
});

export const DockSession = z.object({
  id: z.string(),
  camera: CameraIdentity,
  sourceRoot: z.string(),
  startedAt: z.string(),
  closedAt: z.string().optional(),
  operator: z.string(),
  state: z.enum(['ingesting', 'awaiting-labels', 'ready-to-close', 'interrupted', 'failed', 'closed']),
  clockOffsetMs: z.number(),
  clipIds: z.array(z.string()),
  unlabelledCount: z.number(),
  lateCount: z.number(),
  problems: z.array(z.object({ originalPath: z.string(), code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
  progress: IngestProgress,
  failure: z.string().optional(),
  /** Issue B: battery, storage and clock as the camera told them at docking. */
  device: z
    .object({
      profileId: z.string(),
      battery: z.number().optional(),
      totalBytes: z.number().optional(),
      freeBytes: z.number().optional(),
      clockSource: z.enum(['control', 'volume']),
      clockSync: z.object({ beforeOffsetMs: z.number(), afterOffsetMs: z.number(), at: z.string() }).optional(),
    })
    .optional(),
});

export const AuditRecord = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  detail: z.unknown().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

/** A signed audit checkpoint (electron/core/audit/checkpoint.ts). */
export const AuditCheckpoint = z.object({ uptoSeq: z.number(), uptoHash: z.string(), at: z.string(), keyId: z.string(), signature: z.string() });

/** Present when the signed checkpoints were checked too. */
const auditCheckpointSummary = { checkpointsVerified: z.number().optional(), lastCheckpoint: AuditCheckpoint.optional(), recordsAfterLastCheckpoint: z.number().optional() };

export const AuditVerification = z.union([
  z.object({ ok: z.literal(true), records: z.number(), lastHash: z.string(), ...auditCheckpointSummary }),
  z.object({ ok: z.literal(false), records: z.number(), firstBadLine: z.number(), firstBadSeq: z.number().optional(), reason: z.string(), problem: z.string().optional(), checkpointLine: z.number().optional(), ...auditCheckpointSummary }),
]);

export const AgencySettings = z.object({
  agencyName: humanText(200),
  handInLimitHours: z.number().min(1).max(24 * 30),
  caseNumberPattern: z.string().max(500),
  caseNumberExample: humanText(64),
  labelOverdueHours: z.number().min(1).max(24 * 365),
  gapThresholdMinutes: z.number().min(1).max(24 * 60),
  deleteFromCameraAfterVerify: z.boolean(),
  syncCameraClock: z.boolean(),
  /** Defaulted so settings from a station older than the fixity check still parse (7 = DEFAULT_SETTINGS). */
  fixityIntervalDays: z.number().min(1).max(365).default(7),
  /** Issue E (docs/backup.md); defaults = DEFAULT_SETTINGS, so older settings files still parse. */
  backupTarget: z.string().trim().max(2048).default(''),
  backupTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('02:00'),
  backupMaxAgeHours: z.number().min(1).max(24 * 365).default(48),
  backupBandwidthBytesPerSecond: z.number().int().min(0).max(10 * 1024 ** 3).default(0),
  backupSampleSize: z.number().int().min(1).max(10_000).default(5),
  /** Issue B: defaulted so older settings files still parse ('registered-only' = DEFAULT_SETTINGS). */
  cameraAdmission: z.enum(['registered-only', 'any-camera']).default('registered-only'),
  /** Spot-check review and continuity (docs/supervision.md); defaulted so older settings files parse. */
  spotCheckPeriodMonths: z.number().int().min(1).max(12).default(1),
  spotCheckSamplePerOfficer: z.number().int().min(1).max(100).default(3),
  continuityEventHours: z.number().min(0.25).max(72).default(2),
  // Issue F (docs/access-control.md); defaults = DEFAULT_SETTINGS, so older settings files still parse.
  loginMaxFailures: z.number().int().min(1).max(100).default(5),
  loginLockoutMinutes: z.number().min(1).max(24 * 60).default(15),
  sessionIdleMinutes: z.number().min(1).max(24 * 60).default(10),
  sessionMaxHours: z.number().min(1).max(72).default(12),
  badgeScanSuffices: z.boolean().default(false),
  grantMaxDays: z.number().min(1).max(3650).default(30),
  standingGrants: z.array(z.object({ role: Role, upTo: ConfidentialityLevel })).max(20).default([]),
});

export const ClipQuery = z.object({
  text: humanText(200).optional(),
  caseNumber: humanText(64).optional(),
  party: humanText(200).optional(),
  officer: humanText(100).optional(),
  deviceNumber: humanText(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  unlabelledOnly: z.boolean().optional(),
  dockSessionId: z.string().max(100).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Per-field problems of a form (label), keyed by field name. */
  fields: z.record(z.string(), z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })).optional(),
});
