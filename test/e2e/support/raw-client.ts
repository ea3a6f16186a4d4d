/**
 * A client that talks to the loopback host without the renderer (issue F bad-input tests): it holds the
 * host cookie (taken from the browser context, as another program on the machine could not) and sends
 * contract calls directly, so the station's own checks - not the UI - are what is tested.
 */
import type { BrowserContext } from 'playwright-core';
import WebSocket from 'ws';

export interface RawClient {
  call(command: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; params?: Record<string, unknown> } }>;
  get(path: string, headers?: Record<string, string>): Promise<number>;
  close(): void;
}

export async function rawClient(baseUrl: string, context: BrowserContext, withCookie = true): Promise<RawClient> {
  const origin = new URL(baseUrl).origin;
  const cookies = withCookie ? (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ') : '';
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { headers: { origin, ...(cookies ? { cookie: cookies } : {}) } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`socket refused ${res.statusCode}`)));
    socket.once('error', reject);
  });
  let next = 0;
  return {
    call: (command, payload) =>
      new Promise((resolve) => {
        const id = ++next;
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: never };
          if (message.type !== 'result' || message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message.result as never);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ type: 'call', id, command, payload }));
      }),
    get: async (path, headers = {}) => (await fetch(`${origin}${path}`, { headers: { ...(cookies ? { cookie: cookies } : {}), ...headers } })).status,
    close: () => socket.close(),
  };
}
