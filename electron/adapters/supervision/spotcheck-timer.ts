/**
 * The host's spot-check timer: while the station runs, asks now and then for the draw of the last
 * finished period. The draw is idempotent per period (core/supervision/spotcheck-commands.ts), so this
 * makes one draw at the turn of each period and nothing otherwise. The timer never keeps the process alive.
 */
import { SPOTCHECK_TIMER_ACTOR, type SpotCheck } from '../../core/supervision/spotcheck-commands.js';

export interface SpotCheckTimerOptions {
  /** First check after start-up (default 5 minutes). */
  firstCheckMs?: number;
  /** Later checks (default every hour). */
  checkEveryMs?: number;
}

export function startSpotCheckTimer(spotCheck: Pick<SpotCheck, 'drawPeriod'>, options: SpotCheckTimerOptions, log: (message: string) => void): () => Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async (): Promise<void> => {
    try {
      const { draw, alreadyDrawn } = await spotCheck.drawPeriod(SPOTCHECK_TIMER_ACTOR);
      if (!alreadyDrawn) log(`spot-check sample for ${draw.period} drawn: ${draw.itemIds.length} clips of ${draw.officers.length} officers`);
    } catch (error) {
      log(`spot-check draw failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(() => schedule(options.checkEveryMs ?? 3_600_000)), ms);
    timer.unref?.();
  };
  schedule(options.firstCheckMs ?? 5 * 60_000);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
