/**
 * Who may talk to the loopback host: only a browser that was given the start URL with its random token.
 * The token is traded once for an HttpOnly cookie; every request and the WebSocket upgrade check it,
 * the Host header (against DNS rebinding) and, for the socket, the Origin (against other local pages).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../contract/wire.js';

export class HostAccess {
  readonly token = randomBytes(32).toString('base64url');
  private port = 0;

  setPort(port: number): void {
    this.port = port;
  }

  allowedHosts(): string[] {
    return [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
  }

  isAllowedHost(request: IncomingMessage): boolean {
    return this.allowedHosts().includes(request.headers.host ?? '');
  }

  isAllowedOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin !== undefined && this.allowedHosts().some((host) => origin === `http://${host}`);
  }

  tokenMatches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  hasSession(request: IncomingMessage): boolean {
    return this.tokenMatches(readCookie(request.headers.cookie, SESSION_COOKIE));
  }

  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
