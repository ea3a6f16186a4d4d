/**
 * Serves the built renderer (dist/renderer) under the app's own scheme. A plain
 * Request -> Response function with no Electron import, so it is tested on temp folders and
 * protocol.handle only wires it up. Reads stay inside the renderer folder; there are no listings.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST } from './app-origin.js';
import { APP_CONTENT_SECURITY_POLICY } from './content-security-policy.js';

const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/**
 * The file a request names, or undefined when it would leave the renderer folder. A path without
 * an extension is a client-side route and gets index.html, so reloading any screen works.
 */
export function rendererFileFor(rendererDir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded.replace(/^\/+/, '');
  const wanted = relative === '' || path.extname(relative) === '' ? 'index.html' : relative;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, wanted);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'not found');
    const file = rendererFileFor(rendererDir, url.pathname);
    if (!file) return plain(404, 'not found');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return plain(404, 'not found');
    const headers = {
      'Content-Type': ASSET_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      // The page is rebuilt with every release; hashed assets may be cached, index.html may not.
      'Cache-Control': path.basename(file) === 'index.html' ? 'no-store' : 'private, max-age=3600',
      ...SECURITY_HEADERS,
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await readFile(file), { status: 200, headers });
  };
}
