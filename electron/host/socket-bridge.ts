/** The contract over a WebSocket: one CallContext per socket, station events pushed to every signed-in socket. */
import type { WebSocket, WebSocketServer } from 'ws';
import { isCommandName } from '../contract/index.js';
import { ClientMessage, type ServerMessage } from '../contract/wire.js';
import type { CallContext } from '../core/commands/handlers.js';
import type { Station } from '../core/station.js';

export function bridgeSockets(station: Station, server: WebSocketServer): () => void {
  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  const calls = new WeakMap<WebSocket, CallContext>();
  server.on('connection', (socket) => {
    const call: CallContext = { via: 'web' };
    calls.set(socket, call);
    socket.on('message', (data, isBinary) => {
      void (async () => {
        let raw: unknown;
        try {
          raw = JSON.parse(isBinary ? '' : data.toString());
        } catch {
          return socket.close(1003, 'not JSON');
        }
        const message = ClientMessage.safeParse(raw);
        if (!message.success) return socket.close(1003, 'not a call');
        const { id, command, payload } = message.data;
        if (!isCommandName(command)) {
          return send(socket, { type: 'result', id, result: { ok: false, error: { code: 'INVALID_REQUEST', message: `unknown command ${command}`, params: { command } } } });
        }
        send(socket, { type: 'result', id, result: await station.execute(command, payload, call) });
      })();
    });
  });

  return station.events.onAny((event, payload) => {
    // Issue F: station events (docks, clips, notices) only reach connections with someone signed in.
    for (const socket of server.clients) if (calls.get(socket)?.actor) send(socket, { type: 'event', event, payload });
  });
}
