/**
 * The station's access control in one place (issue F): accounts, login sessions, grants and case levels
 * over their ports, and the checks Station.execute, the handlers and the media route make with them.
 */
import type { CallContext } from '../commands/handlers.js';
import type { CameraIdentity, Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { AgencySettings } from '../domain/settings.js';
import type { Clock } from '../ports.js';
import { AccountService } from './accounts.js';
import type { AccountsData, StoredUser } from './accounts-model.js';
import { EMPTY_ACCOUNTS } from './accounts-model.js';
import { EMPTY_GRANTS, type GrantsData } from './grants-model.js';
import { GrantService } from './grants.js';
import type { LockoutPolicy } from './lockout.js';
import { LoginSessions, type LoginSession, type SessionTimes } from './login-sessions.js';
import { auditName, confidentialityRank, type Actor, type ConfidentialityLevel } from './model.js';
import { assertCan, can } from './permissions.js';
import type { AccessPorts, CaseLevels, DurableDocument, SecretHasher } from './ports.js';
import { clipTarget, effectiveLevel, seenBy, withEffectiveLevel } from './visibility.js';

/** What a ticket is bound to: the re-check on every media request needs all of it. */
export interface ViewBinding {
  sessionId: string;
  userId: string;
  grantId: string;
}

type Audit = (actor: string, action: string, target: string, extra?: { before?: unknown; after?: unknown; detail?: unknown }) => Promise<unknown>;

export class StationAccess {
  readonly accounts: AccountService;
  readonly grants: GrantService;
  readonly sessions = new LoginSessions();
  private caseLevelData: CaseLevels = {};
  private readonly caseLevelStore: DurableDocument<CaseLevels>;
  private readonly hasAccounts: boolean;
  private registeredDepartment: (deviceNumber: string) => string | undefined = () => undefined;

  constructor(
    ports: AccessPorts | undefined,
    private readonly settings: () => AgencySettings,
    private readonly clock: Clock,
    private readonly audit: Audit,
  ) {
    // Without access ports (unit tests over fakes) there are no accounts: only in-process actors act.
    this.hasAccounts = ports !== undefined;
    this.accounts = new AccountService(ports?.accounts ?? memoryDocument<AccountsData>(EMPTY_ACCOUNTS), ports?.hasher ?? NO_HASHER);
    this.grants = new GrantService(ports?.grants ?? memoryDocument<GrantsData>(EMPTY_GRANTS));
    this.caseLevelStore = ports?.caseLevels ?? memoryDocument<CaseLevels>({});
  }

  async open(): Promise<void> {
    await this.accounts.open();
    await this.grants.open();
    this.caseLevelData = await this.caseLevelStore.load();
  }

  /** Issue B's device registry: the department a camera is registered to wins over what the camera says. */
  useRegisteredDepartments(lookup: (deviceNumber: string) => string | undefined): void {
    this.registeredDepartment = lookup;
  }

  /**
   * The 科室 a camera's clips are filed under: its registered department (issue B), else the department
   * of the account holding the camera officer's badge, else what the camera itself reports.
   */
  departmentFor(camera: CameraIdentity): string | undefined {
    const registered = camera.deviceNumber ? this.registeredDepartment(camera.deviceNumber) : undefined;
    if (registered) return registered;
    const officer = camera.officerNumber ? this.accounts.byBadge(camera.officerNumber)?.department : undefined;
    return officer ?? (camera.department || undefined);
  }

  available(): boolean {
    return this.hasAccounts;
  }

  caseLevels(): CaseLevels {
    return this.caseLevelData;
  }

  async setCaseLevel(caseNumber: string, level: ConfidentialityLevel): Promise<ConfidentialityLevel | undefined> {
    const before = this.caseLevelData[caseNumber];
    const next = { ...this.caseLevelData };
    if (level === 'ordinary') delete next[caseNumber];
    else next[caseNumber] = level;
    await this.caseLevelStore.save(next);
    this.caseLevelData = next;
    return before;
  }

  times(): SessionTimes {
    const s = this.settings();
    return { idleMs: s.sessionIdleMinutes * 60_000, maxMs: s.sessionMaxHours * 3_600_000 };
  }

  policy(): LockoutPolicy {
    const s = this.settings();
    return { maxFailures: s.loginMaxFailures, lockoutMinutes: s.loginLockoutMinutes };
  }

  /** Starts a session for a user whose secret was just checked and binds it to this connection. */
  signIn(call: CallContext, user: StoredUser, method: LoginSession['method']): LoginSession {
    if (call.actor) this.sessions.end(call.actor.sessionId);
    const session = this.sessions.start(this.accounts.actorFor(user), method, this.clock.now().getTime());
    bind(call, session);
    return session;
  }

  /** Binds an existing session to this connection (a reload). */
  resume(call: CallContext, token: string): LoginSession {
    const checked = this.sessions.check(token, this.clock.now().getTime(), this.times());
    if (!checked.ok && checked.reason !== 'locked') throw new StationError('SESSION_INVALID', 'this sign-in is not valid (unknown, altered or ended); sign in again', { reason: checked.reason });
    const session = checked.session;
    if (!session) throw new StationError('SESSION_INVALID', 'this sign-in is not valid; sign in again', { reason: 'unknown' });
    bind(call, session);
    if (!checked.ok) throw new StationError('SESSION_LOCKED', 'the session is locked: enter your password or PIN', { sessionId: session.id });
    return session;
  }

  /**
   * Who is behind this call, checked now: a live, unlocked session (idle time and age re-checked) whose
   * account is still enabled. In-process callers (tests, never a host) may carry an actor without a token.
   */
  authenticate(call: CallContext, allowLocked = false): Actor {
    if (call.sessionToken === undefined) {
      if (call.actor) return call.actor;
      throw new StationError('UNAUTHENTICATED', 'sign in first');
    }
    const now = this.clock.now().getTime();
    const checked = this.sessions.check(call.sessionToken, now, this.times());
    if (!checked.ok && !(checked.reason === 'locked' && allowLocked)) {
      if (checked.reason === 'locked') throw new StationError('SESSION_LOCKED', 'the session is locked after being idle: enter your password or PIN', { sessionId: checked.session.id });
      unbind(call);
      throw new StationError('UNAUTHENTICATED', checked.reason === 'expired' ? 'the session has ended; sign in again' : 'sign in first', { reason: checked.reason });
    }
    const session = checked.session as LoginSession;
    const user = this.accounts.get(session.actor.userId);
    if (!user || user.disabled) {
      this.sessions.end(session.id);
      unbind(call);
      throw new StationError('UNAUTHENTICATED', 'this account can no longer sign in', { reason: 'disabled' });
    }
    if (!allowLocked) this.sessions.touch(session, now);
    bind(call, session);
    return session.actor;
  }

  /** Whether any live session may see this clip (thumbnails over the loopback host and the Electron protocol). */
  anyoneSignedInMaySee(clip: Clip): boolean {
    const now = this.clock.now().getTime();
    return this.sessions.live(now, this.times()).some((session) => can(session.actor, 'clip.see', this.target(clip)).allowed);
  }

  /** Ends the sessions of a changed account, so new roles or a disabled flag apply at once. */
  endSessionsOf(userId: string): void {
    this.sessions.endAllOf(userId);
  }

  target(clip: Clip) {
    return clipTarget(clip, this.caseLevelData);
  }

  maySee(actor: Actor, clip: Clip): boolean {
    return can(actor, 'clip.see', this.target(clip)).allowed;
  }

  /** The same question for every clip of a list or search, with the actor's rule settled once. */
  seenBy(actor: Actor): (clip: Clip) => boolean {
    return seenBy(actor, this.caseLevelData);
  }

  level(clip: Clip): ConfidentialityLevel {
    return effectiveLevel(clip, this.caseLevelData);
  }

  /** The clip as it leaves the station: with its effective level, so the UI shows the badge that applies. */
  withLevel(clip: Clip): Clip {
    return withEffectiveLevel(clip, this.caseLevelData);
  }

  /**
   * The grant that lets this actor view this clip now: a standing grant of one of their roles (where
   * the agency configured one), else their own approved grant. Refuses with GRANT_REQUIRED.
   */
  viewingGrant(actor: Actor, clip: Clip): string {
    assertCan(actor, 'clip.view', this.target(clip));
    const level = this.level(clip);
    const standing = this.settings().standingGrants.find((g) => actor.roles.includes(g.role) && confidentialityRank(level) <= confidentialityRank(g.upTo));
    if (standing) return `standing:${standing.role}`;
    const grant = this.grants.validFor(actor, { id: clip.id, caseNumber: clip.label?.caseNumber }, this.clock.now());
    if (!grant) throw new StationError('GRANT_REQUIRED', 'viewing this clip needs an approved request (R5.1)', { clipId: clip.id });
    return grant.id;
  }

  /** Re-checked on EVERY media request: the session is live and the grant still covers the clip now. */
  mediaAllowed(binding: ViewBinding, clip: Clip): { ok: true } | { ok: false; reason: 'session' | 'grant' | 'clearance' } {
    const now = this.clock.now();
    if (!this.sessions.isActive(binding.sessionId, now.getTime(), this.times())) return { ok: false, reason: 'session' };
    const session = this.sessions.byPublicId(binding.sessionId)?.actor;
    if (!session || !can(session, 'clip.view', this.target(clip)).allowed) return { ok: false, reason: 'clearance' };
    if (binding.grantId.startsWith('standing:')) {
      const role = binding.grantId.slice('standing:'.length);
      const level = this.level(clip);
      const still = this.settings().standingGrants.some((g) => g.role === role && session.roles.includes(g.role) && confidentialityRank(level) <= confidentialityRank(g.upTo));
      return still ? { ok: true } : { ok: false, reason: 'grant' };
    }
    return this.grants.stillValid(binding.grantId, binding.userId, { id: clip.id, caseNumber: clip.label?.caseNumber }, now) ? { ok: true } : { ok: false, reason: 'grant' };
  }

  /** Audits a refusal the rules made (Station.execute calls it for UNAUTHENTICATED / FORBIDDEN / SESSION_LOCKED / GRANT_REQUIRED). */
  async auditRefusal(call: CallContext, command: string, error: StationError): Promise<void> {
    const who = call.operator ?? `anonymous(${call.via})`;
    await this.audit(who, 'access.refused', `command:${command}`, { detail: { code: error.code, via: call.via, ...error.params } });
  }
}

function bind(call: CallContext, session: LoginSession): void {
  call.actor = session.actor;
  call.operator = auditName(session.actor);
  call.sessionToken = session.token;
}

function unbind(call: CallContext): void {
  delete call.actor;
  delete call.operator;
  delete call.sessionToken;
}

function memoryDocument<T>(initial: T): DurableDocument<T> {
  let data = structuredClone(initial);
  return {
    load: async () => structuredClone(data),
    save: async (next) => {
      data = structuredClone(next);
    },
  };
}

/** Without the hasher port nobody can sign in: say so rather than pretend. */
const NO_HASHER: SecretHasher = {
  hash: async () => {
    throw new StationError('INTERNAL', 'accounts are not available on this station', { message: 'accounts are not available on this station' });
  },
  verify: async () => false,
};
