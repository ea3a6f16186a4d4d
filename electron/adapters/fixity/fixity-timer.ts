/**
 * The host's fixity timer: while the station runs, asks it now and then whether a fixity run is due
 * (core/fixity/schedule.ts decides) and starts one. One run at a time; the service itself yields between
 * objects and does not start while a camera is being copied. The timer never keeps the process alive.
 */
import type { Station } from '../../core/station.js';

export interface FixityTimerOptions {
  /** First check after start-up (default 2 minutes: docking right after boot goes first). */
  firstCheckMs?: number;
  /** Later checks (default every 10 minutes). */
  checkEveryMs?: number;
}

export function startFixityTimer(station: Pick<Station, 'fixity'>, options: FixityTimerOptions, log: (message: string) => void): () => Promise<void> {
  const fixity = station.fixity;
  if (!fixity) return async () => undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async (): Promise<void> => {
    try {
      const runId = await fixity.runIfDue();
      if (runId) log(`scheduled fixity check ${runId} started`);
    } catch (error) {
      log(`scheduled fixity check could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(() => schedule(options.checkEveryMs ?? 10 * 60_000)), ms);
    timer.unref?.();
  };
  schedule(options.firstCheckMs ?? 2 * 60_000);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
