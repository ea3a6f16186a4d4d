/**
 * Fixity (issue C, R3.2 "storage must be verified, not assumed"): the contract's commands, event and
 * schemas for the scheduled and on-demand re-hash of the vault. Merged into index.ts's commands/events.
 */
import { z } from 'zod';
import { Sha256 } from './schemas.js';

export const FixityProblemKind = z.enum(['mismatch', 'missing', 'unknown', 'unreadable']);

/** One thing a fixity run found wrong. Stays listed until a later run finds the object good. */
export const FixityProblem = z.object({
  kind: FixityProblemKind,
  /** The clip (= content address) for mismatch / missing / unreadable; the vault-relative path for unknown objects. */
  key: z.string(),
  clipId: Sha256.optional(),
  /** The original name on the camera, for people. */
  originalName: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  expectedSize: z.number().optional(),
  actualSize: z.number().optional(),
  detail: z.string().optional(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  runId: z.string(),
});

export const FixityRunSummary = z.object({
  runId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  by: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** false when the run was stopped before every object was checked (station stopped). */
  complete: z.boolean(),
  objectsTotal: z.number(),
  objectsChecked: z.number(),
  bytesChecked: z.number(),
  good: z.number(),
  mismatched: z.number(),
  missing: z.number(),
  unknown: z.number(),
  unreadable: z.number(),
  /** false when the filesystem refused O_DIRECT for some object, so bytes may have come from the page cache. */
  readFromDevice: z.boolean(),
});

export const FixityProgress = z.object({
  runId: z.string(),
  state: z.enum(['running', 'done', 'stopped']),
  trigger: z.enum(['manual', 'schedule']),
  startedAt: z.string(),
  objectsDone: z.number(),
  objectsTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  problems: z.number(),
  speed: z.number(),
});

export const FixityStatus = z.object({
  lastRun: FixityRunSummary.optional(),
  problems: z.array(FixityProblem),
  running: FixityProgress.optional(),
  intervalDays: z.number(),
  nextDueAt: z.string(),
  /** Objects with a recorded last-verified time. */
  objectsVerified: z.number(),
});

const empty = z.object({}).strict();

export const fixityCommands = {
  /** Starts a fixity run (or joins the one running); returns its id. Audited. */
  'fixity.run': { request: empty, response: z.object({ runId: z.string(), alreadyRunning: z.boolean() }) },
  /** Last run, problems still open, the running run's progress, next due time. */
  'fixity.status': { request: empty, response: FixityStatus },
} as const;

export const fixityEvents = {
  'fixity.progress': FixityProgress,
} as const;

export type FixityCommandName = keyof typeof fixityCommands;
