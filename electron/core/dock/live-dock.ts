/** The in-memory side of a dock session: what the camera holds and how far the copy has got. */
import type { DockArrival, DockSession } from '../domain/dock.js';
import type { CameraVolumeListing } from '../ports.js';
import { ProgressMeter } from './progress-meter.js';

export class LiveDock {
  listing: CameraVolumeListing | undefined;
  /** Bytes of files finished (copied, skipped or refused) before the current one. */
  bytesFinished = 0;
  /** Listing indexes whose file reached its last state (catalogued or skipped); the rest are pending. */
  readonly settled = new Set<number>();
  /** Files of this camera that earlier, interrupted docks still wait for: relative path -> session ids. */
  earlierPending = new Map<string, string[]>();
  readonly meter = new ProgressMeter();
  readonly abort = new AbortController();
  ticker: ReturnType<typeof setInterval> | undefined;
  private resolveDone!: (session: DockSession) => void;
  readonly done: Promise<DockSession> = new Promise((resolve) => (this.resolveDone = resolve));

  constructor(
    public session: DockSession,
    /** Issue B: identity, clock and device report the camera gave over its control channel. */
    readonly arrival: DockArrival = {},
  ) {}

  fileCount(): number {
    return this.listing?.files.length ?? 0;
  }

  finish(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.resolveDone(this.session);
  }
}
