import type { CameraIdentity } from './clip.js';
import type { IngestProgress } from './progress.js';

export type DockState = 'ingesting' | 'awaiting-labels' | 'ready-to-close' | 'interrupted' | 'failed' | 'closed';

export interface DockFileProblem {
  originalPath: string;
  code: string;
  message: string;
  /** What the words need: bytes needed and free for DISK_FULL, the refusal reason, ... */
  params?: Record<string, string | number>;
}

export interface DockSession {
  id: string;
  camera: CameraIdentity;
  sourceRoot: string;
  startedAt: string;
  closedAt?: string;
  operator: string;
  state: DockState;
  clockOffsetMs: number;
  clipIds: string[];
  unlabelledCount: number;
  lateCount: number;
  problems: DockFileProblem[];
  progress: IngestProgress;
  failure?: string;
}
