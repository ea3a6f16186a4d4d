/** Pure parts of issue F: lockout arithmetic, grant windows, and login-session tokens (tamper, idle, age). */
import { describe, expect, it } from 'vitest';
import { grantCovers, grantWindowOpen } from '../../electron/core/access/grants-model.js';
import { LoginSessions } from '../../electron/core/access/login-sessions.js';
import { afterFailure, attemptsLeft, isLocked } from '../../electron/core/access/lockout.js';
import { testActor } from '../fakes/actors.js';

const policy = { maxFailures: 3, lockoutMinutes: 15 };
const t0 = new Date('2026-11-23T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('lockout', () => {
  it('counts failures and locks on the Nth for M minutes', () => {
    const one = afterFailure({ failedAttempts: 0 }, t0, policy);
    expect(one).toEqual({ failedAttempts: 1 });
    expect(attemptsLeft(one, policy)).toBe(2);
    const three = afterFailure(afterFailure(one, t0, policy), t0, policy);
    expect(three).toEqual({ failedAttempts: 3, lockedUntil: at(15).toISOString() });
    expect(isLocked(three, at(14))).toBe(true);
    expect(isLocked(three, at(15))).toBe(false);
  });

  it('gives the full number of tries again once a lock has run out', () => {
    expect(afterFailure({ failedAttempts: 3, lockedUntil: at(15).toISOString() }, at(16), policy)).toEqual({ failedAttempts: 1 });
  });
});

describe('grant windows', () => {
  const grant = { status: 'approved' as const, from: at(0).toISOString(), until: at(60).toISOString() };
  it.each([
    [at(-1), false],
    [at(0), true],
    [at(59), true],
    [at(60), false],
  ])('at %s open = %s', (now, open) => expect(grantWindowOpen(grant, now)).toBe(open));

  it('is closed when pending, denied or revoked, and covers a clip or every clip of a case', () => {
    for (const status of ['pending', 'denied', 'revoked'] as const) expect(grantWindowOpen({ ...grant, status }, at(1))).toBe(false);
    expect(grantCovers({ subject: { kind: 'clip', clipId: 'a' } }, { id: 'a' })).toBe(true);
    expect(grantCovers({ subject: { kind: 'clip', clipId: 'a' } }, { id: 'b', caseNumber: 'X' })).toBe(false);
    expect(grantCovers({ subject: { kind: 'case', caseNumber: 'X' } }, { id: 'b', caseNumber: 'X' })).toBe(true);
    expect(grantCovers({ subject: { kind: 'case', caseNumber: 'X' } }, { id: 'b' })).toBe(false);
  });
});

describe('login sessions', () => {
  const times = { idleMs: 10 * 60_000, maxMs: 12 * 3_600_000 };
  const { sessionId: _unused, ...actor } = testActor();

  it('refuses a tampered or invented token and never confuses two sessions', () => {
    const sessions = new LoginSessions();
    const a = sessions.start(actor, 'password', t0.getTime());
    const b = sessions.start(actor, 'password', t0.getTime());
    expect(a.token).not.toBe(b.token);
    expect(a.id).not.toBe(b.id);
    const flipped = a.token.slice(0, 10) + (a.token[10] === 'x' ? 'y' : 'x') + a.token.slice(11);
    expect(sessions.check(flipped, t0.getTime(), times)).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.check(a.id, t0.getTime(), times)).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.check(undefined, t0.getTime(), times)).toEqual({ ok: false, reason: 'unknown' });
    expect(sessions.check(a.token, t0.getTime(), times)).toMatchObject({ ok: true, session: { id: a.id } });
  });

  it('locks after idle time, unlocks, and ends after the maximum age', () => {
    const sessions = new LoginSessions();
    const s = sessions.start(actor, 'badge-pin', t0.getTime());
    expect(sessions.check(s.token, at(10).getTime(), times).ok).toBe(true);
    expect(sessions.check(s.token, at(11).getTime(), times)).toMatchObject({ ok: false, reason: 'locked' });
    expect(sessions.isActive(s.id, at(11).getTime(), times)).toBe(false);
    sessions.unlock(s, at(11).getTime());
    expect(sessions.isActive(s.id, at(12).getTime(), times)).toBe(true);
    expect(sessions.check(s.token, at(12 * 60 + 1).getTime(), times)).toMatchObject({ ok: false, reason: 'expired' });
    expect(sessions.check(s.token, at(12 * 60 + 2).getTime(), times)).toEqual({ ok: false, reason: 'unknown' });
  });
});
