import type { CopyProgress } from '../../core/ports.js';

/**
 * Progress goes to the UI over IPC, so it is rate-limited: at most one report per interval while a phase
 * runs, plus the end of each phase always, so a consumer always sees 100 % of copying and of verifying.
 * bytesDone counts from 0 to bytesTotal within each phase.
 */
export class ProgressThrottle {
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onProgress: (progress: CopyProgress) => void,
    private readonly bytesTotal: number,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(phase: CopyProgress['phase'], bytesDone: number): void {
    const at = this.now();
    if (at - this.lastReportAt < this.intervalMs) return;
    this.emit(phase, bytesDone, at);
  }

  complete(phase: CopyProgress['phase']): void {
    this.emit(phase, this.bytesTotal, this.now());
  }

  private emit(phase: CopyProgress['phase'], bytesDone: number, at: number): void {
    this.lastReportAt = at;
    this.onProgress({ bytesDone, bytesTotal: this.bytesTotal, phase });
  }
}
