/**
 * The loopback web host: the built renderer plus the contract over a WebSocket, on 127.0.0.1 only.
 * It is how the station runs where Electron cannot (these machines), and what the e2e tests drive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { WEB_SOCKET_PATH } from '../contract/front-end-api.js';
import type { Station } from '../core/station.js';
import { HostAccess } from './access.js';
import { serveMedia } from './media-routes.js';
import { bridgeSockets } from './socket-bridge.js';
import { serveStatic } from './static-files.js';

export interface WebHostOptions {
  station: Station;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (message: string) => void;
}

export interface WebHost {
  /** The start URL, carrying the access token; give it only to the person at this station. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const NO_SESSION_PAGE = `<!doctype html><meta charset="utf-8"><title>Evidence Station</title>
<p>请使用工作站启动时打印的完整地址（含访问令牌）打开。</p><p>Open the full address (with its access token) that the station printed when it started.</p>`;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const access = new HostAccess();
  const log = options.log ?? (() => undefined);

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!access.isAllowedHost(request)) return void response.writeHead(421).end('wrong host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!access.tokenMatches(offered)) return void response.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' }).end(NO_SESSION_PAGE);
      // Trade the token for a cookie and drop it from the address bar and history.
      return void response.writeHead(303, { 'Set-Cookie': access.sessionCookie(), Location: '/' }).end();
    }
    if (!access.hasSession(request)) return void response.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' }).end(NO_SESSION_PAGE);
    if (await serveMedia(options.station, request, response, url.pathname)) return;
    if (await serveStatic(options.rendererDir, url.pathname, response)) return;
    response.writeHead(404).end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`web host request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const unbridge = bridgeSockets(options.station, sockets);
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== WEB_SOCKET_PATH || !access.isAllowedHost(request) || !access.isAllowedOrigin(request) || !access.hasSession(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  access.setPort(port);

  return {
    url: `http://127.0.0.1:${port}/?token=${access.token}`,
    port,
    close: async () => {
      unbridge();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
