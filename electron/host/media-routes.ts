/**
 * Footage and thumbnails over HTTP. Footage needs a ticket from the audited `player.open`; Range
 * requests let the <video> element seek without loading whole files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEB_MEDIA_PATH, WEB_THUMB_PATH } from '../contract/front-end-api.js';
import { parseRangeHeader } from '../core/player/byte-range.js';
import { contentTypeFor } from '../core/player/media-type.js';
import type { Station } from '../core/station.js';

export async function serveMedia(station: Station, request: IncomingMessage, response: ServerResponse, urlPath: string): Promise<boolean> {
  if (urlPath.startsWith(WEB_MEDIA_PATH)) {
    const ticket = decodeURIComponent(urlPath.slice(WEB_MEDIA_PATH.length));
    const access = station.openMedia(ticket);
    if (!access) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('viewing ticket unknown or expired / 观看凭证无效或已过期');
      return true;
    }
    await streamFile(access.path, contentTypeFor(access.clip.kind, access.clip.originalName), request, response);
    return true;
  }
  if (urlPath.startsWith(WEB_THUMB_PATH)) {
    const match = /^([0-9a-f]{64})\.jpg$/.exec(urlPath.slice(WEB_THUMB_PATH.length));
    if (!match?.[1]) return false;
    // A thumbnail is a frame of the footage: only while someone signed in may see the clip (issue F).
    if (!station.thumbnailAllowed(match[1])) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not allowed / 无权查看');
      return true;
    }
    await streamFile(station.thumbnailPath(match[1]), 'image/jpeg', request, response);
    return true;
  }
  return false;
}

async function streamFile(file: string, contentType: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    response.writeHead(404).end();
    return;
  }
  const range = parseRangeHeader(request.headers.range, info.size);
  const common = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' };
  if (range.kind === 'unsatisfiable') {
    response.writeHead(416, { ...common, 'Content-Range': `bytes */${info.size}` }).end();
    return;
  }
  if (range.kind === 'partial') {
    response.writeHead(206, { ...common, 'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`, 'Content-Length': range.end - range.start + 1 });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file, { start: range.start, end: range.end }).pipe(response);
    return;
  }
  response.writeHead(200, { ...common, 'Content-Length': info.size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file).pipe(response);
}
