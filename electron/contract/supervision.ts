/**
 * Supervision's part of the contract (issue F part 2, docs/supervision.md): replay bookmarks, the
 * continuity timeline and its gap explanations (R1.3), the periodic spot-check review (R6.1) and copies
 * for a party (R5.2). Spread into `commands` in index.ts like the archive's and the fixity check's.
 */
import { z } from 'zod';
import { humanText, IsoDate, Sha256 } from './schemas.js';

const Id = z.string().trim().min(1).max(100);
/** A review period, named by its first month. */
export const PeriodMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'PERIOD_INVALID' });

export const Bookmark = z.object({
  id: z.string(),
  clipId: z.string(),
  positionMs: z.number(),
  note: z.string(),
  author: z.string(),
  authorUserId: z.string().optional(),
  createdAt: z.string(),
});

export const TimelineClip = z.object({
  clipId: z.string(),
  originalName: z.string(),
  kind: z.string(),
  start: z.string(),
  end: z.string(),
  durationMs: z.number(),
  caseNumber: z.string().optional(),
});

export const GapExplanation = z.object({ text: z.string(), by: z.string(), byUserId: z.string().optional(), at: z.string() });

/** The time between the end of one clip and the start of the next clip of the same device. */
export const Gap = z.object({
  id: z.string(),
  deviceNumber: z.string(),
  officerBadge: z.string().optional(),
  officerName: z.string().optional(),
  beforeClipId: z.string(),
  afterClipId: z.string(),
  gapStart: z.string(),
  gapEnd: z.string(),
  minutes: z.number(),
  overThreshold: z.boolean(),
  caseNumber: z.string().optional(),
  status: z.enum(['unrequested', 'requested', 'explained']),
  request: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).optional(),
  explanation: GapExplanation.optional(),
});

export const ContinuityEvent = z.object({
  key: z.string(),
  deviceNumber: z.string(),
  officerName: z.string().optional(),
  officerBadge: z.string().optional(),
  caseNumber: z.string().optional(),
  start: z.string(),
  end: z.string(),
  clips: z.array(TimelineClip),
  gaps: z.array(Gap),
});

export const SpotCheckReview = z.object({
  by: z.string(),
  byUserId: z.string().optional(),
  at: z.string(),
  recordedInFull: z.boolean(),
  lawfulAndStandard: z.boolean(),
  interruptionsExplained: z.enum(['yes', 'no', 'na']),
  findings: z.string(),
});

export const SpotCheckItem = z.object({
  id: z.string(),
  drawId: z.string(),
  period: z.string(),
  clipId: z.string(),
  officerKey: z.string(),
  officerName: z.string().optional(),
  department: z.string().optional(),
  stratum: z.string(),
  recordedAt: z.string(),
  originalName: z.string(),
  caseNumber: z.string().optional(),
  drawnAt: z.string(),
  review: SpotCheckReview.optional(),
});

export const SpotCheckDraw = z.object({
  id: z.string(),
  period: z.string(),
  periodMonths: z.number(),
  from: z.string(),
  to: z.string(),
  seed: z.string(),
  perOfficer: z.number(),
  drawnAt: z.string(),
  drawnBy: z.string(),
  officers: z.array(z.object({ officerKey: z.string(), officerName: z.string().optional(), population: z.number(), drawn: z.number() })),
  itemIds: z.array(z.string()),
});

export const ID_DOCUMENT_TYPES = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit', 'other'] as const;
export const IdDocumentType = z.enum(ID_DOCUMENT_TYPES);

export const PartyCopyFile = z.object({
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  role: z.enum(['copy', 'watermarked-copy', 'cover-sheet']),
  clipId: z.string().optional(),
  originalSha256: z.string().optional(),
});

export const PartyCopyProduction = z.object({
  at: z.string(),
  by: z.string(),
  destination: z.string(),
  folder: z.string(),
  watermark: z.boolean(),
  files: z.array(PartyCopyFile),
  manifestSha256: z.string(),
});

