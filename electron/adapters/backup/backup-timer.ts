/**
 * The host's nightly backup timer, like the fixity timer: every few minutes asks the service whether
 * the nightly run is due (core/backup/schedule.ts decides) and starts it; after a good scheduled run,
 * a sampled restore-and-hash check of the newest snapshot. Never keeps the process alive.
 */
import type { BackupService } from '../../core/backup/backup-service.js';

export interface BackupTimerOptions {
  firstCheckMs?: number;
  checkEveryMs?: number;
}

export function startBackupTimer(service: Pick<BackupService, 'runIfDue' | 'wait' | 'verifySample'>, options: BackupTimerOptions, log: (message: string) => void): () => Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async (): Promise<void> => {
    try {
      const runId = await service.runIfDue();
      if (!runId) return;
      log(`scheduled backup ${runId} started`);
      const summary = await service.wait(runId);
      if (summary.ok && !stopped) {
        const verification = await service.verifySample('station:schedule');
        log(`backup sample check: ${verification.checked} objects, ${verification.ok ? 'all good' : `${verification.problems.length} problems`}`);
      }
    } catch (error) {
      log(`scheduled backup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(() => schedule(options.checkEveryMs ?? 5 * 60_000)), ms);
    timer.unref?.();
  };
  schedule(options.firstCheckMs ?? 3 * 60_000);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
