/**
 * Login sessions, kept in memory on the station side. A session has two names: a secret bearer token
 * (random, 32 bytes; what a front end keeps to resume after a reload) and a public id (what the audit
 * trail and viewing tickets carry). A token the station never issued - tampered, invented or from
 * before a restart - is simply unknown and refused.
 *
 * Idle: a session unused for `idleMs` locks (the person types their password or PIN again); after
 * `maxMs` it ends whatever happens. Both are checked on every call, on the station side.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from './model.js';

export interface LoginSession {
  id: string;
  token: string;
  actor: Actor;
  /** How the person signed in: unlocking asks for the same kind of secret. */
  method: 'password' | 'badge-pin' | 'badge-scan';
  startedAt: number;
  lastSeenAt: number;
  locked: boolean;
}

export type SessionCheck =
  | { ok: true; session: LoginSession }
  | { ok: false; reason: 'unknown' | 'expired'; session?: LoginSession }
  | { ok: false; reason: 'locked'; session: LoginSession };

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

export class LoginSessions {
  private readonly byToken = new Map<string, LoginSession>();
  private readonly byId = new Map<string, LoginSession>();

  start(actor: Omit<Actor, 'sessionId'>, method: LoginSession['method'], nowMs: number): LoginSession {
    const id = randomBytes(8).toString('hex');
    const token = randomBytes(32).toString('base64url');
    const session: LoginSession = { id, token, actor: { ...actor, sessionId: id }, method, startedAt: nowMs, lastSeenAt: nowMs, locked: false };
    this.byToken.set(token, session);
    this.byId.set(id, session);
    return session;
  }

  /** Checks a token at `nowMs`: locks an idle session, ends an old one. Does not count as activity. */
  check(token: string | undefined, nowMs: number, times: SessionTimes): SessionCheck {
    const session = token === undefined ? undefined : this.findToken(token);
    if (!session) return { ok: false, reason: 'unknown' };
    if (nowMs - session.startedAt > times.maxMs) {
      this.end(session.id);
      return { ok: false, reason: 'expired', session };
    }
    if (!session.locked && nowMs - session.lastSeenAt > times.idleMs) session.locked = true;
    if (session.locked) return { ok: false, reason: 'locked', session };
    return { ok: true, session };
  }

  touch(session: LoginSession, nowMs: number): void {
    session.lastSeenAt = nowMs;
  }

  /** Whether a session (by public id) may still stream footage: known, not locked, not idle, not too old. */
  isActive(id: string, nowMs: number, times: SessionTimes): boolean {
    const session = this.byId.get(id);
    if (!session) return false;
    return this.check(session.token, nowMs, times).ok;
  }

  /** Sessions usable now (not locked, not idle, not too old). */
  live(nowMs: number, times: SessionTimes): LoginSession[] {
    return [...this.byId.values()].filter((session) => this.check(session.token, nowMs, times).ok);
  }

  byPublicId(id: string): LoginSession | undefined {
    return this.byId.get(id);
  }

  lock(id: string): void {
    const session = this.byId.get(id);
    if (session) session.locked = true;
  }

  unlock(session: LoginSession, nowMs: number): void {
    session.locked = false;
    session.lastSeenAt = nowMs;
  }

  end(id: string): LoginSession | undefined {
    const session = this.byId.get(id);
    if (!session) return undefined;
    this.byId.delete(id);
    this.byToken.delete(session.token);
    return session;
  }

  /** Ends every session of a user (disabled, roles changed, password reset). */
  endAllOf(userId: string): LoginSession[] {
    const ended = [...this.byId.values()].filter((session) => session.actor.userId === userId);
    for (const session of ended) this.end(session.id);
    return ended;
  }

  private findToken(token: string): LoginSession | undefined {
    const found = this.byToken.get(token);
    if (!found) return undefined;
    // The Map lookup already matched; compare again in constant time so timing says nothing about near misses.
    const a = Buffer.from(found.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? found : undefined;
  }
}
