/**
 * "Never delete from a camera unless every file is verified in the vault and the agency allows it"
 * (issue C item 3), on a real data folder and emulated camera volumes: nothing is deleted while the
 * setting is off (the default), nothing when one file failed or the camera holds anything the station
 * did not store, and exactly the verified files - each audited with path and SHA-256 - when it is on.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import { FsVault } from '../../electron/adapters/vault/fs-vault.js';
import type { EventPayload } from '../../electron/contract/index.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { ChecksumMismatchError } from '../../electron/core/domain/errors.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { staffCall } from '../fakes/actors.js';

interface AuditLine {
  action: string;
  target: string;
  before?: { path?: string; sha256?: string };
  detail?: Record<string, unknown>;
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('deleting from the camera after verify', () => {
  let work: string;
  let dataDir: string;
  let opened: OpenedStation;
  const officer: CallContext = { via: 'cli' };
  const notices: EventPayload<'station.notice'>[] = [];
  let cameraCount = 0;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-camdel-'));
    dataDir = path.join(work, 'data');
    opened = await openStationFromDataDir({ dataDir });
    opened.station.events.on('station.notice', (n) => notices.push(n));
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  async function camera(options: Parameters<typeof writeSimulatedCamera>[1] = {}) {
    cameraCount += 1;
    const root = path.join(work, `cam${cameraCount}`);
    await writeSimulatedCamera(root, { clipCount: 2, clipSeconds: 1, deviceNumber: `DSJ-DEL-${cameraCount}`, ...options });
    return root;
  }

  async function dock(root: string) {
    const started = await opened.station.execute('docks.ingestFolder', { path: root }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const session = await opened.station.whenDocked(started.value.sessionId);
    await opened.station.idle();
    return session;
  }

  async function setDelete(on: boolean) {
    const result = await opened.station.execute('settings.update', { deleteFromCameraAfterVerify: on }, officer);
    if (!result.ok) throw new Error(result.error.message);
  }

  async function auditFor(sessionId: string, root: string): Promise<AuditLine[]> {
    const lines = (await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean);
    return lines.map((line) => JSON.parse(line) as AuditLine).filter((r) => r.target === `dock:${sessionId}` || r.detail?.dockSessionId === sessionId || r.detail?.sourceRoot === root);
  }

  it('is off by default and then deletes nothing', async () => {
    const settings = await opened.station.execute('settings.get', {}, officer);
    expect(settings.ok && settings.value.deleteFromCameraAfterVerify).toBe(false);
    const root = await camera();
    const before = await filesUnder(root);
    const session = await dock(root);
    expect(session.problems).toEqual([]);
    expect(await filesUnder(root)).toEqual(before);
    const actions = (await auditFor(session.id, root)).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('camera.'))).toEqual([]);
  });

  it('deletes nothing when one file failed to ingest, and says why', async () => {
    await setDelete(true);
    const root = await camera();
    const before = await filesUnder(root);
    const failing = before.find((f) => f.endsWith('.JPG')) ?? '';
    const ingest = FsVault.prototype.ingest;
    vi.spyOn(FsVault.prototype, 'ingest').mockImplementation(async function (this: FsVault, source, size, onProgress, signal) {
      if (source.endsWith(failing.split('/').pop() ?? '\0')) throw new ChecksumMismatchError('a'.repeat(64), 'b'.repeat(64), source);
      return ingest.call(this, source, size, onProgress, signal);
    });
    notices.length = 0;
    const session = await dock(root);
    expect(session.problems.map((p) => p.originalPath)).toContain(failing);
    expect(await filesUnder(root)).toEqual(before);
    const records = await auditFor(session.id, root);
    expect(records.filter((r) => r.action === 'camera.file-deleted')).toEqual([]);
    expect(records.find((r) => r.action === 'camera.delete-refused')?.detail).toMatchObject({ reason: 'dock-had-problems' });
    expect(notices.find((n) => n.code === 'CAMERA_DELETE_REFUSED')?.params).toMatchObject({ reason: 'dock-had-problems' });
  });

  it('deletes nothing when the camera holds entries the station refused to read', async () => {
    await setDelete(true);
    const root = await camera({ hostileNames: true });
    const before = await filesUnder(root);
    const session = await dock(root);
    expect(await filesUnder(root)).toEqual(before);
    expect((await auditFor(session.id, root)).find((r) => r.action === 'camera.delete-refused')).toBeDefined();
  });

  it('deletes nothing when a file appeared on the camera after the copy', async () => {
    await setDelete(true);
    const root = await camera();
    const listed = await filesUnder(root);
    // The cleanup lists the camera again just before deleting: a file written after the dock's own listing is not in the vault.
    const { FsCameraVolumeReader } = await import('../../electron/adapters/camera/fs-camera-volume-reader.js');
    const list = FsCameraVolumeReader.prototype.list;
    let calls = 0;
    vi.spyOn(FsCameraVolumeReader.prototype, 'list').mockImplementation(async function (this: InstanceType<typeof FsCameraVolumeReader>, r) {
      calls += 1;
      if (calls === 2) await writeFile(path.join(root, 'DCIM', 'LATE.MP4'), 'recorded after docking');
      return list.call(this, r);
    });
    const session = await dock(root);
    expect(await filesUnder(root)).toEqual([...listed, 'DCIM/LATE.MP4'].sort());
    expect((await auditFor(session.id, root)).find((r) => r.action === 'camera.delete-refused')?.detail).toMatchObject({ reason: 'file-not-stored', file: 'DCIM/LATE.MP4' });
  });

  it('deletes nothing when a vault object no longer matches when re-hashed just before deleting', async () => {
    await setDelete(true);
    const root = await camera();
    const before = await filesUnder(root);
    const video = before.find((f) => f.endsWith('0001.MP4')) ?? '';
    const id = createHash('sha256').update(await readFile(path.join(root, video))).digest('hex');
    const object = path.join(dataDir, 'vault', 'objects', id.slice(0, 2), id.slice(2, 4), id);
    const { FsCameraVolumeReader } = await import('../../electron/adapters/camera/fs-camera-volume-reader.js');
    const list = FsCameraVolumeReader.prototype.list;
    let calls = 0;
    vi.spyOn(FsCameraVolumeReader.prototype, 'list').mockImplementation(async function (this: InstanceType<typeof FsCameraVolumeReader>, r) {
      calls += 1;
      if (calls === 2) {
        // Storage damage between the copy's verification and the deletion: one bit of the stored original.
        const bytes = await readFile(object);
        bytes[100] = (bytes[100] ?? 0) ^ 0x80;
        await chmod(object, 0o644);
        await writeFile(object, bytes);
        await chmod(object, 0o444);
      }
      return list.call(this, r);
    });
    const session = await dock(root);
    expect(await filesUnder(root)).toEqual(before);
    expect((await auditFor(session.id, root)).find((r) => r.action === 'camera.delete-refused')?.detail).toMatchObject({ reason: 'vault-object-damaged', clip: id });
    // Put the original back for the tests after this one (it is still on the camera).
    await chmod(object, 0o644);
    await writeFile(object, await readFile(path.join(root, video)));
    await chmod(object, 0o444);
  });

  it('when on and every file is verified, deletes exactly the verified files, each audited with path and SHA-256', async () => {
    await setDelete(true);
    const root = await camera();
    const before = await filesUnder(root);
    const hashes = new Map<string, string>();
    for (const file of before) hashes.set(file, createHash('sha256').update(await readFile(path.join(root, file))).digest('hex'));
    notices.length = 0;
    const session = await dock(root);
    expect(session.problems).toEqual([]);

    const page = await opened.station.execute('clips.query', { dockSessionId: session.id, limit: 100 }, officer);
    if (!page.ok) throw new Error(page.error.message);
    // A clip whose content an earlier camera already delivered (the emulator's audio file) is "seen again" under this session.
    const pathInSession = (clip: (typeof page.value.items)[number]) =>
      clip.dockSessionId === session.id ? clip.originalPath : (clip.seenAgain?.find((s) => s.dockSessionId === session.id)?.originalPath ?? '');
    const stored = new Set(page.value.items.map(pathInSession));
    const after = await filesUnder(root);
    // Deleted: exactly what was stored; left: what the station never reads (identity files, system folders).
    expect(before.filter((f) => !after.includes(f)).sort()).toEqual([...stored].sort());
    expect(after.every((f) => !stored.has(f))).toBe(true);

    const records = await auditFor(session.id, root);
    const deletions = records.filter((r) => r.action === 'camera.file-deleted');
    expect(deletions.map((r) => r.before?.path).sort()).toEqual([...stored].sort());
    for (const record of deletions) {
      expect(record.before?.sha256).toBe(hashes.get(record.before?.path ?? ''));
      expect(record.target).toBe(`clip:${record.before?.sha256}`);
    }
    expect(records.find((r) => r.action === 'camera.cleaned')?.detail).toMatchObject({ deleted: stored.size, planned: stored.size, failures: [] });
    expect(notices.find((n) => n.code === 'CAMERA_CLEANED')?.params).toMatchObject({ count: stored.size });

    // The vault still holds every original, intact.
    for (const clip of page.value.items) {
      const id = clip.id;
      const bytes = await readFile(path.join(dataDir, 'vault', 'objects', id.slice(0, 2), id.slice(2, 4), id));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(id);
    }
  });
});
