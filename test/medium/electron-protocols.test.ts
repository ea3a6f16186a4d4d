/**
 * Electron main's two protocol handlers, driven with real files in a temp folder and web
 * Request objects, exactly as protocol.handle would call them (no Electron needed).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../electron/core/domain/clip.js';
import type { MediaAccess } from '../../electron/core/station.js';
import { APP_START_URL } from '../../electron/main/app-origin.js';
import { createAppRequestHandler, rendererFileFor } from '../../electron/main/app-protocol.js';
import { APP_CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.js';
import { respondToMediaRequest, type MediaSource } from '../../electron/main/media-protocol.js';

const CLIP_ID = 'a'.repeat(64);
const TICKET = 'tk_Valid-Ticket';
const FOOTAGE = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 256));

let dir: string;
let source: MediaSource;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'es-protocols-'));
  await writeFile(path.join(dir, 'vault-file'), FOOTAGE);
  await mkdir(path.join(dir, 'thumbs'));
  await writeFile(path.join(dir, 'thumbs', `${CLIP_ID}.jpg`), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>es</title>');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');

  const clip = { id: CLIP_ID, kind: 'video', originalName: 'A001.MP4' } as Clip;
  source = {
    openMedia: (ticket): MediaAccess | undefined => (ticket === TICKET ? { clip, path: path.join(dir, 'vault-file'), operator: '张三(012345)' } : undefined),
    thumbnailPath: (clipId) => path.join(dir, 'thumbs', `${clipId}.jpg`),
    // Issue F: someone signed in may see these two clips; any other clip's frame is refused.
    thumbnailAllowed: (clipId) => clipId === CLIP_ID || clipId === 'b'.repeat(64),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const media = (url: string, init?: RequestInit) => respondToMediaRequest(new Request(url, init), source);
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('evidence-media://ticket/<ticket>', () => {
  it('streams the whole vault file with its content type when no range is asked', async () => {
    const response = await media(`evidence-media://ticket/${TICKET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect((await bytes(response)).equals(FOOTAGE)).toBe(true);
  });

  it('answers a range with 206, Content-Range and exactly those bytes', async () => {
    const response = await media(`evidence-media://ticket/${TICKET}`, { headers: { Range: 'bytes=100-199' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(response.headers.get('content-length')).toBe('100');
    expect((await bytes(response)).equals(FOOTAGE.subarray(100, 200))).toBe(true);
  });

  it('answers an open-ended and a suffix range', async () => {
    const tail = await media(`evidence-media://ticket/${TICKET}`, { headers: { Range: 'bytes=990-' } });
    expect(tail.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect((await bytes(tail)).equals(FOOTAGE.subarray(990))).toBe(true);
    const suffix = await media(`evidence-media://ticket/${TICKET}`, { headers: { Range: 'bytes=-10' } });
    expect((await bytes(suffix)).equals(FOOTAGE.subarray(990))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const response = await media(`evidence-media://ticket/${TICKET}`, { headers: { Range: 'bytes=5000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD with the headers only', async () => {
    const response = await media(`evidence-media://ticket/${TICKET}`, { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect((await bytes(response)).length).toBe(0);
  });

  it('refuses unknown, expired or empty tickets with 403', async () => {
    expect((await media('evidence-media://ticket/not-issued')).status).toBe(403);
    expect((await media('evidence-media://ticket/')).status).toBe(403);
    expect((await media('evidence-media://ticket/%E0%A4%A')).status).toBe(400);
  });

  it('refuses other methods and unknown hosts', async () => {
    expect((await media(`evidence-media://ticket/${TICKET}`, { method: 'POST' })).status).toBe(405);
    expect((await media(`evidence-media://vault/${CLIP_ID}`)).status).toBe(404);
  });
});

describe('evidence-media://thumb/<clipId>', () => {
  it('serves the thumbnail JPEG of a clip id', async () => {
    const response = await media(`evidence-media://thumb/${CLIP_ID}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect((await bytes(response)).length).toBe(4);
  });

  it('accepts nothing but a 64-hex id, so no path can be smuggled in', async () => {
    for (const name of ['../secret.txt', '..%2Fsecret.txt', 'A'.repeat(64), `${CLIP_ID}.jpg`, 'abc']) {
      expect((await media(`evidence-media://thumb/${name}`)).status).toBe(404);
    }
  });

  it('refuses the thumbnail of a clip nobody signed in may see (issue F)', async () => {
    expect((await media(`evidence-media://thumb/${'c'.repeat(64)}`)).status).toBe(403);
  });

  it('answers 404 for a clip without a thumbnail', async () => {
    expect((await media(`evidence-media://thumb/${'b'.repeat(64)}`)).status).toBe(404);
  });
});

describe('evidence-app://station/', () => {
  const app = () => createAppRequestHandler(path.join(dir, 'renderer'));

  it('serves index.html with the CSP and no caching', async () => {
    const response = await app()(new Request(APP_START_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('<title>es</title>');
  });

  it('serves assets with their types, and client-side routes as index.html', async () => {
    const script = await app()(new Request('evidence-app://station/assets/app-1234.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const route = await app()(new Request('evidence-app://station/catalogue/search'));
    expect(await route.text()).toContain('<title>es</title>');
  });

  it('never reads outside the renderer folder', async () => {
    expect(rendererFileFor(path.join(dir, 'renderer'), '/../secret.txt')).toBeUndefined();
    expect(rendererFileFor(path.join(dir, 'renderer'), '/..%2Fsecret.txt')).toBeUndefined();
    expect(rendererFileFor(path.join(dir, 'renderer'), '/%00.js')).toBeUndefined();
    expect((await app()(new Request('evidence-app://station/..%2Fsecret.txt'))).status).toBe(404);
    expect((await app()(new Request('evidence-app://station/missing.js'))).status).toBe(404);
    expect((await app()(new Request('evidence-app://elsewhere/index.html'))).status).toBe(404);
  });
});
