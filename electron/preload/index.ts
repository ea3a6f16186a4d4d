/**
 * The preload: exposes exactly `FrontEndApi` as `window.evidenceStation`, one function per contract
 * command and `on()` for the contract's events only. The page never sees ipcRenderer, Electron's
 * event objects or any channel name, so a compromised page can do nothing a button could not.
 *
 * Sandboxed preloads cannot load modules: build/build.mjs bundles this file (and the contract it
 * imports) into dist/preload/index.cjs with only `electron` left external.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { MEDIA_PROTOCOL, type CommandFunctions, type FrontEndApi } from '../contract/front-end-api.js';
import { commandNames, isEventName, type CallResult, type CommandName, type CommandRequest, type EventName, type EventPayload } from '../contract/index.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/wire.js';

function commandFunction<C extends CommandName>(command: C): (request: CommandRequest<C>) => Promise<CallResult<C>> {
  // The main process checks the sender and parses `request` against the contract; nothing is trusted here.
  return (request) => ipcRenderer.invoke(IPC_CALL_CHANNEL, command, request) as Promise<CallResult<C>>;
}

const commandFunctions = Object.freeze(Object.fromEntries(commandNames.map((command) => [command, commandFunction(command)])) as CommandFunctions);

type PayloadListener = (payload: unknown) => void;

/**
 * One IPC listener for all events, fanning out to the page's listeners. Each subscription stores
 * its own wrapper, so subscribing the same function twice gives two independent unsubscribes.
 */
const listeners = new Map<EventName, Set<PayloadListener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null || !('event' in message) || !isEventName(message.event)) return;
  const payload = 'payload' in message ? message.payload : undefined;
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      // One broken screen must not stop the others hearing about a dock.
      console.error(`evidenceStation: a listener for ${message.event} failed`, error);
    }
  }
});

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!isEventName(event)) throw new Error(`evidenceStation.on: unknown event ${String(event)}`);
  if (typeof listener !== 'function') throw new TypeError('evidenceStation.on: the listener must be a function');
  // The renderer's bridge parses payloads against the contract; the cast only names what it expects.
  const wrapper: PayloadListener = (payload) => listener(payload as EventPayload<E>);
  const set = listeners.get(event) ?? new Set<PayloadListener>();
  set.add(wrapper);
  listeners.set(event, set);
  return () => {
    set.delete(wrapper);
  };
}

const api: FrontEndApi = {
  commands: commandFunctions,
  on,
  mediaUrl: (ticket) => `${MEDIA_PROTOCOL}://ticket/${encodeURIComponent(ticket)}`,
  // Clip ids are lower-case hex; encoding changes nothing for them and keeps anything else inert.
  thumbnailUrl: (clipId) => `${MEDIA_PROTOCOL}://thumb/${encodeURIComponent(clipId)}`,
};

contextBridge.exposeInMainWorld('evidenceStation', api);
