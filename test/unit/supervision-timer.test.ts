/** The hosts' spot-check timer: asks for the last period's draw now and then, logs a new draw, survives a failure. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSpotCheckTimer } from '../../electron/adapters/supervision/spotcheck-timer.js';
import { SPOTCHECK_TIMER_ACTOR } from '../../electron/core/supervision/spotcheck-commands.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the spot-check timer', () => {
  it('draws as the station, logs only a new draw, keeps going after a failure and stops when told', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const answers = [
      async () => ({ draw: { period: '2026-10', itemIds: ['a', 'b'], officers: [{}] }, alreadyDrawn: false }),
      async () => {
        throw new Error('disk gone');
      },
      async () => ({ draw: { period: '2026-10', itemIds: ['a', 'b'], officers: [{}] }, alreadyDrawn: true }),
    ];
    const log: string[] = [];
    const stop = startSpotCheckTimer(
      {
        drawPeriod: (by: string) => {
          calls.push(by);
          const answer = answers[Math.min(calls.length, answers.length) - 1];
          if (!answer) throw new Error('no scripted answer');
          return answer() as never;
        },
      },
      { firstCheckMs: 1000, checkEveryMs: 5000 },
      (message) => log.push(message),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 5000 + 5000);
    expect(calls).toEqual([SPOTCHECK_TIMER_ACTOR, SPOTCHECK_TIMER_ACTOR, SPOTCHECK_TIMER_ACTOR]);
    expect(log).toEqual(['spot-check sample for 2026-10 drawn: 2 clips of 1 officers', 'spot-check draw failed: disk gone']);
    await stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
  });
});
