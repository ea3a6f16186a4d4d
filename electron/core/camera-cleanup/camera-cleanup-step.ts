/**
 * Runs deleteFromCameraAfterDock once a dock has finished, and lets the station wait for it (whenDocked
 * resolves after it; close() waits for any still running). Wired by one line in station.ts dockFolder().
 */
import type { DockSession } from '../domain/dock.js';
import type { CameraVolumeListing } from '../ports.js';
import type { StationContext } from '../station-context.js';
import { deleteFromCameraAfterDock } from './delete-after-dock.js';

export class CameraCleanupStep {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: StationContext,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Resolves with the finished session once the cleanup step (usually: nothing, the setting is off) is over. */
  after(dock: { done: Promise<DockSession>; listing?: CameraVolumeListing | undefined }): Promise<DockSession> {
    const step = dock.done.then(async (session) => {
      try {
        await deleteFromCameraAfterDock(this.ctx, session, dock.listing);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log(`camera cleanup after dock ${session.id} failed: ${message}`);
        this.ctx.events.emit('station.notice', { level: 'error', code: 'CAMERA_DELETE_FAILED', params: { device: session.camera.deviceNumber, message } });
      }
      return session;
    });
    this.pending.add(step);
    void step.finally(() => this.pending.delete(step));
    return step;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
