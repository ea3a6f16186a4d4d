/** Messages of the loopback WebSocket transport. The Electron IPC carries the same call/result pair. */
import { z } from 'zod';

export const ClientMessage = z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), command: z.string().max(64), payload: z.unknown() });
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown };

/** Cookie the web host sets after the token in the start URL is presented once. */
export const SESSION_COOKIE = 'es_session';
export const IPC_CALL_CHANNEL = 'station:call';
export const IPC_EVENT_CHANNEL = 'station:event';
