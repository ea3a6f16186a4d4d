/**
 * The archive's part of the contract (long-term copies on disc or external disk, issue D): commands,
 * the progress event and their runtime schemas. Kept apart from index.ts until the screens exist: merge
 * with `commands = { ...commands, ...archiveCommands }` and `events = { ...events, ...archiveEvents }`
 * (see docs/archive.md, "Wiring"). The CLI already goes through exactly these schemas.
 */
import { z } from 'zod';
import { humanText, Sha256 } from './schemas.js';

export const MediaSizeId = z.enum(['cd', 'dvd', 'dvd-dl', 'bd25', 'bd50', 'bd100']);
export const LongTermOrManual = z.enum(['evidence', 'dispute', 'obstruction', 'emergency', 'other-long-term', 'manual']);
const Target = z.string().trim().min(1).max(4096);
const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const ArchiveProgress = z.object({
  jobId: z.string(),
  setId: z.string(),
  step: z.enum(['planning', 'packaging', 'waiting-for-media', 'burning', 'writing', 'verifying', 'registering', 'done', 'failed']),
  copy: z.number(),
  copies: z.number(),
  disc: z.number(),
  discs: z.number(),
  discId: z.string().optional(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  speed: z.number(),
  etaSeconds: z.number().optional(),
  currentFile: z.string().optional(),
  message: z.string().optional(),
});

export const DiscFile = z.object({ path: z.string(), size: z.number(), sha256: z.string(), role: z.enum(['payload', 'sheet', 'tag']), clipId: z.string().optional() });
export const DiscProblem = z.object({
  path: z.string(),
  problem: z.enum(['mismatch', 'missing', 'unreadable', 'size-differs', 'unexpected']),
  expected: z.string().optional(),
  actual: z.string().optional(),
  detail: z.string().optional(),
});
export const DiscVerification = z.object({
  at: z.string(),
  by: z.string(),
  ok: z.boolean(),
  filesChecked: z.number(),
  bytesChecked: z.number(),
  fromDevice: z.boolean(),
  problems: z.array(DiscProblem),
  moreProblems: z.number().optional(),
});

export const DiscRecord = z.object({
  id: z.string(),
  setId: z.string(),
  copy: z.number(),
  copies: z.number(),
  index: z.number(),
  count: z.number(),
  kind: z.enum(['optical', 'image', 'folder']),
  location: z.string(),
  media: MediaSizeId.optional(),
  volumeId: z.string(),
  status: z.enum(['verified', 'failed-verification']),
  createdAt: z.string(),
  createdBy: z.string(),
  station: z.string(),
  caseNumbers: z.array(z.string()),
  parties: z.array(z.string()),
  clipIds: z.array(z.string()),
  files: z.array(DiscFile),
  bytes: z.number(),
  auditRecord: z.object({ seq: z.number(), hash: z.string() }),
  labelText: z.array(z.string()),
  labelPdf: z.string().optional(),
  shelf: z.string().optional(),
  verifications: z.array(DiscVerification),
});

/** A disc without its file list, for listings. */
export const DiscSummary = DiscRecord.omit({ files: true }).extend({ files: z.number() });

export const QueueEntry = z.object({
  caseNumber: z.string(),
  parties: z.array(z.string()),
  clipIds: z.array(z.string()),
  bytes: z.number(),
  reasons: z.array(LongTermOrManual),
  copiesWanted: z.number(),
  copiesVerified: z.number(),
  since: z.string(),
  dueBy: z.string(),
  overdue: z.boolean(),
});

export const ArchiveQueue = z.object({ entries: z.array(QueueEntry), clips: z.number(), bytes: z.number() });

export const ManualQueueEntry = z.object({
  id: z.string(),
  caseNumber: z.string().optional(),
  clipIds: z.array(z.string()),
  copies: z.number(),
  addedAt: z.string(),
  addedBy: z.string(),
  note: z.string().optional(),
});

export const DueDisc = z.object({ discId: z.string(), reason: z.enum(['never-rechecked', 'interval-elapsed']), lastCheckedAt: z.string(), dueSince: z.string(), shelf: z.string().optional() });

export const ArchiveJob = z.object({
  jobId: z.string(),
  kind: z.enum(['archive', 'recheck']),
  setId: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  startedAt: z.string(),
  startedBy: z.string(),
  finishedAt: z.string().optional(),
  progress: ArchiveProgress.optional(),
  copies: z.array(z.object({ copy: z.number(), target: z.string(), discIds: z.array(z.string()) })),
  verification: DiscVerification.optional(),
  error: z.object({ code: z.string(), message: z.string(), params: Params }).optional(),
});

const CaseOrClips = {
  caseNumber: humanText(64).pipe(z.string().min(1)).optional(),
  clipIds: z.array(Sha256).min(1).max(5000).optional(),
};

export const archiveCommands = {
  /** What is not yet on a verified long-term copy, by case, most urgent first. */
  'archive.queue': { request: z.object({}).strict(), response: ArchiveQueue },
  /** The clerk puts a case or a selection in the queue by hand; `copies: 2` for the most important cases. */
  'archive.queueAdd': {
    request: z
      .object({ ...CaseOrClips, copies: z.number().int().min(1).max(2).optional(), note: humanText(500).optional() })
      .strict()
      .refine((r) => r.caseNumber !== undefined || r.clipIds !== undefined, { message: 'CASE_OR_CLIPS' }),
    response: ManualQueueEntry,
  },
  /** Package, burn or write, read back and verify, register. Returns at once; follow archive.job / archive.progress. */
  'archive.start': {
    request: z
      .object({ ...CaseOrClips, target: Target, media: MediaSizeId.optional(), secondTarget: Target.optional(), secondMedia: MediaSizeId.optional() })
      .strict()
      .refine((r) => r.caseNumber !== undefined || r.clipIds !== undefined, { message: 'CASE_OR_CLIPS' }),
    response: ArchiveJob,
  },
  'archive.job': { request: z.object({ jobId: z.string().max(100) }).strict(), response: ArchiveJob },
  /** The disc registry; `due` adds the discs whose periodic re-check is due. */
  'archive.discs': {
    request: z.object({ due: z.boolean().optional(), intervalDays: z.number().int().min(1).max(3650).optional() }).strict(),
    response: z.object({ discs: z.array(DiscSummary), due: z.array(DueDisc) }),
  },
  'archive.disc': { request: z.object({ discId: z.string().max(100) }).strict(), response: DiscRecord },
  /** Reads a registered disc back again (the disc must be in the drive, or the image / folder reachable). */
  'archive.verify': { request: z.object({ discId: z.string().max(100), location: Target.optional() }).strict(), response: ArchiveJob },
  /** Where the disc is kept (shelf, cabinet, case file). */
  'archive.shelve': { request: z.object({ discId: z.string().max(100), shelf: humanText(200).pipe(z.string().min(1)) }).strict(), response: DiscRecord },
} as const;

export const archiveEvents = {
  'archive.progress': ArchiveProgress,
} as const;

export type ArchiveCommands = typeof archiveCommands;
export type ArchiveCommandName = keyof ArchiveCommands;
export type ArchiveCommandRequest<C extends ArchiveCommandName> = z.input<ArchiveCommands[C]['request']>;
export type ArchiveParsedRequest<C extends ArchiveCommandName> = z.output<ArchiveCommands[C]['request']>;
export type ArchiveCommandResponse<C extends ArchiveCommandName> = z.output<ArchiveCommands[C]['response']>;
export type ArchiveCallResult<C extends ArchiveCommandName> = { ok: true; value: ArchiveCommandResponse<C> } | { ok: false; error: { code: string; message: string; params: Record<string, string | number>; fields?: Record<string, { code: string; params: Record<string, string | number> }> } };

export const archiveCommandNames = Object.keys(archiveCommands) as ArchiveCommandName[];

export function isArchiveCommandName(name: unknown): name is ArchiveCommandName {
  return typeof name === 'string' && Object.hasOwn(archiveCommands, name);
}
