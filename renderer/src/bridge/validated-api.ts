/**
 * The contract's schemas applied to everything that comes up from the station: a result that does
 * not match its command's response schema, or an event that does not match its event schema, becomes
 * an error value (INVALID_RESPONSE) or a local notice (INVALID_EVENT), never a crash of the screen.
 */
import { z } from 'zod';
import {
  commandNames,
  commands as contractCommands,
  events as contractEvents,
  schemas,
  type CallResult,
  type CommandName,
  type CommandRequest,
  type ErrorPayload,
  type EventName,
  type EventPayload,
} from '../../../electron/contract/index.js';
import type { CommandFunctions } from '../../../electron/contract/front-end-api.js';
import type { RawTransport, StationConnection, StationKind } from './types.js';

const Envelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: schemas.ErrorPayload }),
]);

/** An error made on this side of the wire (lost link, bad data): same shape as the station's. */
export function clientError(code: string, params: Record<string, string | number> = {}, message = code): ErrorPayload {
  return { code, message, params };
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const where = first.path.map(String).join('.') || '(root)';
  return `${where}: ${first.message}`.slice(0, 200);
}

export function validateResult<C extends CommandName>(command: C, raw: unknown): CallResult<C> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return { ok: false, error: clientError('INVALID_RESPONSE', { command, detail: describeIssues(envelope.error) }) };
  if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
  const parsed = contractCommands[command].response.safeParse(envelope.data.value);
  if (!parsed.success) return { ok: false, error: clientError('INVALID_RESPONSE', { command, detail: describeIssues(parsed.error) }) };
  // The schema for C produced it; TypeScript cannot follow the indexed access through the union.
  return { ok: true, value: parsed.data } as CallResult<C>;
}

export type InvalidEventHandler = (event: EventName, detail: string) => void;

export function validateEvent<E extends EventName>(event: E, raw: unknown): { ok: true; payload: EventPayload<E> } | { ok: false; detail: string } {
  const parsed = contractEvents[event].safeParse(raw);
  if (!parsed.success) return { ok: false, detail: describeIssues(parsed.error) };
  return { ok: true, payload: parsed.data as EventPayload<E> };
}

export function createValidatedApi(kind: StationKind, transport: RawTransport): StationConnection {
  const invalidEventListeners = new Set<(payload: EventPayload<'station.notice'>) => void>();

  const call = async <C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CallResult<C>> => {
    let raw: unknown;
    try {
      raw = await transport.call(command, request);
    } catch (error) {
      return { ok: false, error: clientError('CONNECTION_LOST', { command }, error instanceof Error ? error.message : String(error)) };
    }
    return validateResult(command, raw);
  };

  const bind = <C extends CommandName>(command: C) => (request: CommandRequest<C>) => call(command, request);
  // One function per contract command, built from the contract's own list of names.
  const commandFunctions = Object.fromEntries(commandNames.map((name) => [name, bind(name)])) as CommandFunctions;

  const on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (() => void) => {
    const offRaw = transport.subscribe(event, (raw) => {
      const checked = validateEvent(event, raw);
      if (checked.ok) {
        listener(checked.payload);
        return;
      }
      const notice: EventPayload<'station.notice'> = { level: 'warning', code: 'INVALID_EVENT', params: { event, detail: checked.detail } };
      for (const report of invalidEventListeners) report(notice);
    });
    let offLocal: () => void = () => undefined;
    if (event === 'station.notice') {
      const local = listener as (payload: EventPayload<'station.notice'>) => void;
      invalidEventListeners.add(local);
      offLocal = () => void invalidEventListeners.delete(local);
    }
    return () => {
      offRaw();
      offLocal();
    };
  };

  return {
    kind,
    connection: transport.connection,
    commands: commandFunctions,
    on,
    mediaUrl: (ticket) => transport.mediaUrl(ticket),
    thumbnailUrl: (clipId) => transport.thumbnailUrl(clipId),
  };
}
