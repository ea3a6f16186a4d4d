/**
 * The media protocol: `evidence-media://ticket/<ticket>` streams one vault file to a player and
 * `evidence-media://thumb/<clipId>` serves its thumbnail. Every footage request is checked against
 * the station's short-lived ticket (issued only by the audited `player.open`), so an address copied
 * out of the page stops working when the ticket expires.
 *
 * A plain Request -> Response function with no Electron import: protocol.handle wires it up and
 * test/medium/electron-media-protocol.test.ts drives it on temp files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { contentRangeHeader, parseRangeHeader } from '../core/player/byte-range.js';
import { contentTypeFor } from '../core/player/media-type.js';
import type { Station } from '../core/station.js';
import { APP_ORIGIN } from './app-origin.js';

/** The two things the protocol needs from the station. */
export type MediaSource = Pick<Station, 'openMedia' | 'thumbnailPath' | 'thumbnailAllowed'>;

const CLIP_ID = /^[0-9a-f]{64}$/;

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // Footage must not linger in Chromium's disk cache after the ticket expires.
  'Cache-Control': 'private, no-store',
  // Lets the app page fetch() a ticket URL if it ever needs to; no other origin may read footage.
  'Access-Control-Allow-Origin': APP_ORIGIN,
};

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...COMMON_HEADERS } });
}

export async function respondToMediaRequest(request: Request, source: MediaSource): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
  const url = new URL(request.url);
  const name = url.pathname.replace(/^\/+/, '');

  if (url.host === 'ticket') {
    let ticket: string;
    try {
      ticket = decodeURIComponent(name);
    } catch {
      return refuse(400, 'malformed ticket');
    }
    const access = ticket === '' ? undefined : source.openMedia(ticket);
    if (!access) return refuse(403, 'viewing ticket unknown or expired / 观看凭证无效或已过期');
    return streamFile(access.path, contentTypeFor(access.clip.kind, access.clip.originalName), request);
  }

  if (url.host === 'thumb') {
    // Only a content hash can name a thumbnail: nothing from the page ever becomes a path.
    if (!CLIP_ID.test(name)) return refuse(404, 'not found');
    // A thumbnail is a frame of the footage: only while someone signed in may see the clip (issue F).
    if (!source.thumbnailAllowed(name)) return refuse(403, 'not allowed / 无权查看');
    return streamFile(source.thumbnailPath(name), 'image/jpeg', request);
  }

  return refuse(404, 'not found');
}

async function streamFile(file: string, contentType: string, request: Request): Promise<Response> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return refuse(404, 'not found');
  const size = info.size;
  const range = parseRangeHeader(request.headers.get('range'), size);
  const headers: Record<string, string> = { ...COMMON_HEADERS, 'Content-Type': contentType, 'Accept-Ranges': 'bytes' };
  const contentRange = contentRangeHeader(range, size);
  if (contentRange !== undefined) headers['Content-Range'] = contentRange;

  if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers });

  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  const status = range.kind === 'partial' ? 206 : 200;
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
  // Streamed, never buffered: clips run to gigabytes.
  const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}
