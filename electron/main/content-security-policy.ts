/**
 * The Content-Security-Policy of the app's pages in Electron. Scripts only from the app itself (no
 * inline, no eval); footage and thumbnails only through the media protocol; nothing remote at all.
 * Styles allow 'unsafe-inline' to match the loopback web host's policy, so the renderer behaves the
 * same under both hosts; with scripts locked down an injected style cannot run code.
 */
import { MEDIA_PROTOCOL } from '../contract/front-end-api.js';
import { isSameAppOrigin } from './guards.js';

export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${MEDIA_PROTOCOL}:`,
  `media-src 'self' blob: ${MEDIA_PROTOCOL}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Response headers as webRequest.onHeadersReceived hands them over. */
export type ResponseHeaders = Record<string, string[]>;

/**
 * Headers for a response, with our CSP replacing any the response carried (header names compare
 * case-insensitively; a second, looser policy would otherwise be enforced alongside). Responses
 * from other origins are returned untouched: they are blocked elsewhere, not reshaped here.
 */
export function withAppContentSecurityPolicy(url: string, headers: ResponseHeaders | undefined, appOrigin: string): ResponseHeaders {
  const result: ResponseHeaders = { ...headers };
  if (!isSameAppOrigin(url, appOrigin)) return result;
  for (const name of Object.keys(result)) if (name.toLowerCase() === 'content-security-policy') delete result[name];
  result['Content-Security-Policy'] = [APP_CONTENT_SECURITY_POLICY];
  return result;
}
