/**
 * Handlers of the access contract (electron/contract/access.ts): sign-in, sessions, accounts, grants,
 * confidentiality and the player's activity. Every change and every refusal is audited here or, for
 * the table's refusals, centrally in Station.execute.
 */
import type { AccessCommandName } from '../../contract/access.js';
import type { CallContext, CommandHandlers } from '../commands/handlers.js';
import { requireOperator } from '../commands/handlers.js';
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { ViewTickets } from '../player/view-tickets.js';
import type { StationContext } from '../station-context.js';
import { publicUser, type StoredUser } from './accounts-model.js';
import type { GrantSubject } from './grants-model.js';
import type { LoginSession } from './login-sessions.js';
import type { Actor } from './model.js';
import { assertCan, requireActor } from './permissions.js';
import type { StationAccess } from './station-access.js';

export function createAccessHandlers(ctx: StationContext, access: StationAccess, tickets: ViewTickets): Pick<CommandHandlers, AccessCommandName> {
  const now = () => ctx.ports.clock.now();
  const { catalogue } = ctx.ports;

  const answer = (session: LoginSession, call: CallContext) => ({ token: session.token, actor: session.actor, operator: requireOperator(call), idleMinutes: ctx.settings().sessionIdleMinutes });

  const signedIn = async (call: CallContext, user: StoredUser, method: LoginSession['method']) => {
    const session = access.signIn(call, user, method);
    await ctx.audit(requireOperator(call), 'auth.login', `user:${user.id}`, { detail: { via: call.via, method, sessionId: session.id } });
    return answer(session, call);
  };

  /** Audits a failed sign-in (and a lockout it caused), then lets the refusal through. */
  const auditFailure = async (call: CallContext, who: string, error: unknown, detail: Record<string, unknown>) => {
    if (!(error instanceof StationError)) throw error;
    const userId = typeof error.params.userId === 'string' ? error.params.userId : undefined;
    const action = error.code === 'ACCOUNT_LOCKED' ? 'auth.account-locked' : 'auth.login-failed';
    await ctx.audit(who, action, userId ? `user:${userId}` : 'auth', { detail: { via: call.via, code: error.code, ...detail, ...error.params } });
    // The refusal does not say which account a wrong secret belongs to.
    const { userId: _hidden, ...params } = error.params;
    throw new StationError(error.code, error.message, params);
  };

  const clipFor = (actor: Actor, id: string): Clip => {
    const clip = catalogue.get(id);
    if (!clip) throw new StationError('CLIP_NOT_FOUND', `no clip ${id}`, { id });
    assertCan(actor, 'clip.see', access.target(clip));
    return clip;
  };

  const caseClips = (caseNumber: string): Clip[] => catalogue.query({ caseNumber, limit: 1000 }).items.filter((clip) => clip.label?.caseNumber === caseNumber);

  const userChange = async (call: CallContext, id: string, action: string, before: StoredUser | undefined, after: StoredUser) => {
    await ctx.audit(requireOperator(call), action, `user:${id}`, { before: before ? publicUser(before) : null, after: publicUser(after) });
  };

  return {
    'auth.setup': async (request, call) => {
      const user = await access.accounts.setup({ username: request.username, displayName: request.displayName, department: request.department, password: request.password }, now());
      await ctx.audit(`${user.displayName}(${user.username})`, 'user.created', `user:${user.id}`, { after: publicUser(user), detail: { firstAdministrator: true, via: call.via } });
      return signedIn(call, user, 'password');
    },

    'auth.login': async (request, call) => {
      let user: StoredUser;
      try {
        user = await access.accounts.checkPassword(request.username, request.password, now(), access.policy());
      } catch (error) {
        return auditFailure(call, `anonymous(${call.via})`, error, { username: request.username });
      }
      return signedIn(call, user, 'password');
    },

    'auth.badgeLogin': async (request, call) => {
      const scanOnly = request.pin === undefined;
      if (scanOnly && !(request.scanned === true && ctx.settings().badgeScanSuffices)) throw new StationError('PIN_INVALID', 'enter the PIN that goes with the badge', { field: 'pin' });
      let user: StoredUser;
      try {
        user = await access.accounts.checkBadge(request.badgeNumber, request.pin, now(), access.policy());
      } catch (error) {
        return auditFailure(call, `anonymous(${call.via})`, error, { badgeNumber: request.badgeNumber });
      }
      return signedIn(call, user, scanOnly ? 'badge-scan' : 'badge-pin');
    },

    'auth.resume': async (request, call) => {
      try {
        const session = access.resume(call, request.token);
        await ctx.audit(requireOperator(call), 'auth.resumed', `user:${session.actor.userId}`, { detail: { via: call.via, sessionId: session.id } });
        return answer(session, call);
      } catch (error) {
        if (error instanceof StationError && error.code === 'SESSION_INVALID') await ctx.audit(`anonymous(${call.via})`, 'auth.session-refused', 'auth', { detail: { via: call.via, ...error.params } });
        throw error;
      }
    },

    'auth.logout': async (_request, call) => {
      const actor = call.actor;
      if (!actor) return { ended: false };
      access.sessions.end(actor.sessionId);
      await ctx.audit(requireOperator(call), 'auth.logout', `user:${actor.userId}`, { detail: { via: call.via, sessionId: actor.sessionId } });
      delete call.actor;
      delete call.operator;
      delete call.sessionToken;
      return { ended: true };
    },

    'auth.whoami': async (_request, call) => {
      const needsSetup = access.accounts.needsSetup() && access.available();
      try {
        const actor = access.authenticate(call, true);
        const locked = call.sessionToken !== undefined && access.sessions.byPublicId(actor.sessionId)?.locked === true;
        return { actor, operator: requireOperator(call), locked, needsSetup };
      } catch {
        return { locked: false, needsSetup };
      }
    },

    'auth.lock': async (_request, call) => {
      const actor = access.authenticate(call, true);
      access.sessions.lock(actor.sessionId);
      await ctx.audit(requireOperator(call), 'auth.locked', `user:${actor.userId}`, { detail: { via: call.via, sessionId: actor.sessionId, cause: 'idle' } });
      return { locked: true };
    },

    'auth.unlock': async (request, call) => {
      const actor = access.authenticate(call, true);
      const session = access.sessions.byPublicId(actor.sessionId);
      if (!session) throw new StationError('UNAUTHENTICATED', 'sign in first');
      const user = access.accounts.get(actor.userId);
      const kind = session.method === 'password' || !user?.pinHash ? 'password' : 'pin';
      try {
        await access.accounts.checkSecretOf(actor.userId, kind, request.secret, now(), access.policy());
      } catch (error) {
        // A lockout while unlocking ends the session too: the screen goes back to sign-in.
        if (error instanceof StationError && error.code === 'ACCOUNT_LOCKED') access.sessions.end(session.id);
        return auditFailure(call, requireOperator(call), error, { unlocking: true, sessionId: session.id });
      }
      access.sessions.unlock(session, now().getTime());
      await ctx.audit(requireOperator(call), 'auth.unlocked', `user:${actor.userId}`, { detail: { via: call.via, sessionId: session.id } });
      return answer(session, call);
    },

    'users.list': async (_request, call) => {
      assertCan(requireActor(call), 'users.manage');
      return { users: access.accounts.list().map(publicUser), departments: access.accounts.departments() };
    },

    'users.create': async (request, call) => {
      assertCan(requireActor(call), 'users.manage');
      const user = await access.accounts.create({ ...request }, requireOperator(call), now());
      await userChange(call, user.id, 'user.created', undefined, user);
      return publicUser(user);
    },

    'users.update': async (request, call) => {
      assertCan(requireActor(call), 'users.manage');
      const { id, ...changes } = request;
      const { before, after } = await access.accounts.update(id, changes);
      // New roles, clearance or a disabled flag apply at once: the person signs in again.
      access.endSessionsOf(id);
      await userChange(call, id, 'user.updated', before, after);
      return publicUser(after);
    },

    'users.setPassword': async (request, call) => {
      assertCan(requireActor(call), 'users.manage');
      await access.accounts.setPassword(request.id, request.password);
      access.endSessionsOf(request.id);
      await ctx.audit(requireOperator(call), 'user.password-set', `user:${request.id}`);
      return { id: request.id };
    },

    'users.setPin': async (request, call) => {
      assertCan(requireActor(call), 'users.manage');
      await access.accounts.setPin(request.id, request.pin);
      await ctx.audit(requireOperator(call), 'user.pin-set', `user:${request.id}`);
      return { id: request.id };
    },

    'users.unlock': async (request, call) => {
      assertCan(requireActor(call), 'users.manage');
      const before = access.accounts.get(request.id);
      const after = await access.accounts.unlock(request.id);
      await userChange(call, request.id, 'user.unlocked', before, after);
      return publicUser(after);
    },

    'grants.request': async (request, call) => {
      const actor = requireActor(call);
      let subject: GrantSubject;
      let about: { department?: string | undefined; level: Clip['confidentiality'] & string };
      if (request.clipId !== undefined) {
        const clip = clipFor(actor, request.clipId);
        assertCan(actor, 'grant.request', access.target(clip));
        subject = { kind: 'clip', clipId: clip.id };
        about = { department: clip.department, level: access.level(clip) };
      } else {
        const caseNumber = request.caseNumber ?? '';
        const visible = caseClips(caseNumber).filter(access.seenBy(actor));
        if (visible.length === 0) throw new StationError('CASE_NOT_FOUND', `no clips of case ${caseNumber} that you may see`, { caseNumber });
        for (const clip of visible) assertCan(actor, 'grant.request', access.target(clip));
        const departments = new Set(visible.map((clip) => clip.department));
        const [only] = departments;
        // A case spread over departments has no single department: only the head can approve it.
        about = { department: departments.size === 1 ? only : undefined, level: visible.map((clip) => access.level(clip)).reduce((a, b) => (rankOf(b) > rankOf(a) ? b : a), 'ordinary') };
        subject = { kind: 'case', caseNumber };
      }
      const grant = await access.grants.request(actor, requireOperator(call), subject, request.reason, about, now());
      await ctx.audit(requireOperator(call), 'grant.requested', `grant:${grant.id}`, { after: grant });
      return grant;
    },

    'grants.list': async (request, call) => {
      const actor = requireActor(call);
      return request.scope === 'mine' ? access.grants.mine(actor) : access.grants.toDecide(actor);
    },

    'grants.decide': async (request, call) => {
      const actor = requireActor(call);
      const { before, after } = await access.grants.decide(
        actor,
        requireOperator(call),
        request.id,
        { approve: request.approve, from: request.from ? new Date(request.from) : undefined, until: request.until ? new Date(request.until) : undefined, note: request.note },
        ctx.settings().grantMaxDays,
        now(),
      );
      await ctx.audit(requireOperator(call), request.approve ? 'grant.approved' : 'grant.denied', `grant:${after.id}`, { before, after });
      return after;
    },

    'grants.revoke': async (request, call) => {
      const { before, after } = await access.grants.revoke(requireActor(call), requireOperator(call), request.id, request.note, now());
      await ctx.audit(requireOperator(call), 'grant.revoked', `grant:${after.id}`, { before, after });
      return after;
    },

    'clips.setConfidentiality': async (request, call) => {
      const actor = requireActor(call);
      const operator = requireOperator(call);
      const before = request.ids.map((id) => clipFor(actor, id));
      for (const clip of before) assertCan(actor, 'clip.set-confidentiality', access.target(clip));
      // The new level must be within the actor's clearance too: nobody hides a clip from themself.
      assertCan(actor, 'clip.set-confidentiality', { ...access.target(before[0] as Clip), confidentiality: request.level });
      const after = before.map((clip) => ({ ...clip, confidentiality: request.level }));
      await catalogue.putMany(after);
      await Promise.all(before.map((clip) => ctx.audit(operator, 'clip.confidentiality', `clip:${clip.id}`, { before: { level: clip.confidentiality ?? 'ordinary' }, after: { level: request.level }, detail: { reason: request.reason } })));
      ctx.events.emit('clips.changed', { ids: after.map((clip) => clip.id) });
      return { updated: after.length };
    },

    'cases.getConfidentiality': async (request, call) => {
      const actor = requireActor(call);
      // A case nobody here may see does not exist for them, its level included.
      if (!caseClips(request.caseNumber).some(access.seenBy(actor))) throw new StationError('CASE_NOT_FOUND', `no clips of case ${request.caseNumber} that you may see`, { caseNumber: request.caseNumber });
      return { caseNumber: request.caseNumber, level: access.caseLevels()[request.caseNumber] ?? 'ordinary' };
    },

    'cases.setConfidentiality': async (request, call) => {
      const actor = requireActor(call);
      const clips = caseClips(request.caseNumber).filter(access.seenBy(actor));
      if (clips.length === 0) throw new StationError('CASE_NOT_FOUND', `no clips of case ${request.caseNumber} that you may see`, { caseNumber: request.caseNumber });
      for (const clip of clips) assertCan(actor, 'clip.set-confidentiality', { ...access.target(clip), confidentiality: request.level });
      const before = await access.setCaseLevel(request.caseNumber, request.level);
      await ctx.audit(requireOperator(call), 'case.confidentiality', `case:${request.caseNumber}`, { before: { level: before ?? 'ordinary' }, after: { level: request.level }, detail: { reason: request.reason } });
      ctx.events.emit('clips.changed', { ids: clips.map((clip) => clip.id) });
      return { caseNumber: request.caseNumber, level: request.level };
    },

    'player.activity': async (request, call) => {
      const actor = requireActor(call);
      const found = tickets.resolve(request.ticket, now().getTime());
      if (!found || found.binding?.sessionId !== actor.sessionId) throw new StationError('GRANT_INVALID', 'this viewing ticket is unknown, expired or not yours', {});
      const clip = catalogue.get(found.clipId);
      if (!clip || !access.mediaAllowed(found.binding, clip).ok) throw new StationError('GRANT_INVALID', 'the grant for this clip is no longer valid', { clipId: found.clipId });
      // Pausing and single frame steps are not evidence of viewing beyond the play that preceded them.
      if (request.kind === 'pause' || request.kind === 'frame-step') return { recorded: false };
      await ctx.audit(requireOperator(call), `clip.${request.kind === 'play' ? 'played' : request.kind === 'seek' ? 'seeked' : 'rate-changed'}`, `clip:${clip.id}`, {
        detail: { grantId: found.binding.grantId, sessionId: actor.sessionId, positionSeconds: request.positionSeconds, ...(request.rate !== undefined ? { rate: request.rate } : {}) },
      });
      return { recorded: true };
    },
  };
}

function rankOf(level: string): number {
  return ['ordinary', 'personal-privacy', 'commercial-secret', 'state-secret'].indexOf(level);
}