export const PartyCopyRequest = z.object({
  id: z.string(),
  recipientName: z.string(),
  idDocumentType: IdDocumentType,
  /** Masked (first 3 and last 4 characters) everywhere but the cover sheet. */
  idDocumentNumber: z.string(),
  clipIds: z.array(z.string()),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'produced']),
  decision: z.object({ approved: z.boolean(), by: z.string(), at: z.string(), note: z.string().optional() }).optional(),
  productions: z.array(PartyCopyProduction),
});

const empty = z.object({}).strict();

export const supervisionCommands = {
  'bookmarks.add': {
    request: z.object({ clipId: Sha256, positionMs: z.number().int().min(0).max(48 * 3_600_000), note: humanText(1000).pipe(z.string().min(1)) }).strict(),
    response: Bookmark,
  },
  'bookmarks.list': { request: z.object({ clipId: Sha256 }).strict(), response: z.array(Bookmark) },
  'bookmarks.remove': { request: z.object({ id: Id }).strict(), response: z.object({ removed: z.boolean() }) },

  /** The continuity timeline: one device's clips grouped into events, with the gaps between them. */
  'gaps.timeline': {
    request: z.object({ deviceNumber: humanText(64).optional(), caseNumber: humanText(64).optional(), from: IsoDate.optional(), to: IsoDate.optional() }).strict(),
    response: z.object({ thresholdMinutes: z.number(), eventHours: z.number(), events: z.array(ContinuityEvent) }),
  },
  /** Gaps whose explanation was asked for (and answered); `mine` = the ones waiting for the caller. */
  'gaps.list': { request: z.object({ status: z.enum(['requested', 'explained']).optional(), mine: z.boolean().optional(), clipId: Sha256.optional() }).strict(), response: z.array(Gap) },
  'gaps.requestExplanation': { request: z.object({ beforeClipId: Sha256, afterClipId: Sha256, note: humanText(500).optional() }).strict(), response: Gap },
  'gaps.explain': { request: z.object({ gapId: Id, text: humanText(2000).pipe(z.string().min(4)) }).strict(), response: Gap },

  'spotcheck.draw': { request: z.object({ period: PeriodMonth.optional() }).strict(), response: z.object({ draw: SpotCheckDraw, alreadyDrawn: z.boolean() }) },
  'spotcheck.queue': { request: z.object({ period: PeriodMonth.optional(), includeReviewed: z.boolean().optional() }).strict(), response: z.array(SpotCheckItem) },
  'spotcheck.review': {
    request: z
      .object({
        itemId: Id,
        recordedInFull: z.boolean(),
        lawfulAndStandard: z.boolean(),
        interruptionsExplained: z.enum(['yes', 'no', 'na']),
        findings: humanText(4000),
      })
      .strict(),
    response: SpotCheckItem,
  },
  'spotcheck.mine': { request: empty, response: z.array(SpotCheckItem) },
  'spotcheck.draws': { request: empty, response: z.array(SpotCheckDraw) },

  'partyCopies.request': {
    request: z
      .object({
        recipientName: humanText(100).pipe(z.string().min(1)),
        idDocumentType: IdDocumentType,
        idDocumentNumber: humanText(40).pipe(z.string().min(4)),
        clipIds: z.array(Sha256).min(1).max(500),
        reason: humanText(1000).pipe(z.string().min(2)),
      })
      .strict(),
    response: PartyCopyRequest,
  },
  'partyCopies.list': { request: empty, response: z.array(PartyCopyRequest) },
  'partyCopies.decide': { request: z.object({ id: Id, approve: z.boolean(), note: humanText(1000).optional() }).strict(), response: PartyCopyRequest },
  'partyCopies.produce': {
    request: z.object({ id: Id, destination: z.string().trim().min(1).max(4096), watermark: z.boolean() }).strict(),
    response: z.object({ request: PartyCopyRequest, production: PartyCopyProduction }),
  },
} as const;

export type SupervisionCommandName = keyof typeof supervisionCommands;
