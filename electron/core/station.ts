/**
 * createStation(ports): the whole station as plain Node, no Electron. Hosts (Electron main, the loopback
 * web host, the CLI) call `execute` with a contract command and forward `events` to their front ends.
 */
import { commands, type CallResult, type CommandName, type ErrorPayload } from '../contract/index.js';
import { createHandlers, OPEN_COMMANDS, type CallContext, type CommandHandlers } from './commands/handlers.js';
import { createAccessHandlers } from './access/access-commands.js';
import { StationAccess } from './access/station-access.js';
import { commandAction } from './access/command-permissions.js';
import { assertCan } from './access/permissions.js';
import type { Clip } from './domain/clip.js';
import type { DockArrival, DockSession } from './domain/dock.js';
import { ArchiveError } from './archive/errors.js';
import { StationError } from './domain/errors.js';
import { CameraCleanupStep } from './camera-cleanup/camera-cleanup-step.js';
import type { AgencySettings } from './domain/settings.js';
import { DockRegistry } from './dock/dock-registry.js';
import { StationEvents } from './events.js';
import { createFixity } from './fixity/fixity-commands.js';
import type { FixityService } from './fixity/fixity-service.js';
import { createIngestJobHandler, describe } from './ingest/ingest-jobs.js';
import { JobRunner } from './pipeline/job-runner.js';
import { ViewTickets } from './player/view-tickets.js';
import type { StationContext, StationPorts } from './station-context.js';

export interface StationOptions {
  version: string;
  dataDir: string;
  watchRoots: string[];
  /** Cameras copied at once; more docks wait their turn rather than thrash the disks. */
  copyConcurrency?: number;
  log?: (message: string) => void;
}

export interface MediaAccess {
  clip: Clip;
  path: string;
  operator: string;
}

export interface Station {
  readonly events: StationEvents;
  execute<C extends CommandName>(command: C, rawRequest: unknown, call: CallContext): Promise<CallResult<C>>;
  /**
   * Starts a dock session for a mounted camera root; resolves with its id once started. `arrival`
   * carries what the device layer learnt from the camera itself (issue B).
   */
  dockFolder(path: string, operator: string, arrival?: DockArrival): Promise<string>;
  /** Resolves when the dock's ingest has finished (done, interrupted or failed). */
  whenDocked(sessionId: string): Promise<DockSession>;
  /**
   * Resolves a streaming ticket to the vault file, or undefined when unknown, expired, or no longer
   * allowed: the login session and the grant are re-checked on EVERY request (a refusal is audited once per ticket).
   */
  openMedia(ticket: string): MediaAccess | undefined;
  /** Issue F: whether a thumbnail (a frame of the footage) may be served: someone signed in now may see the clip. */
  thumbnailAllowed(clipId: string): boolean;
  /** Issue F: accounts, sessions, grants and the checks made with them (for features attached by the composition root). */
  readonly access: StationAccess;
  /**
   * Handlers the composition root adds once the services built after the station exist (the archive's
   * eight commands). They run behind the same request parsing and operator check as the station's own.
   */
  attachHandlers(extra: Partial<CommandHandlers>): void;
  /** What features attached by the composition root share with the station's own handlers (ports, settings, audit). */
  readonly context: StationContext;
  /** The vault's fixity check (issue C), for the host's schedule timer and one-shot commands; undefined without fixity ports. */
  readonly fixity: FixityService | undefined;
  thumbnailPath(clipId: string): string;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function createStation(ports: StationPorts, options: StationOptions): Promise<Station> {
  const log = options.log ?? (() => undefined);
  const events = new StationEvents();
  const docks = new DockRegistry();
  const tickets = new ViewTickets();
  const waiting = new Map<string, Promise<DockSession>>();

  await ports.catalogue.open();
  await ports.auditLog.open();
  let settings: AgencySettings = await ports.settings.load();

  const audit: StationContext['audit'] = (actor, action, target, extra) => ports.auditLog.append({ actor, action, target, ...extra });
  const access = new StationAccess(ports.access, () => settings, ports.clock, audit);
  await access.open();
  const ctx: StationContext = {
    ports,
    events,
    docks,
    settings: () => settings,
    audit,
    departmentOf: (camera) => access.departmentFor(camera),
  };
  docks.bind(ctx);
  await docks.recoverAfterRestart();
  await ctx.audit('station', 'station.started', 'station', { detail: { version: options.version } });

  const runner = new JobRunner(createIngestJobHandler(ctx), (id) => docks.fileCount(id), {
    copyConcurrency: options.copyConcurrency ?? 3,
    mediaConcurrency: 1,
    onUnexpectedError: (job, error) => {
      log(`job ${job.name} failed unexpectedly: ${describe(error)}`);
      events.emit('station.notice', { level: 'error', code: 'INTERNAL', params: { job: job.name, message: describe(error) } });
    },
  });

  const cameraCleanup = new CameraCleanupStep(ctx, log);
  const dockFolder = async (path: string, operator: string, arrival?: DockArrival): Promise<string> => {
    const dock = await docks.start(path, operator, arrival);
    waiting.set(dock.session.id, cameraCleanup.after(dock));
    runner.enqueue({ name: 'dock.scan', sessionId: dock.session.id });
    return dock.session.id;
  };

  const fixity = createFixity(ctx, ports.fixity, log);
  const handlers: Partial<CommandHandlers> = {
    ...createHandlers(ctx, {
      version: options.version,
      dataDir: options.dataDir,
      watchRoots: options.watchRoots,
      tickets,
      access,
      dockFolder,
      saveSettings: async (next) => {
        await ports.settings.save(next);
        settings = next;
      },
    }),
    ...fixity.handlers,
    ...createAccessHandlers(ctx, access, tickets),
  };

  async function execute<C extends CommandName>(command: C, rawRequest: unknown, call: CallContext): Promise<CallResult<C>> {
    const parsed = commands[command].request.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_REQUEST', message: parsed.error.message, params: { command }, fields: zodFields(parsed.error.issues) } };
    }
    try {
      // Issue F: a live, unlocked session (or an in-process actor) before any other command runs.
      if (!OPEN_COMMANDS.has(command)) {
        const actor = access.authenticate(call);
        const action = commandAction(command);
        if (action) assertCan(actor, action);
      }
      const handler = handlers[command] as ((request: unknown, call: CallContext) => Promise<CallResult<C> extends { ok: true; value: infer V } ? V : never>) | undefined;
      if (!handler) throw new StationError('INTERNAL', `${command} is not available on this station`, { command, message: `${command} is not available on this station` });
      return { ok: true, value: await handler(parsed.data, call) };
    } catch (error) {
      // Refusals by the access rules are audited here, once, whoever threw them.
      if (error instanceof StationError && ACCESS_REFUSALS.has(error.code)) await access.auditRefusal(call, command, error).catch((auditError: unknown) => log(`could not audit a refusal: ${describe(auditError)}`));
      return { ok: false, error: toErrorPayload(error, log) };
    }
  }

