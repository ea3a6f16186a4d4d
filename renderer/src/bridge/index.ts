/**
 * THE ONLY module of the renderer that touches the host: Electron's preload (`window.evidenceStation`)
 * or the loopback web host's WebSocket. With `?fake=1` in the page URL (and no preload) it runs
 * against the in-memory fake station instead. Whatever carries it, every result and event is checked
 * against the contract's schemas (validated-api.ts) before a screen sees it.
 */
import { z } from 'zod';
import { WEB_MEDIA_PATH, WEB_SOCKET_PATH, WEB_THUMB_PATH } from '../../../electron/contract/front-end-api.js';
import { transportFromFrontEndApi } from './electron-transport.js';
import type { StationConnection } from './types.js';
import { createValidatedApi } from './validated-api.js';
import { WebTransport, type SocketFactory } from './web-transport.js';

export type { ConnectionState, ConnectionStatus, StationConnection, StationKind } from './types.js';

// zod compiles object parsers with `new Function` unless told not to; the page's CSP forbids eval.
z.config({ jitless: true });

const SHA256 = /^[0-9a-f]{64}$/;

const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onclose = (event) => handlers.onClose(event.code, event.reason);
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  return { send: (data) => socket.send(data), close: () => socket.close() };
};

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEB_SOCKET_PATH}`;
}

export function wantsFakeStation(search: string): boolean {
  return new URLSearchParams(search).get('fake') === '1';
}

export async function connectStation(): Promise<StationConnection> {
  const preload = window.evidenceStation;
  if (preload) return createValidatedApi('electron', transportFromFrontEndApi(preload));

  if (wantsFakeStation(window.location.search)) {
    // Loaded on demand: the fake and its sample data are not part of what a real station runs.
    const { createFakeStation } = await import('./fake-station.js');
    const params = new URLSearchParams(window.location.search);
    const speed = Number(params.get('fakeSpeed') ?? '1');
    // fakeAutoDock=0: no emulated camera docks itself after sign-in (screens that count files want a still station).
    const autoDock = params.get('fakeAutoDock') !== '0';
    const fake = createFakeStation({ speed: Number.isFinite(speed) && speed > 0 ? speed : 1, autoDock });
    return createValidatedApi('fake', transportFromFrontEndApi(fake));
  }

  const transport = new WebTransport({
    url: webSocketUrl(window.location),
    createSocket: browserSocket,
    mediaUrl: (ticket) => `${WEB_MEDIA_PATH}${encodeURIComponent(ticket)}`,
    thumbnailUrl: (clipId) => (SHA256.test(clipId) ? `${WEB_THUMB_PATH}${clipId}.jpg` : ''),
  });
  window.addEventListener('pagehide', () => transport.dispose());
  return createValidatedApi('web', transport);
}
