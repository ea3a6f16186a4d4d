/**
 * One handler per contract command. Requests arrive already parsed; every state change is audited
 * with who, what, which record and before/after.
 */
import type { CommandName, CommandResponse, ParsedRequest } from '../../contract/index.js';
import type { ArchiveCommandName } from '../../contract/archive.js';
import type { BackupCommandName } from '../../contract/backup.js';
import type { FixityCommandName } from '../../contract/fixity.js';
import type { DevicesCommandName } from '../../contract/devices.js';
import type { SupervisionCommandName } from '../../contract/supervision.js';
import type { Action, Actor } from '../access/model.js';
import { assertCan, can, requireActor } from '../access/permissions.js';
import type { AccessCommandName } from '../../contract/access.js';
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { AgencySettings } from '../domain/settings.js';
import { isOverdueForLabel } from '../domain/hand-in-policy.js';
import { compileCaseNumberPattern, hasProblems, sealLabel, validateLabel } from '../labels/label-rules.js';
import type { StationContext } from '../station-context.js';
import type { StationServices } from '../station-services.js';

/** Per-connection state a host keeps: who is at the station on this window / socket / command line. */
export interface CallContext {
  /** The audit trail's display name of the logged-in person, e.g. `张伟(3201008)` (set with `actor`). */
  operator?: string;
  /** Issue F: the authenticated person behind this connection; set by auth.login / auth.badgeLogin / auth.resume. */
  actor?: Actor;
  /** Issue F: the bearer token of this connection's login session; re-checked (idle, age, account) on every call. */
  sessionToken?: string;
  via: 'ipc' | 'web' | 'cli';
}

type Handler<C extends CommandName> = (request: ParsedRequest<C>, call: CallContext) => Promise<CommandResponse<C>>;
export type CommandHandlers = { [C in CommandName]: Handler<C> };

/**
 * Commands that run without a signed-in session (issue F): signing in and out, and a minimal station.info.
 * They check the session themselves where they need one (auth.lock, auth.logout). Everything else needs
 * a live session, checked by Station.execute before the handler runs.
 */
export { OPEN_COMMANDS } from '../access/command-permissions.js';

export function requireOperator(call: CallContext): string {
  if (!call.operator) throw new StationError('UNAUTHORIZED', 'identify yourself at the station first');
  return call.operator;
}

/**
 * Fixity's handlers live in core/fixity/fixity-commands.ts and are merged in station.ts; the archive's
 * (core/archive/archive-commands.ts) are attached by the composition root once the archive is open.
 */