  return {
    events,
    execute,
    dockFolder,
    context: ctx,
    attachHandlers: (extra) => {
      for (const [name, handler] of Object.entries(extra)) if (handler) (handlers as Record<string, unknown>)[name] = handler;
    },
    whenDocked: async (sessionId) => {
      const pending = waiting.get(sessionId);
      if (pending) return pending;
      const stored = docks.get(sessionId);
      if (!stored) throw new StationError('SESSION_NOT_FOUND', `no dock session ${sessionId}`, { sessionId });
      return stored;
    },
    openMedia: (ticket) => {
      const found = tickets.resolve(ticket, ports.clock.now().getTime()) ?? tickets.peek(ticket);
      if (!found) return undefined;
      const clip = ports.catalogue.get(found.clipId);
      if (!clip) return undefined;
      const expired = found.expiresAt < ports.clock.now().getTime();
      const check = found.binding ? access.mediaAllowed(found.binding, clip) : ({ ok: false, reason: 'grant' } as const);
      if (expired || !check.ok) {
        if (!found.refusalAudited) {
          found.refusalAudited = true;
          const reason = expired ? 'ticket-expired' : check.ok ? 'ticket-expired' : check.reason;
          void audit(found.operator, 'clip.stream-refused', `clip:${clip.id}`, { detail: { reason, grantId: found.binding?.grantId ?? null, sessionId: found.binding?.sessionId ?? null } }).catch((error: unknown) => log(`could not audit a refused stream: ${describe(error)}`));
        }
        return undefined;
      }
      return { clip, path: ports.vault.pathOf(clip.id), operator: found.operator };
    },
    thumbnailAllowed: (clipId) => {
      const clip = ports.catalogue.get(clipId);
      return clip !== undefined && access.anyoneSignedInMaySee(clip);
    },
    access,
    thumbnailPath: (clipId) => ports.derived.thumbnailPath(clipId),
    fixity: fixity.service,
    idle: () => runner.idle(),
    close: async () => {
      await fixity.service?.close();
      await runner.idle();
      await cameraCleanup.idle();
      await ctx.audit('station', 'station.stopped', 'station');
      await ports.catalogue.close();
      await ports.auditLog.close();
    },
  };
}

/**
 * Refusals Station.execute audits as access.refused: the rules' own, and asking for a clip, case or
 * grant that does not exist (a forged or mistyped id is worth a record too).
 */
const ACCESS_REFUSALS: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'SESSION_LOCKED', 'GRANT_REQUIRED', 'GRANT_NOT_FOUND', 'GRANT_INVALID', 'CLIP_NOT_FOUND', 'CASE_NOT_FOUND']);

function zodFields(issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[]): ErrorPayload['fields'] {
  const fields: NonNullable<ErrorPayload['fields']> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= { code: issue.message === 'CONTROL_CHARS' ? 'CONTROL_CHARS' : issue.code.toUpperCase(), params: {} };
  }
  return fields;
}

function toErrorPayload(error: unknown, log: (message: string) => void): ErrorPayload {
  if (error instanceof StationError) {
    return { code: error.code, message: error.message, params: error.params, ...(error.fields ? { fields: error.fields } : {}) };
  }
  if (error instanceof ArchiveError) return { code: error.code, message: error.message, params: error.params };
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'INTERNAL', message: describe(error), params: {} };
}
