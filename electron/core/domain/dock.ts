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

/**
 * Issue B: what the camera itself told at docking (R1.4 battery and free storage, the clock measured
 * over its control channel, a clock sync). Absent for sessions docked from a folder or before issue B.
 */
export interface DockDeviceReport {
  profileId: string;
  /** Percent 0-100. */
  battery?: number;
  totalBytes?: number;
  freeBytes?: number;
  /** Where clockOffsetMs came from: the camera's control channel or files on its volume. */
  clockSource: 'control' | 'volume';
  /** Set when the station set the camera's clock (settings.syncCameraClock); offsets before and after. */
  clockSync?: { beforeOffsetMs: number; afterOffsetMs: number; at: string };
}

/** What the device layer learnt before the volume was docked; it wins over the volume's own files. */
export interface DockArrival {
  identity?: CameraIdentity;
  /** Measured over the control channel; the volume's CLOCK.TXT is used when absent. */
  clockOffsetMs?: number;
  device?: DockDeviceReport;
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
  device?: DockDeviceReport;
}

/** A dock session as it starts: nothing scanned yet. The station and the renderer's fake station both begin here. */
export function newDockSession(id: string, camera: CameraIdentity, sourceRoot: string, startedAt: Date, operator: string): DockSession {
  return {
    id,
    camera,
    sourceRoot,
    startedAt: startedAt.toISOString(),
    operator,
    state: 'ingesting',
    clockOffsetMs: 0,
    clipIds: [],
    unlabelledCount: 0,
    lateCount: 0,
    problems: [],
    progress: { sessionId: id, step: 'scanning', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, speed: 0 },
  };
}
