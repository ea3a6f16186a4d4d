/** Lockout arithmetic (pure): N failures in a row lock an account for M minutes. */
import type { StoredUser } from './accounts-model.js';

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

export function isLocked(user: Pick<StoredUser, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== undefined && Date.parse(user.lockedUntil) > now.getTime();
}

/** The account after one more failed attempt: locked when this failure reaches the limit. */
export function afterFailure(user: Pick<StoredUser, 'failedAttempts' | 'lockedUntil'>, now: Date, policy: LockoutPolicy): { failedAttempts: number; lockedUntil?: string } {
  // A lock that has run out starts a fresh count: the person gets the full number of tries again.
  const previous = user.lockedUntil !== undefined && !isLocked(user, now) ? 0 : user.failedAttempts;
  const failedAttempts = previous + 1;
  if (failedAttempts >= policy.maxFailures) return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString() };
  return { failedAttempts };
}

/** Tries left before the account locks (for the refusal message). */
export function attemptsLeft(user: Pick<StoredUser, 'failedAttempts'>, policy: LockoutPolicy): number {
  return Math.max(0, policy.maxFailures - user.failedAttempts);
}
