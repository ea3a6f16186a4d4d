/** The Electron preload's FrontEndApi (or the in-memory fake) as a raw transport under the validation layer. */
import type { CommandName, EventName } from '../../../electron/contract/index.js';
import type { FrontEndApi } from '../../../electron/contract/front-end-api.js';
import { alwaysConnected, type ConnectionSource, type RawTransport } from './types.js';

export function transportFromFrontEndApi(api: FrontEndApi, connection: ConnectionSource = alwaysConnected()): RawTransport {
  // The preload object is frozen by contextBridge; its functions are looked up per call, never copied.
  const callable = api.commands as unknown as Record<CommandName, ((payload: unknown) => Promise<unknown>) | undefined>;
  return {
    connection,
    call: async (command, payload) => {
      const fn = callable[command];
      if (typeof fn !== 'function') return { ok: false, error: { code: 'INVALID_REQUEST', message: `the host does not offer ${command}`, params: { command } } };
      return fn(payload);
    },
    subscribe: (event: EventName, listener) => api.on(event, (payload: unknown) => listener(payload)),
    mediaUrl: (ticket) => api.mediaUrl(ticket),
    thumbnailUrl: (clipId) => api.thumbnailUrl(clipId),
  };
}
