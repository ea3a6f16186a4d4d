/**
 * Issue F in the in-browser fake station (`?fake=1`): sign-in (password, badge + PIN), idle lock,
 * accounts, viewing grants and confidentiality, shaped like electron/core/access. The real rules are
 * tested on the station; the fake keeps enough of them for every screen to be exercised.
 *
 * Demo accounts (all on the fake only): admin / Admin-pass-2026, zhangwei / Zhang-pass-2026 (officer,
 * badge 010203, PIN 246810), lina / Lina-pass-2026 (officer, 二大队), wangqiang / Wang-pass-2026 (supervisor),
 * zhaomin / Zhao-pass-2026 (head). A wrong password five times locks an account for 15 minutes.
 */
import type { CommandName, CommandResponse, ParsedRequest } from '../../../electron/contract/index.js';
import type { AccessCommandName } from '../../../electron/contract/access.js';
import type { AgencySettings, Clip } from '../contract-types.js';

type Params = Record<string, string | number>;
type Role = 'officer' | 'clerk' | 'supervisor' | 'legal' | 'admin';
type Level = 'ordinary' | 'personal-privacy' | 'commercial-secret' | 'state-secret';
type PublicUser = CommandResponse<'users.list'>['users'][number];
type Grant = CommandResponse<'grants.request'>;
type ActorView = CommandResponse<'auth.login'>['actor'];

interface FakeUser extends PublicUser {
  password: string;
  pin?: string;
}

export interface FakeAccessDeps {
  now(): Date;
  settings(): AgencySettings;
  clips(): Iterable<Clip>;
  getClip(id: string): Clip;
  putClip(clip: Clip): void;
  record(actor: string, action: string, target: string, extra?: { before?: unknown; after?: unknown; detail?: unknown }): void;
  fail(code: string, message: string, params?: Params): Error;
  sha(seed: string): string;
  /** Who the fake's other handlers name in the audit trail (undefined = nobody signed in). */
  setOperator(operator: string | undefined): void;
}

const LEVELS: Level[] = ['ordinary', 'personal-privacy', 'commercial-secret', 'state-secret'];
const rank = (level: Level | undefined) => LEVELS.indexOf(level ?? 'ordinary');

