/** Fixity results as the core keeps them (mirrors electron/contract/fixity.ts; checked in test/unit/fixity-schedule.test.ts). */
export type FixityProblemKind = 'mismatch' | 'missing' | 'unknown' | 'unreadable';
export type FixityTrigger = 'manual' | 'schedule';

export interface FixityProblem {
  kind: FixityProblemKind;
  /** The clip id (content address) for mismatch / missing / unreadable; the vault-relative path for unknown objects. */
  key: string;
  clipId?: string;
  originalName?: string;
  expected?: string;
  actual?: string;
  expectedSize?: number;
  actualSize?: number;
  detail?: string;
  firstSeenAt: string;
  lastSeenAt: string;
  runId: string;
}

export interface FixityRunSummary {
  runId: string;
  trigger: FixityTrigger;
  by: string;
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  objectsTotal: number;
  objectsChecked: number;
  bytesChecked: number;
  good: number;
  mismatched: number;
  missing: number;
  unknown: number;
  unreadable: number;
  readFromDevice: boolean;
}

export interface FixityProgress {
  runId: string;
  state: 'running' | 'done' | 'stopped';
  trigger: FixityTrigger;
  startedAt: string;
  objectsDone: number;
  objectsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  problems: number;
  speed: number;
}

export interface FixityStatus {
  lastRun?: FixityRunSummary;
  problems: FixityProblem[];
  running?: FixityProgress;
  intervalDays: number;
  nextDueAt: string;
  objectsVerified: number;
}

/** What the fixity store keeps between runs and restarts. */
export interface FixityState {
  /** The last run that finished or was stopped (not one cut short by a crash). */
  lastRun?: FixityRunSummary;
  /** Start time of the last run that checked every object: the schedule counts from it. */
  lastCompleteStartedAt?: string;
  /** Start of the last run that did not check every object (stopped, or cut short by a crash): the schedule retries it. */
  lastIncompleteStartedAt?: string;
  /** The run going now; still set at start-up means the station crashed or was killed during it. */
  inProgress?: { runId: string; startedAt: string; trigger: FixityTrigger; by: string };
  /** Per object (clip id): when it was last re-hashed and found good. */
  verifiedAt: Record<string, string>;
  problems: FixityProblem[];
}

export const EMPTY_FIXITY_STATE: FixityState = { verifiedAt: {}, problems: [] };
