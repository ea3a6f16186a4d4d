/**
 * The loopback web host on a real socket: token, cookie, host/origin checks, the contract, Range
 * streaming; issue F: no call without a signed-in session, footage only while session and grant are valid.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStation, type Station } from '../../electron/core/station.js';
import { startWebHost, type WebHost } from '../../electron/host/web-host.js';
import { fakeAccessPorts } from '../fakes/actors.js';
import { fakePorts } from '../fakes/ports.js';

const PASSWORD = 'Secret-pass-1';

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
  let ports: ReturnType<typeof fakePorts> & { access: ReturnType<typeof fakeAccessPorts> };
  let vaultFile: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-host-'));
    await mkdir(path.join(work, 'renderer'));
    await writeFile(path.join(work, 'renderer', 'index.html'), '<!doctype html><title>station</title>');
    await writeFile(path.join(work, 'secret.txt'), 'outside the renderer');
    vaultFile = path.join(work, 'clip.mp4');
    await writeFile(vaultFile, Buffer.from([...Array(1000).keys()].map((i) => i % 256)));
    ports = { ...fakePorts(), access: fakeAccessPorts() };
    ports.vault.pathOf = () => vaultFile;
    ports.volumes.volumes.set('/cam', { identity: { deviceNumber: 'D1' }, clockOffsetMs: 0, files: [{ relativePath: 'DCIM/A.MP4', content: 'x' }] });
    ports.volumes.volumes.get('/cam')!.identity.officerNumber = '3201008';
    station = await createStation(ports, { version: 't', dataDir: work, watchRoots: [] });
    // Accounts made in-process, as `evidence-station users create-admin` / `users import` would.
    const admin = { via: 'cli' as const };
    await station.execute('auth.setup', { username: 'admin', displayName: '管理员', department: '信息中心', password: PASSWORD }, admin);
    await station.execute('users.create', { username: 'zhangwei', displayName: '张伟', badgeNumber: '3201008', department: '执法一科', roles: ['officer'], clearance: 'ordinary', password: PASSWORD }, admin);
    await station.execute('users.create', { username: 'wangqiang', displayName: '王强', badgeNumber: '3201001', department: '执法一科', roles: ['supervisor'], clearance: 'ordinary', password: PASSWORD }, admin);
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

  it('carries the contract: without a session only sign-in and a minimal station.info; every other call is refused and audited', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${host.port}/ws`, { cookie, origin: base });
    try {
      const info = await call(socket, 1, 'station.info', {});
      expect(info).toMatchObject({ ok: true, value: { version: 't', needsSetup: false } });
      expect(info).not.toHaveProperty('value.dataDir');
      expect(info).not.toHaveProperty('value.clipCount');
      for (const [n, command] of [[2, 'docks.list'], [3, 'clips.query'], [4, 'settings.get'], [5, 'users.list'], [6, 'player.open']] as const) {
        expect(await call(socket, n, command, command === 'player.open' ? { id: 'a'.repeat(64) } : {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
      expect(ports.auditLog.records.at(-1)).toMatchObject({ actor: 'anonymous(web)', action: 'access.refused', target: 'command:player.open' });
      expect(await call(socket, 7, 'no.such.command', {})).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await call(socket, 8, 'auth.login', { username: '', password: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await call(socket, 9, 'auth.login', { username: 'zhangwei', password: 'wrong-pass' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
      expect(await call(socket, 10, 'auth.resume', { token: 'forged-token' })).toMatchObject({ ok: false, error: { code: 'SESSION_INVALID' } });
      expect(await call(socket, 11, 'auth.login', { username: 'zhangwei', password: PASSWORD })).toMatchObject({ ok: true, value: { operator: '张伟(3201008)' } });
      expect(await call(socket, 12, 'docks.list', {})).toMatchObject({ ok: true, value: [] });
      expect(await call(socket, 13, 'auth.logout', {})).toMatchObject({ ok: true, value: { ended: true } });
      expect(await call(socket, 14, 'docks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
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
    // Issue F: a connection nobody signed in on hears nothing of the station's docks and clips.
    const anonymous = await openSocket(`ws://127.0.0.1:${host.port}/ws`, { cookie, origin: base });
    const overheard: string[] = [];
    anonymous.on('message', (data) => overheard.push(data.toString()));
    try {
      await call(socket, 1, 'auth.login', { username: 'zhangwei', password: PASSWORD });
      const started = (await call(socket, 2, 'docks.ingestFolder', { path: '/cam' })) as { ok: boolean; value: { sessionId: string } };
      const session = await station.whenDocked(started.value.sessionId);
      await station.idle();
      expect(events).toContain('dock.updated');
      expect(overheard).toEqual([]);
      anonymous.close();
      const clipId = session.clipIds[0] ?? '';
      expect(await call(socket, 3, 'player.open', { id: clipId })).toMatchObject({ ok: false, error: { code: 'GRANT_REQUIRED' } });
      const asked = (await call(socket, 4, 'grants.request', { clipId, reason: '复核' })) as { ok: true; value: { id: string } };
      const supervisor = { via: 'cli' as const };
      await station.execute('auth.login', { username: 'wangqiang', password: PASSWORD }, supervisor);
      const until = new Date(ports.clock.current.getTime() + 5 * 60_000).toISOString();
      expect(await station.execute('grants.decide', { id: asked.value.id, approve: true, until }, supervisor)).toMatchObject({ ok: true });
      const ticket = (await call(socket, 5, 'player.open', { id: clipId })) as { ok: true; value: { ticket: string } };
      const thumb = `${base}/thumbs/${clipId}.jpg`;

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

      // The grant runs out mid-play: the very next Range request is refused (403) and the refusal audited.
      ports.clock.current = new Date(Date.parse(until) - 1000);
      await call(socket, 6, 'auth.whoami', {});
      expect((await get(`${base}/media/${ticket.value.ticket}`, { cookie, range: 'bytes=200-299' })).status).toBe(206);
      ports.clock.current = new Date(Date.parse(until) + 1000);
      expect((await get(`${base}/media/${ticket.value.ticket}`, { cookie, range: 'bytes=300-399' })).status).toBe(403);
      expect(ports.auditLog.records.find((r) => r.action === 'clip.stream-refused')).toMatchObject({ target: `clip:${clipId}`, detail: { grantId: asked.value.id } });

      // Thumbnails (frames of the footage) only while someone signed in may see the clip.
      await call(socket, 7, 'auth.logout', {});
      expect((await get(thumb, { cookie })).status).toBe(404); // the supervisor, still signed in, may see it: allowed, but no thumbnail file here
      await station.execute('auth.logout', {}, supervisor);
      expect((await get(thumb, { cookie })).status).toBe(403);
    } finally {
      socket.close();
    }
  });
});