export function createFakeAccess(deps: FakeAccessDeps) {
  const created = new Date('2026-10-01T08:00:00+08:00').toISOString();
  const person = (id: string, username: string, displayName: string, password: string, department: string, roles: Role[], clearance: Level, extra: Partial<FakeUser> = {}): FakeUser => ({
    id,
    username,
    displayName,
    department,
    roles,
    clearance,
    head: false,
    hasPin: extra.pin !== undefined,
    failedAttempts: 0,
    disabled: false,
    createdAt: created,
    createdBy: 'setup',
    password,
    ...extra,
  });
  const users: FakeUser[] = [
    person('u-admin', 'admin', '系统管理员', 'Admin-pass-2026', '信息中心', ['admin'], 'ordinary'),
    person('u-zhang', 'zhangwei', '张伟', 'Zhang-pass-2026', '一大队', ['officer'], 'ordinary', { badgeNumber: '010203', pin: '246810', hasPin: true }),
    person('u-li', 'lina', '李娜', 'Lina-pass-2026', '二大队', ['officer'], 'ordinary', { badgeNumber: '010311', pin: '135790', hasPin: true }),
    person('u-wang', 'wangqiang', '王强', 'Wang-pass-2026', '一大队', ['supervisor'], 'personal-privacy', { badgeNumber: '010001' }),
    person('u-zhao', 'zhaomin', '赵敏', 'Zhao-pass-2026', '局领导', ['supervisor'], 'state-secret', { badgeNumber: '010000', head: true }),
  ];
  const grants: Grant[] = [];
  const caseLevels = new Map<string, Level>();
  let actor: ActorView | undefined;
  let locked = false;
  let method: 'password' | 'pin' = 'password';
  let sessionNo = 0;

  const operatorOf = (user: Pick<FakeUser, 'displayName' | 'badgeNumber' | 'username'>) => `${user.displayName}(${user.badgeNumber ?? user.username})`;
  const publicUser = ({ password: _p, pin: _pin, ...rest }: FakeUser): PublicUser => rest;

  function signIn(user: FakeUser, how: 'password' | 'pin') {
    sessionNo++;
    actor = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      ...(user.badgeNumber ? { badgeNumber: user.badgeNumber } : {}),
      roles: user.roles,
      department: user.department,
      clearance: user.clearance,
      head: user.head,
      sessionId: `fake-session-${sessionNo}`,
    };
    locked = false;
    method = how;
    const operator = operatorOf(user);
    deps.setOperator(operator);
    deps.record(operator, 'auth.login', `user:${user.id}`, { detail: { via: 'fake', method: how } });
    return { token: `fake-token-${sessionNo}`, actor, operator, idleMinutes: deps.settings().sessionIdleMinutes };
  }

  function check(user: FakeUser | undefined, secret: string, kind: 'password' | 'pin'): FakeUser {
    const now = deps.now().getTime();
    if (!user) throw deps.fail('LOGIN_FAILED', 'wrong username or password', {});
    if (user.disabled) throw deps.fail('ACCOUNT_DISABLED', 'this account is disabled', {});
    if (user.lockedUntil && Date.parse(user.lockedUntil) > now) throw deps.fail('ACCOUNT_LOCKED', 'locked', { until: user.lockedUntil });
    if ((kind === 'password' ? user.password : user.pin) === secret) {
      user.failedAttempts = 0;
      delete user.lockedUntil;
      return user;
    }
    user.failedAttempts += 1;
    const { loginMaxFailures, loginLockoutMinutes } = deps.settings();
    deps.record(`anonymous(fake)`, 'auth.login-failed', `user:${user.id}`, { detail: { failures: user.failedAttempts } });
    if (user.failedAttempts >= loginMaxFailures) {
      user.lockedUntil = new Date(now + loginLockoutMinutes * 60_000).toISOString();
      throw deps.fail('ACCOUNT_LOCKED', 'too many failed attempts', { until: user.lockedUntil });
    }
    throw deps.fail('LOGIN_FAILED', 'wrong username or password', { attemptsLeft: loginMaxFailures - user.failedAttempts });
  }

  function requireActor(): ActorView {
    if (!actor) throw deps.fail('UNAUTHENTICATED', 'sign in first');
    if (locked) throw deps.fail('SESSION_LOCKED', 'the session is locked', {});
    return actor;
  }

  function requireRole(...roles: Role[]): ActorView {
    const who = requireActor();
    if (!who.roles.some((role) => roles.includes(role)) && !(who.head && roles.includes('supervisor'))) throw deps.fail('FORBIDDEN', 'not allowed', { reason: 'role' });
    return who;
  }

  /** Nobody hides a record from themself: a level above the setter's clearance is refused (as on the station). */
  function refuseAboveClearance(who: ActorView, level: Level): void {
    if (rank(level) > rank(who.clearance)) throw deps.fail('FORBIDDEN', 'not allowed', { action: 'clip.set-confidentiality', reason: 'clearance' });
  }

  function levelOf(clip: Clip): Level {
    const own = (clip.confidentiality ?? 'ordinary') as Level;
    const ofCase = clip.label ? caseLevels.get(clip.label.caseNumber) : undefined;
    return rank(ofCase) > rank(own) ? (ofCase as Level) : own;
  }

  function maySee(clip: Clip): boolean {
    const who = actor;
    if (!who || who.roles.includes('admin') && who.roles.length === 1) return false;
    return rank(levelOf(clip)) <= rank(who.clearance);
  }

  /** The grant that lets the signed-in person view this clip now (a standing grant of the agency, else an approved one). */
  function viewingGrant(clip: Clip): string {
    const who = requireActor();
    if (!maySee(clip)) throw deps.fail('FORBIDDEN', 'not allowed', { action: 'clip.see', reason: 'clearance' });
    const level = levelOf(clip);
    const standing = deps.settings().standingGrants.find((g) => who.roles.includes(g.role) && rank(level) <= rank(g.upTo));
    if (standing) return `standing:${standing.role}`;
    const t = deps.now().getTime();
    const grant = grants.find((g) => g.requesterId === who.userId && g.status === 'approved' && (g.subject.kind === 'clip' ? g.subject.clipId === clip.id : g.subject.caseNumber === clip.label?.caseNumber) && Date.parse(g.from ?? '') <= t && t < Date.parse(g.until ?? ''));
    if (!grant) throw deps.fail('GRANT_REQUIRED', 'viewing this clip needs an approved request', { clipId: clip.id });
    return grant.id;
  }

  const userById = (id: string) => {
    const user = users.find((u) => u.id === id);
    if (!user) throw deps.fail('USER_NOT_FOUND', `no user ${id}`, { id });
    return user;
  };

  type Handlers = { [C in AccessCommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };
  const handlers: Handlers = {
    'auth.setup': () => {
      throw deps.fail('SETUP_ALREADY_DONE', 'the fake station already has accounts');
    },
    'auth.login': (request) => signIn(check(users.find((u) => u.username === request.username), request.password, 'password'), 'password'),
    'auth.badgeLogin': (request) => {
      if (request.pin === undefined && !(request.scanned && deps.settings().badgeScanSuffices)) throw deps.fail('PIN_INVALID', 'enter the PIN', { field: 'pin' });
      const user = users.find((u) => u.badgeNumber === request.badgeNumber);
      return signIn(request.pin === undefined && user ? user : check(user, request.pin ?? '', 'pin'), 'pin');
    },
    'auth.resume': () => {
      throw deps.fail('SESSION_INVALID', 'the fake station keeps no sessions over a reload', { reason: 'unknown' });
    },
    'auth.logout': () => {
      if (!actor) return { ended: false };
      deps.record(operatorOf(userById(actor.userId)), 'auth.logout', `user:${actor.userId}`);
      actor = undefined;
      deps.setOperator(undefined);
      return { ended: true };
    },
    'auth.whoami': () => (actor ? { actor, operator: operatorOf(userById(actor.userId)), locked, needsSetup: false } : { locked: false, needsSetup: false }),
    'auth.lock': () => {
      if (!actor) throw deps.fail('UNAUTHENTICATED', 'sign in first');
      locked = true;
      return { locked: true };
    },
    'auth.unlock': (request) => {
      if (!actor) throw deps.fail('UNAUTHENTICATED', 'sign in first');
      const user = check(userById(actor.userId), request.secret, method === 'pin' && userById(actor.userId).pin ? 'pin' : 'password');
      locked = false;
      return { token: `fake-token-${sessionNo}`, actor, operator: operatorOf(user), idleMinutes: deps.settings().sessionIdleMinutes };
    },
    'users.list': () => {
      requireRole('admin');
      return { users: users.map(publicUser), departments: [...new Set(users.map((u) => u.department))] };
    },
    'users.create': (request) => {
      requireRole('admin');
      if (users.some((u) => u.username === request.username)) throw deps.fail('USER_EXISTS', 'taken', { username: request.username });
      if (request.password.length < 8) throw deps.fail('PASSWORD_WEAK', 'too short', { min: 8 });
      const { password, pin, head, ...rest } = request;
      const user: FakeUser = { ...rest, id: `u-${deps.sha(request.username).slice(0, 8)}`, head: head ?? false, hasPin: pin !== undefined, failedAttempts: 0, disabled: false, createdAt: deps.now().toISOString(), createdBy: 'admin', password, ...(pin ? { pin } : {}) };
      users.push(user);
      return publicUser(user);
    },
    'users.update': (request) => {
      requireRole('admin');
      const user = userById(request.id);
      const { id: _id, ...changes } = request;
      Object.assign(user, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      return publicUser(user);
    },
    'users.setPassword': (request) => {
      requireRole('admin');
      userById(request.id).password = request.password;
      return { id: request.id };
    },
    'users.setPin': (request) => {
      requireRole('admin');
      const user = userById(request.id);
      user.pin = request.pin;
      user.hasPin = true;
      return { id: request.id };
    },
    'users.unlock': (request) => {
      requireRole('admin');
      const user = userById(request.id);
      user.failedAttempts = 0;
      delete user.lockedUntil;
      return publicUser(user);
    },
    'grants.request': (request) => {
      const who = requireActor();
      const clip = request.clipId ? deps.getClip(request.clipId) : undefined;
      const grant: Grant = {
        id: `g-${deps.sha(`${who.userId}-${Date.now()}-${grants.length}`).slice(0, 16)}`,
        subject: clip ? { kind: 'clip', clipId: clip.id } : { kind: 'case', caseNumber: request.caseNumber ?? '' },
        reason: request.reason,
        requesterId: who.userId,
        requesterName: operatorOf(userById(who.userId)),
        requestedAt: deps.now().toISOString(),
        level: clip ? levelOf(clip) : 'ordinary',
        status: 'pending',
      };
      grants.push(grant);
      return grant;
    },
    'grants.list': (request) => {
      const who = requireActor();
      if (request.scope === 'mine') return grants.filter((g) => g.requesterId === who.userId);
      const approver = who.roles.includes('supervisor') || who.head;
      return approver ? grants.filter((g) => g.status === 'pending' && g.requesterId !== who.userId && (rank(g.level) <= rank('personal-privacy') || who.head)) : [];
    },
    'grants.decide': (request) => {
      const who = requireRole('supervisor');
      const grant = grants.find((g) => g.id === request.id);
      if (!grant) throw deps.fail('GRANT_NOT_FOUND', `no grant ${request.id}`, { id: request.id });
      if (grant.requesterId === who.userId) throw deps.fail('FORBIDDEN', 'not your own', { reason: 'own-record' });
      if (grant.status !== 'pending') throw deps.fail('GRANT_INVALID', 'already decided', { id: grant.id, status: grant.status });
      const at = deps.now();
      grant.status = request.approve ? 'approved' : 'denied';
      grant.decision = { approve: request.approve, by: operatorOf(userById(who.userId)), byId: who.userId, at: at.toISOString(), ...(request.note ? { note: request.note } : {}) };
      if (request.approve) {
        const until = request.until ? new Date(request.until) : undefined;
        if (!until || until.getTime() <= at.getTime()) throw deps.fail('GRANT_INVALID', 'the window needs an end in the future', { id: grant.id, field: 'until' });
        grant.from = (request.from ? new Date(request.from) : at).toISOString();
        grant.until = until.toISOString();
      }
      return grant;
    },
    'grants.revoke': (request) => {
      const who = requireActor();
      const grant = grants.find((g) => g.id === request.id);
      if (!grant) throw deps.fail('GRANT_NOT_FOUND', `no grant ${request.id}`, { id: request.id });
      grant.status = 'revoked';
      grant.revoked = { by: operatorOf(userById(who.userId)), at: deps.now().toISOString(), ...(request.note ? { note: request.note } : {}) };
      return grant;
    },
    'clips.setConfidentiality': (request) => {
      const who = requireRole('supervisor', 'legal');
      refuseAboveClearance(who, request.level);
      for (const id of request.ids) deps.putClip({ ...deps.getClip(id), confidentiality: request.level });
      return { updated: request.ids.length };
    },
    'cases.getConfidentiality': (request) => {
      requireActor();
      if (![...deps.clips()].some((clip) => clip.label?.caseNumber === request.caseNumber && maySee(clip))) throw deps.fail('CASE_NOT_FOUND', `no clips of case ${request.caseNumber} that you may see`, { caseNumber: request.caseNumber });
      return { caseNumber: request.caseNumber, level: caseLevels.get(request.caseNumber) ?? 'ordinary' };
    },
    'cases.setConfidentiality': (request) => {
      const who = requireRole('supervisor', 'legal');
      // As the station: only a case with clips this person may see, and never above their clearance.
      const ofCase = [...deps.clips()].filter((clip) => clip.label?.caseNumber === request.caseNumber && maySee(clip));
      if (ofCase.length === 0) throw deps.fail('CASE_NOT_FOUND', `no clips of case ${request.caseNumber} that you may see`, { caseNumber: request.caseNumber });
      refuseAboveClearance(who, request.level);
      if (request.level === 'ordinary') caseLevels.delete(request.caseNumber);
      else caseLevels.set(request.caseNumber, request.level);
      deps.record(operatorOf(userById(who.userId)), 'case.confidentiality', `case:${request.caseNumber}`, { after: { level: request.level }, detail: { reason: request.reason } });
      // Re-storing the clips sends clips.changed, so open lists reload with the new effective level.
      for (const clip of ofCase) deps.putClip(clip);
      return { caseNumber: request.caseNumber, level: request.level };
    },
    'player.activity': (request) => {
      requireActor();
      return { recorded: request.kind !== 'pause' && request.kind !== 'frame-step' };
    },
  };

  return {
    handlers: handlers as Pick<{ [C in CommandName]: (request: ParsedRequest<C>) => CommandResponse<C> }, AccessCommandName>,
    requireActor,
    viewingGrant,
    maySee,
    withLevel: (clip: Clip): Clip => ({ ...clip, confidentiality: levelOf(clip) }),
  };
}
