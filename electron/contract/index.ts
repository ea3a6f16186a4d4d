/**
 * The one contract between the station and any front end (Electron IPC, loopback web host, CLI).
 * Commands go down with a parsed request; events come back up. Add a command here first.
 */
import { z } from 'zod';
import { accessCommands } from './access.js';
import { archiveCommands, archiveEvents } from './archive.js';
import { backupCommands, backupEvents } from './backup.js';
import { devicesCommands, devicesEvents } from './devices.js';
import { fixityCommands, fixityEvents } from './fixity.js';
import { supervisionCommands } from './supervision.js';
import * as s from './schemas.js';

const empty = z.object({}).strict();

export const commands = {
  /**
   * What the station is. Without a session only the minimum (version, agency name, whether the first
   * administrator is still to be created); the rest once signed in.
   */
  'station.info': {
    request: empty,
    response: z.object({
      version: z.string(),
      agencyName: z.string(),
      needsSetup: z.boolean(),
      badgeScanSuffices: z.boolean(),
      dataDir: z.string().optional(),
      watchRoots: z.array(z.string()).optional(),
      settings: s.AgencySettings.optional(),
      operator: z.string().optional(),
      clipCount: z.number().optional(),
    }),
  },
  'docks.list': { request: empty, response: z.array(s.DockSession) },
  /** Dock a mounted camera folder by hand (what the volume watcher does by itself). */
  'docks.ingestFolder': { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: z.object({ sessionId: z.string() }) },
  'docks.close': { request: z.object({ sessionId: z.string().max(100) }).strict(), response: s.DockSession },
  'docks.lateReason': {
    request: z.object({ sessionId: z.string().max(100), clipIds: z.array(s.Sha256).min(1).max(5000), reason: s.humanText(1000).pipe(z.string().min(2)) }).strict(),
    response: z.object({ updated: z.number() }),
  },
  'clips.query': { request: s.ClipQuery.strict(), response: z.object({ items: z.array(s.Clip), total: z.number() }) },
  'clips.get': { request: z.object({ id: s.Sha256 }).strict(), response: z.object({ clip: s.Clip, history: z.array(s.AuditRecord) }) },
  'clips.label': { request: z.object({ ids: z.array(s.Sha256).min(1).max(5000), label: s.LabelInput.strict() }).strict(), response: z.object({ updated: z.number() }) },
  'clips.overdue': { request: empty, response: z.array(s.Clip) },
  /** Opens a clip for viewing: audited, returns a short-lived ticket the host turns into a stream URL. */
  'player.open': { request: z.object({ id: s.Sha256 }).strict(), response: z.object({ ticket: z.string(), expiresAt: z.string(), grantId: z.string() }) },
  'settings.get': { request: empty, response: s.AgencySettings },
  'settings.update': { request: s.AgencySettings.partial().strict(), response: s.AgencySettings },
  'audit.verify': { request: empty, response: s.AuditVerification },
  ...fixityCommands,
  ...archiveCommands,
  ...accessCommands,
  ...supervisionCommands,
  ...backupCommands,
  ...devicesCommands,
} as const;

export const events = {
  'dock.updated': s.DockSession,
  'clips.changed': z.object({ ids: z.array(z.string()) }),
  'station.notice': z.object({ level: z.enum(['info', 'warning', 'error']), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  ...fixityEvents,
  ...archiveEvents,
  ...backupEvents,
  ...devicesEvents,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['request']>;
export type ParsedRequest<C extends CommandName> = z.output<Commands[C]['request']>;
export type CommandResponse<C extends CommandName> = z.output<Commands[C]['response']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type ErrorPayload = z.output<typeof s.ErrorPayload>;

export type CallResult<C extends CommandName> = { ok: true; value: CommandResponse<C> } | { ok: false; error: ErrorPayload };

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The surface every front end sees, whatever carries it (preload, WebSocket). */
export interface StationApi {
  call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CallResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export { s as schemas };
