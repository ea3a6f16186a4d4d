/**
 * What the renderer gets from its host. Electron's preload exposes exactly this object as
 * `window.evidenceStation` (one function per command, `on` for known events only); the web build
 * makes the same shape over a WebSocket. The renderer's bridge module is the only code that reads it.
 */
import type { CallResult, CommandName, CommandRequest, EventName, EventPayload } from './index.js';

export type CommandFunctions = { [C in CommandName]: (request: CommandRequest<C>) => Promise<CallResult<C>> };

export interface FrontEndApi {
  commands: CommandFunctions;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** URL the <video>/<img> element loads for a ticket from `player.open` (supports Range). */
  mediaUrl(ticket: string): string;
  thumbnailUrl(clipId: string): string;
}

/** The custom protocol Electron registers for footage and thumbnails. */
export const MEDIA_PROTOCOL = 'evidence-media';
/** Paths the loopback web host serves footage and thumbnails under (behind its session cookie). */
export const WEB_MEDIA_PATH = '/media/';
export const WEB_THUMB_PATH = '/thumbs/';
export const WEB_SOCKET_PATH = '/ws';

declare global {
  interface Window {
    evidenceStation?: FrontEndApi;
  }
}