export function createHandlers(ctx: StationContext, services: StationServices): Omit<CommandHandlers, FixityCommandName | ArchiveCommandName | SupervisionCommandName | BackupCommandName | AccessCommandName | DevicesCommandName> {
  const { catalogue } = ctx.ports;
  const { access } = services;

  /** A clip this actor may see (clip.see) and do `action` to; refused plainly (FORBIDDEN, audited centrally) otherwise. */
  const clipFor = (id: string, call: CallContext, action: Action = 'clip.see'): Clip => {
    const actor = requireActor(call);
    const clip = getClip(id);
    assertCan(actor, 'clip.see', access.target(clip));
    if (action !== 'clip.see') assertCan(actor, action, access.target(clip));
    return access.withLevel(clip);
  };
  const visibleTo = (call: CallContext) => access.seenBy(requireActor(call));

  const getClip = (id: string): Clip => {
    const clip = catalogue.get(id);
    if (!clip) throw new StationError('CLIP_NOT_FOUND', `no clip ${id}`, { id });
    return clip;
  };

  return {
    'station.info': async (_request, call) => {
      const settings = ctx.settings();
      const minimal = { version: services.version, agencyName: settings.agencyName, needsSetup: access.accounts.needsSetup() && access.available(), badgeScanSuffices: settings.badgeScanSuffices };
      // Without a live, unlocked session: only what the sign-in screen needs. With one: the rest, counts as this person sees them.
      let actor: Actor;
      try {
        actor = access.authenticate(call);
      } catch {
        return minimal;
      }
      const seen = catalogue.query({ limit: 1, visibleTo: access.seenBy(actor) }).total;
      return { ...minimal, dataDir: services.dataDir, watchRoots: services.watchRoots, settings, clipCount: seen, ...(call.operator ? { operator: call.operator } : {}) };
    },

    'docks.list': async (_request, call) => {
      const actor = requireActor(call);
      const docking = can(actor, 'dock.operate').allowed;
      const sees = access.seenBy(actor);
      // A dock is listed to the people at the dock while it has no clip yet, then to whoever sees one of its clips.
      return ctx.docks.open().flatMap((session) => {
        const clipIds = session.clipIds.filter((id) => {
          const clip = catalogue.get(id);
          return clip === undefined ? docking : sees(clip);
        });
        if (clipIds.length === 0 && !(docking && session.clipIds.length === 0)) return [];
        return [{ ...session, clipIds }];
      });
    },

    'docks.ingestFolder': async (request, call) => {
      assertCan(requireActor(call), 'dock.operate');
      const sessionId = await services.dockFolder(request.path, requireOperator(call));
      return { sessionId };
    },

    'docks.close': async (request, call) => {
      assertCan(requireActor(call), 'dock.operate');
      return ctx.docks.close(request.sessionId, requireOperator(call));
    },

    'docks.lateReason': async (request, call) => {
      const operator = requireOperator(call);
      assertCan(requireActor(call), 'dock.operate');
      const session = ctx.docks.get(request.sessionId);
      if (!session) throw new StationError('SESSION_NOT_FOUND', `no dock session ${request.sessionId}`, { sessionId: request.sessionId });
      const lateClips = request.clipIds.map((id) => clipFor(id, call)).map((clip) => getClip(clip.id)).filter((clip) => clip.late !== undefined);
      const updated = lateClips.map((clip) => ({ ...clip, late: { hoursAfterRecording: clip.late?.hoursAfterRecording ?? 0, reason: request.reason } }));
      await catalogue.putMany(updated);
      await Promise.all(
        lateClips.map((clip) => ctx.audit(operator, 'clip.late-reason', `clip:${clip.id}`, { before: { reason: clip.late?.reason ?? null }, after: { reason: request.reason } })),
      );
      await ctx.docks.refreshSessionsContaining(updated.map((clip) => clip.id));
      ctx.events.emit('clips.changed', { ids: updated.map((clip) => clip.id) });
      return { updated: updated.length };
    },

    'clips.query': async (request, call) => {
      const page = catalogue.query({ ...request, visibleTo: visibleTo(call) });
      return { items: page.items.map((clip) => access.withLevel(clip)), total: page.total };
    },

    'clips.get': async (request, call) => ({ clip: clipFor(request.id, call), history: await ctx.ports.auditLog.forTarget(`clip:${request.id}`, 200) }),

    'clips.label': async (request, call) => {
      const operator = requireOperator(call);
      const problems = validateLabel(request.label, ctx.settings());
      if (hasProblems(problems)) throw new StationError('LABEL_REJECTED', 'the label is incomplete or invalid', {}, problems);
      const label = sealLabel(request.label, operator, ctx.ports.clock.now());
      const before = request.ids.map((id) => clipFor(id, call, 'clip.label')).map((clip) => getClip(clip.id));
      const after = before.map((clip) => ({ ...clip, label }));
      await catalogue.putMany(after);
      // Audit after the catalogue is durable: a record never claims a change that was not stored.
      // Appended together so the log can group them into one fsync.
      await Promise.all(before.map((clip) => ctx.audit(operator, 'clip.labelled', `clip:${clip.id}`, { before: clip.label ?? null, after: label })));
      await ctx.docks.refreshSessionsContaining(request.ids);
      ctx.events.emit('clips.changed', { ids: request.ids });
      return { updated: after.length };
    },

    'clips.overdue': async (_request, call) => {
      const now = ctx.ports.clock.now();
      const hours = ctx.settings().labelOverdueHours;
      return catalogue.query({ unlabelledOnly: true, limit: 1000, visibleTo: visibleTo(call) }).items.filter((clip) => isOverdueForLabel(clip, now, hours)).map((clip) => access.withLevel(clip));
    },

    // Viewing needs a grant (R5.1): the ticket is bound to this session and that grant, and lives no
    // longer than the grant; the media route re-checks both on every request.
    'player.open': async (request, call) => {
      const operator = requireOperator(call);
      const actor = requireActor(call);
      const clip = clipFor(request.id, call, 'clip.view');
      const grantId = access.viewingGrant(actor, getClip(clip.id));
      const grant = grantId.startsWith('standing:') ? undefined : access.grants.get(grantId);
      const nowMs = ctx.ports.clock.now().getTime();
      const { ticket, expiresAt } = services.tickets.issue(clip.id, operator, nowMs, {
        sessionId: actor.sessionId,
        userId: actor.userId,
        grantId,
        ...(grant?.until ? { notAfterMs: Date.parse(grant.until) } : {}),
      });
      await ctx.audit(operator, 'clip.viewed', `clip:${clip.id}`, { detail: { via: call.via, grantId, sessionId: actor.sessionId, expiresAt: new Date(expiresAt).toISOString() } });
      return { ticket, expiresAt: new Date(expiresAt).toISOString(), grantId };
    },

    'settings.get': async () => ctx.settings(),

    'settings.update': async (request, call) => {
      const operator = requireOperator(call);
      assertCan(requireActor(call), 'settings.manage');
      const before = ctx.settings();
      const next: AgencySettings = { ...before, ...stripUndefined(request) };
      if (!compileCaseNumberPattern(next.caseNumberPattern))
        throw new StationError('SETTING_INVALID', 'the case number pattern is not a valid regular expression', { setting: 'caseNumberPattern' });
      await services.saveSettings(next);
      await ctx.audit(operator, 'settings.updated', 'settings', { before, after: next });
      return next;
    },

    'audit.verify': async (_request, call) => {
      assertCan(requireActor(call), 'audit.read');
      const result = await ctx.ports.auditLog.verify();
      await ctx.audit(call.operator ?? 'station', 'audit.verified', 'audit', { detail: result });
      return result;
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
