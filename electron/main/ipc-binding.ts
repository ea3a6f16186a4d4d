/**
 * Binds the contract to Electron IPC. One handler for every command: it checks who is asking (the
 * top frame of one of the app's windows, showing the app's own page), that the command exists,
 * and hands the raw payload to `Station.execute`, which parses it against the contract's schema.
 * The signed-in session lives in one CallContext per window (issue F), so two windows are two people;
 * Station.execute checks it on every call, and events go only to windows with someone signed in.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isCommandName, type CallResult, type CommandName } from '../contract/index.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/wire.js';
import type { CallContext } from '../core/commands/handlers.js';
import type { Station } from '../core/station.js';
import { APP_ORIGIN } from './app-origin.js';
import { isTrustedSender } from './guards.js';

interface AppWindowState {
  contents: WebContents;
  call: CallContext;
}

export interface IpcBinding {
  /** Lets this window's page call commands and receive events. */
  attach(contents: WebContents): void;
  dispose(): void;
}

/** Stops a refused caller learning anything, and shows up in the main process log. */
class UntrustedSenderError extends Error {
  constructor() {
    super('refused: this frame is not the station window');
  }
}

export function bindStationToIpc(station: Promise<Station>, log: (message: string) => void): IpcBinding {
  const windows = new Map<number, AppWindowState>();

  const isFromAppWindow = (event: IpcMainInvokeEvent): AppWindowState | undefined => {
    const state = windows.get(event.sender.id);
    const frame = event.senderFrame;
    if (!state || !frame) return undefined;
    // Only the top frame: the CSP forbids frames, and an embedded frame must never act as the operator.
    const mainFrame = event.sender.mainFrame;
    if (frame.parent !== null || frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return undefined;
    return isTrustedSender(frame.url, APP_ORIGIN) ? state : undefined;
  };

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, command: unknown, payload: unknown): Promise<CallResult<CommandName>> => {
    const state = isFromAppWindow(event);
    if (!state) {
      log(`refused an IPC call from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      throw new UntrustedSenderError();
    }
    if (!isCommandName(command)) {
      const shown = typeof command === 'string' ? command.slice(0, 64) : typeof command;
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `no command ${shown}`, params: { command: shown } } };
    }
    return (await station).execute(command, payload, state.call);
  });

  let stopForwarding: (() => void) | undefined;
  let disposed = false;
  void station.then(
    (ready) => {
      if (disposed) return;
      stopForwarding = ready.events.onAny((event, payload) => {
        for (const { contents, call } of windows.values()) {
          // Events go only to windows still showing the app; a page elsewhere gets nothing.
          if (contents.isDestroyed() || !isTrustedSender(contents.getURL(), APP_ORIGIN)) continue;
          // Issue F: nobody signed in at this window, nothing to tell it.
          if (!call.actor) continue;
          contents.send(IPC_EVENT_CHANNEL, { event, payload });
        }
      });
    },
    // The opener reports the failure; here it only means there is nothing to forward.
    () => undefined,
  );

  return {
    attach(contents) {
      // Read now: a destroyed webContents throws on every property access.
      const id = contents.id;
      const state: AppWindowState = { contents, call: { via: 'ipc' } };
      windows.set(id, state);
      // A new document (reload, or a navigation inside the app) starts anonymous, like a new
      // socket to the web host: whoever is in front of it identifies again.
      contents.on('did-navigate', () => {
        state.call = { via: 'ipc' };
      });
      contents.once('destroyed', () => windows.delete(id));
    },
    dispose() {
      disposed = true;
      stopForwarding?.();
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
      windows.clear();
    },
  };
}
