/**
 * The whole station on real files: an emulated camera volume made with ffmpeg, the real vault, the
 * sharded lowdb catalogue, the JSONL audit log, ffprobe and sharp. Only the USB bus is absent.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { sha256File } from '../fixtures/sha256-file.js';
import { staffCall } from '../fakes/actors.js';

const label = { caseNumber: '清国土罚（2026）12号', party: '某某建材有限公司', handler: '张伟', stage: 'investigation' as const, location: '城关镇' };


describe('station on real files', () => {
  let work: string;
  let opened: OpenedStation;
  const officer: CallContext = { via: 'cli' };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-stack-'));
    opened = await openStationFromDataDir({ dataDir: path.join(work, 'data') });
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  async function dock(root: string) {
    const started = await opened.station.execute('docks.ingestFolder', { path: root }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const session = await opened.station.whenDocked(started.value.sessionId);
    await opened.station.idle();
    return session;
  }

  it('docks an emulated camera: every file verified, probed, thumbnailed, catalogued and audited', async () => {
    const camera = path.join(work, 'cam1');
    const written = await writeSimulatedCamera(camera, { clipCount: 3, clockOffsetMs: 90_000 });
    const session = await dock(camera);

    expect(session.state).toBe('awaiting-labels');
    expect(session.problems).toEqual([]);
    expect(session.camera.deviceNumber).toBe(written.identity.deviceNumber);
    expect(Math.abs(session.clockOffsetMs - 90_000)).toBeLessThan(5_000);
    expect(session.clipIds).toHaveLength(written.files.length);

    const page = await opened.station.execute('clips.query', { dockSessionId: session.id }, officer);
    if (!page.ok) throw new Error(page.error.message);
    for (const clip of page.value.items) {
      const source = path.join(camera, ...clip.originalPath.split('/'));
      expect(clip.id).toBe(await sha256File(source));
      const stored = path.join(opened.dataDir, 'vault', 'objects', clip.id.slice(0, 2), clip.id.slice(2, 4), clip.id);
      expect(await sha256File(stored)).toBe(clip.id);
      expect((await stat(stored)).mode & 0o222).toBe(0);
      if (clip.kind === 'video') {
        expect(clip.media.videoCodec).toBe('h264');
        expect(clip.media.durationMs).toBeGreaterThan(500);
        expect(clip.media.recordedAt).toBeTruthy();
        expect(clip.hasThumbnail).toBe(true);
        await access(opened.station.thumbnailPath(clip.id), constants.R_OK);
      }
    }
    expect(page.value.items.map((c) => c.kind).sort()).toEqual(expect.arrayContaining(['audio', 'photo', 'video']));

    const close = await opened.station.execute('docks.close', { sessionId: session.id }, officer);
    expect(close).toMatchObject({ ok: false, error: { code: 'SESSION_HAS_UNLABELLED' } });
    expect(await opened.station.execute('clips.label', { ids: session.clipIds, label }, officer)).toMatchObject({ ok: true });
    expect(await opened.station.execute('docks.close', { sessionId: session.id }, officer)).toMatchObject({ ok: true, value: { state: 'closed' } });

    const verified = await opened.station.execute('audit.verify', {}, officer);
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('refuses symlinks, FIFOs and control-character names and records each, copying the rest', async () => {
    const camera = path.join(work, 'cam-hostile');
    await writeSimulatedCamera(camera, { clipCount: 1, hostileNames: true, deviceNumber: 'DSJ-X-0100' });
    const session = await dock(camera);
    const reasons = session.problems.map((p) => p.message).sort();
    expect(reasons).toEqual(expect.arrayContaining(['symlink', 'special-file', 'unsafe-name']));
    expect(session.clipIds.length).toBeGreaterThan(0);
  });

  it('reports a camera volume that is gone before it could be read, leaving nothing half-copied', async () => {
    const session = await dock(path.join(work, 'unplugged-before-scan'));
    expect(session.state).toBe('interrupted');
    expect(session.failure).toBe('SOURCE_VANISHED');
    expect(await readdir(path.join(opened.dataDir, 'vault', 'incoming')).catch(() => [])).toEqual([]);
  });

  it('keeps a truncated MP4 byte for byte and flags it as damaged', async () => {
    const camera = path.join(work, 'cam-damaged');
    const written = await writeSimulatedCamera(camera, { clipCount: 1, deviceNumber: 'DSJ-X-0300' });
    const clipFile = written.files.find((f) => f.toUpperCase().endsWith('.MP4'));
    if (!clipFile) throw new Error('no clip written');
    const absolute = path.isAbsolute(clipFile) ? clipFile : path.join(camera, clipFile);
    const size = (await stat(absolute)).size;
    await truncate(absolute, Math.floor(size / 2));
    const expected = await sha256File(absolute);
    const session = await dock(camera);
    const clip = await opened.station.execute('clips.get', { id: expected }, officer);
    expect(session.clipIds).toContain(expected);
    expect(clip.ok && clip.value.clip.media.damaged).toBeTruthy();
  });
});

