/** The pure rules deciding when the next fixity run of the vault is due (electron/core/fixity/schedule.ts). */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { FixityProblem as ProblemSchema, FixityProgress as ProgressSchema, FixityRunSummary as SummarySchema } from '../../electron/contract/fixity.js';
import type { FixityProblem, FixityProgress, FixityRunSummary } from '../../electron/core/fixity/model.js';
import { DEFAULT_FIXITY_INTERVAL_DAYS, effectiveIntervalDays, fixityDueAt, RETRY_AFTER_MS, shouldStartScheduledFixity } from '../../electron/core/fixity/schedule.js';
import { DEFAULT_SETTINGS } from '../../electron/core/domain/settings.js';

const DAY = 24 * 3_600_000;
const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('fixity schedule', () => {
  it('defaults to a weekly check', () => {
    expect(DEFAULT_SETTINGS.fixityIntervalDays).toBe(7);
    expect(DEFAULT_FIXITY_INTERVAL_DAYS).toBe(7);
  });

  it('is due at once when the vault was never checked', () => {
    expect(fixityDueAt({ now, intervalDays: 7 })).toEqual(now);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, running: false, ingesting: false })).toBe(true);
  });

  it('is due intervalDays after the start of the last complete run', () => {
    const lastCompleteStartedAt = ago(2 * DAY);
    expect(fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt }).toISOString()).toBe(new Date(now.getTime() + 5 * DAY).toISOString());
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastCompleteStartedAt, running: false, ingesting: false })).toBe(false);
    expect(shouldStartScheduledFixity({ now, intervalDays: 2, lastCompleteStartedAt, running: false, ingesting: false })).toBe(true);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastCompleteStartedAt: ago(7 * DAY), running: false, ingesting: false })).toBe(true);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastCompleteStartedAt: ago(7 * DAY - 1), running: false, ingesting: false })).toBe(false);
  });

  it('never starts a second run, nor while a camera is being copied', () => {
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, running: true, ingesting: false })).toBe(false);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, running: false, ingesting: true })).toBe(false);
  });

  it('retries a stopped or crashed run, but not sooner than an hour after it started', () => {
    const lastCompleteStartedAt = ago(10 * DAY);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastCompleteStartedAt, lastIncompleteStartedAt: ago(10 * 60_000), running: false, ingesting: false })).toBe(false);
    expect(fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt, lastIncompleteStartedAt: ago(10 * 60_000) }).getTime()).toBe(now.getTime() - 10 * 60_000 + RETRY_AFTER_MS);
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastCompleteStartedAt, lastIncompleteStartedAt: ago(RETRY_AFTER_MS), running: false, ingesting: false })).toBe(true);
    // Never checked completely, but an attempt just now was cut short: still waits the retry delay.
    expect(shouldStartScheduledFixity({ now, intervalDays: 7, lastIncompleteStartedAt: ago(60_000), running: false, ingesting: false })).toBe(false);
  });

  it('does not bring a regular run forward because a manual run was stopped', () => {
    const lastCompleteStartedAt = ago(1 * DAY);
    const due = fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt, lastIncompleteStartedAt: ago(2 * 3_600_000) });
    expect(due.getTime()).toBe(now.getTime() + 6 * DAY);
  });

  it('ignores an incomplete run older than the last complete one', () => {
    const due = fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt: ago(8 * DAY), lastIncompleteStartedAt: ago(9 * DAY) });
    expect(due.getTime()).toBe(now.getTime() - DAY);
  });

  it('treats a last run far in the future (clock was wrong) as due now', () => {
    expect(fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt: new Date(now.getTime() + 30 * DAY).toISOString() })).toEqual(now);
    // A few hours of skew is tolerated: the interval still counts.
    expect(fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt: new Date(now.getTime() + 3_600_000).toISOString() }).getTime()).toBe(now.getTime() + 3_600_000 + 7 * DAY);
  });

  it('falls back to the default for an unusable interval, and ignores unparseable times', () => {
    expect(effectiveIntervalDays(0)).toBe(7);
    expect(effectiveIntervalDays(Number.NaN)).toBe(7);
    expect(effectiveIntervalDays(30)).toBe(30);
    expect(fixityDueAt({ now, intervalDays: 7, lastCompleteStartedAt: 'yesterday' })).toEqual(now);
  });

  it('keeps the core types in step with the contract schemas', () => {
    expectTypeOf<z.output<typeof ProblemSchema>>().toEqualTypeOf<FixityProblem>();
    expectTypeOf<z.output<typeof SummarySchema>>().toEqualTypeOf<FixityRunSummary>();
    expectTypeOf<z.output<typeof ProgressSchema>>().toEqualTypeOf<FixityProgress>();
  });
});
