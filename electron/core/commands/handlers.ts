/**
 * One handler per contract command. Requests arrive already parsed; every state change is audited
 * with who, what, which record and before/after.
 */
import type { CommandName, CommandResponse, ParsedRequest } from '../../contract/index.js';
import type { ArchiveCommandName } from '../../contract/archive.js';
import type { FixityCommandName } from '../../contract/fixity.js';
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { AgencySettings } from '../domain/settings.js';
import { isOverdueForLabel } from '../domain/hand-in-policy.js';
import { compileCaseNumberPattern, hasProblems, sealLabel, validateLabel } from '../labels/label-rules.js';
import type { StationContext } from '../station-context.js';
import type { StationServices } from '../station-services.js';

/** Per-connection state a host keeps: who is at the station on this window / socket / command line. */
export interface CallContext {
  operator?: string;
  via: 'ipc' | 'web' | 'cli';
}

type Handler<C extends CommandName> = (request: ParsedRequest<C>, call: CallContext) => Promise<CommandResponse<C>>;
export type CommandHandlers = { [C in CommandName]: Handler<C> };

/** Commands anyone connected may run before naming themself. */
export const OPEN_COMMANDS: ReadonlySet<CommandName> = new Set(['operator.identify', 'station.info', 'settings.get']);

export function requireOperator(call: CallContext): string {
  if (!call.operator) throw new StationError('UNAUTHORIZED', 'identify yourself at the station first');
  return call.operator;
}

/**
 * Fixity's handlers live in core/fixity/fixity-commands.ts and are merged in station.ts; the archive's
 * (core/archive/archive-commands.ts) are attached by the composition root once the archive is open.
 */
export function createHandlers(ctx: StationContext, services: StationServices): Omit<CommandHandlers, FixityCommandName | ArchiveCommandName> {
  const { catalogue } = ctx.ports;

  const getClip = (id: string): Clip => {
    const clip = catalogue.get(id);
    if (!clip) throw new StationError('CLIP_NOT_FOUND', `no clip ${id}`, { id });
    return clip;
  };

  return {
    'operator.identify': async (request, call) => {
      call.operator = `${request.name}(${request.badgeNumber})`;
      await ctx.audit(call.operator, 'operator.identified', 'station', { detail: { via: call.via } });
      return { operator: call.operator };
    },

    'station.info': async (_request, call) => ({
      version: services.version,
      dataDir: services.dataDir,
      watchRoots: services.watchRoots,
      settings: ctx.settings(),
      clipCount: catalogue.count(),
      ...(call.operator ? { operator: call.operator } : {}),
    }),

    'docks.list': async () => ctx.docks.open(),

    'docks.ingestFolder': async (request, call) => {
      const sessionId = await services.dockFolder(request.path, requireOperator(call));
      return { sessionId };
    },

    'docks.close': async (request, call) => ctx.docks.close(request.sessionId, requireOperator(call)),

    'docks.lateReason': async (request, call) => {
      const operator = requireOperator(call);
      const session = ctx.docks.get(request.sessionId);
      if (!session) throw new StationError('SESSION_NOT_FOUND', `no dock session ${request.sessionId}`, { sessionId: request.sessionId });
      const lateClips = request.clipIds.map(getClip).filter((clip) => clip.late !== undefined);
      const updated = lateClips.map((clip) => ({ ...clip, late: { hoursAfterRecording: clip.late?.hoursAfterRecording ?? 0, reason: request.reason } }));
      await catalogue.putMany(updated);
      await Promise.all(
        lateClips.map((clip) => ctx.audit(operator, 'clip.late-reason', `clip:${clip.id}`, { before: { reason: clip.late?.reason ?? null }, after: { reason: request.reason } })),
      );
      await ctx.docks.refreshSessionsContaining(updated.map((clip) => clip.id));
      ctx.events.emit('clips.changed', { ids: updated.map((clip) => clip.id) });
      return { updated: updated.length };
    },

    'clips.query': async (request) => catalogue.query(request),

    'clips.get': async (request) => ({ clip: getClip(request.id), history: await ctx.ports.auditLog.forTarget(`clip:${request.id}`, 200) }),

    'clips.label': async (request, call) => {
      const operator = requireOperator(call);
      const problems = validateLabel(request.label, ctx.settings());
      if (hasProblems(problems)) throw new StationError('LABEL_REJECTED', 'the label is incomplete or invalid', {}, problems);
      const label = sealLabel(request.label, operator, ctx.ports.clock.now());
      const before = request.ids.map(getClip);
      const after = before.map((clip) => ({ ...clip, label }));
      await catalogue.putMany(after);
      // Audit after the catalogue is durable: a record never claims a change that was not stored.
      // Appended together so the log can group them into one fsync.
      await Promise.all(before.map((clip) => ctx.audit(operator, 'clip.labelled', `clip:${clip.id}`, { before: clip.label ?? null, after: label })));
      await ctx.docks.refreshSessionsContaining(request.ids);
      ctx.events.emit('clips.changed', { ids: request.ids });
      return { updated: after.length };
    },

    'clips.overdue': async () => {
      const now = ctx.ports.clock.now();
      const hours = ctx.settings().labelOverdueHours;
      return catalogue.query({ unlabelledOnly: true, limit: 1000 }).items.filter((clip) => isOverdueForLabel(clip, now, hours));
    },

    'player.open': async (request, call) => {
      const operator = requireOperator(call);
      const clip = getClip(request.id);
      const { ticket, expiresAt } = services.tickets.issue(clip.id, operator, ctx.ports.clock.now().getTime());
      await ctx.audit(operator, 'clip.viewed', `clip:${clip.id}`, { detail: { via: call.via, expiresAt: new Date(expiresAt).toISOString() } });
      return { ticket, expiresAt: new Date(expiresAt).toISOString() };
    },

    'settings.get': async () => ctx.settings(),

    'settings.update': async (request, call) => {
      const operator = requireOperator(call);
      const before = ctx.settings();
      const next: AgencySettings = { ...before, ...stripUndefined(request) };
      if (!compileCaseNumberPattern(next.caseNumberPattern))
        throw new StationError('SETTING_INVALID', 'the case number pattern is not a valid regular expression', { setting: 'caseNumberPattern' });
      await services.saveSettings(next);
      await ctx.audit(operator, 'settings.updated', 'settings', { before, after: next });
      return next;
    },

    'audit.verify': async (_request, call) => {
      const result = await ctx.ports.auditLog.verify();
      await ctx.audit(call.operator ?? 'station', 'audit.verified', 'audit', { detail: result });
      return result;
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
