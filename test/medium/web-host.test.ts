/** The loopback web host on a real socket: token, cookie, host/origin checks, the contract, Range streaming. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStation, type Station } from '../../electron/core/station.js';
import { startWebHost, type WebHost } from '../../electron/host/web-host.js';
import { fakePorts } from '../fakes/ports.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, id: number, command: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (message.type === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message.result);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', id, command, payload }));
  });
}

describe('loopback web host', () => {
  let work: string;
  let station: Station;
  let host: WebHost;
  let base: string;
  let cookie: string;
  let ports: ReturnType<typeof fakePorts>;
  let vaultFile: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-host-'));
    await mkdir(path.join(work, 'renderer'));
    await writeFile(path.join(work, 'renderer', 'index.html'), '<!doctype html><title>station</title>');
    await writeFile(path.join(work, 'secret.txt'), 'outside the renderer');
    vaultFile = path.join(work, 'clip.mp4');
    await writeFile(vaultFile, Buffer.from([...Array(1000).keys()].map((i) => i % 256)));
    ports = fakePorts();
    ports.vault.pathOf = () => vaultFile;
    ports.volumes.volumes.set('/cam', { identity: { deviceNumber: 'D1' }, clockOffsetMs: 0, files: [{ relativePath: 'DCIM/A.MP4', content: 'x' }] });
    station = await createStation(ports, { version: 't', dataDir: work, watchRoots: [] });
    host = await startWebHost({ station, rendererDir: path.join(work, 'renderer') });
    base = `http://127.0.0.1:${host.port}`;
    const traded = await get(host.url);
    cookie = String(traded.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });

  afterAll(async () => {
    await host?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and trades the start token for an HttpOnly cookie', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const traded = await get(host.url);
    expect(traded.status).toBe(303);
    expect(traded.headers.location).toBe('/');
    expect(traded.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses pages without the session, with a wrong token, and with a foreign Host header', async () => {
    expect((await get(`${base}/`)).status).toBe(401);
    expect((await get(`${base}/?token=guess`)).status).toBe(403);
    expect((await get(`${base}/`, { cookie, host: 'evil.example:80' })).status).toBe(421);
    const page = await get(`${base}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get(`${base}/../secret.txt`, { cookie })).status).toBe(404);
    expect((await get(`${base}/%2e%2e/secret.txt`, { cookie })).status).toBe(404);
    expect((await get(`${base}/..%2fsecret.txt`, { cookie })).status).toBe(404);
  });

  it('refuses a WebSocket without the cookie or from another origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`, { origin: base })).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`, { cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('carries the contract: open commands work, others need an identified operator, bad payloads are refused', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${host.port}/ws`, { cookie, origin: base });
    try {
      expect(await call(socket, 1, 'station.info', {})).toMatchObject({ ok: true, value: { version: 't' } });
      expect(await call(socket, 2, 'docks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(await call(socket, 3, 'no.such.command', {})).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await call(socket, 4, 'operator.identify', { badgeNumber: '', name: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await call(socket, 5, 'operator.identify', { badgeNumber: '3201008', name: '张伟' })).toMatchObject({ ok: true });
      expect(await call(socket, 6, 'docks.list', {})).toMatchObject({ ok: true, value: [] });
    } finally {
      socket.close();
    }
  });

  it('pushes dock events and streams footage with Range only behind a valid ticket', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${host.port}/ws`, { cookie, origin: base });
    const events: string[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: string };
      if (message.type === 'event' && message.event) events.push(message.event);
    });
    try {
      await call(socket, 1, 'operator.identify', { badgeNumber: '3201008', name: '张伟' });
      const started = (await call(socket, 2, 'docks.ingestFolder', { path: '/cam' })) as { ok: boolean; value: { sessionId: string } };
      const session = await station.whenDocked(started.value.sessionId);
      expect(events).toContain('dock.updated');
      const ticket = (await call(socket, 3, 'player.open', { id: session.clipIds[0] })) as { ok: true; value: { ticket: string } };

      expect((await get(`${base}/media/forged`, { cookie })).status).toBe(403);
      const whole = await get(`${base}/media/${ticket.value.ticket}`, { cookie });
      expect(whole.status).toBe(200);
      expect(whole.body.length).toBe(1000);
      const part = await get(`${base}/media/${ticket.value.ticket}`, { cookie, range: 'bytes=100-199' });
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe('bytes 100-199/1000');
      expect([...part.body]).toEqual([...Array(100).keys()].map((i) => (i + 100) % 256));
      expect((await get(`${base}/media/${ticket.value.ticket}`, { cookie, range: 'bytes=5000-' })).status).toBe(416);
      expect((await get(`${base}/media/${ticket.value.ticket}`)).status).toBe(401);
    } finally {
      socket.close();
    }
  });
});
