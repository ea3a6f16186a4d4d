/** Crash resume from the ingest journal (issue C), through the real core with strict fakes at every port. */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { replayJournal, type JournalRecord } from '../../electron/core/domain/journal.js';
import { StationError } from '../../electron/core/domain/errors.js';
import { createStation } from '../../electron/core/station.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { fakePorts } from '../fakes/ports.js';
import { staffCall } from '../fakes/actors.js';

const camera = { deviceNumber: 'DSJ-A8-0007', officerNumber: '3201008', officerName: '张伟' };
const files = [
  { relativePath: 'DCIM/100MEDIA/A_0001.MP4', content: 'clip one', mtime: '2026-11-23T06:00:00Z' },
  { relativePath: 'DCIM/100MEDIA/A_0002.MP4', content: 'clip two!', mtime: '2026-11-23T06:10:00Z' },
  { relativePath: 'DCIM/100MEDIA/A_0003.MP4', content: 'clip three', mtime: '2026-11-23T06:20:00Z' },
];
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const found: JournalRecord = {
  type: 'found',
  files: files.map((f) => ({ relativePath: f.relativePath, size: Buffer.byteLength(f.content), mtimeMs: Date.parse(f.mtime), kind: 'video' as const })),
};

function crashedSession(id: string): DockSession {
  return {
    id,
    camera,
    sourceRoot: '/media/cam',
    startedAt: '2026-11-23T07:59:00Z',
    operator: '张伟(3201008)',
    state: 'ingesting',
    clockOffsetMs: 0,
    clipIds: [],
    unlabelledCount: 0,
    lateCount: 0,
    problems: [],
    progress: { sessionId: id, step: 'copying', filesDone: 0, filesTotal: 3, bytesDone: 0, bytesTotal: 0, speed: 0 },
  };
}

describe('crash recovery from the ingest journal', () => {
  let ports: ReturnType<typeof fakePorts>;
  const id = '20261123-deadbeef';

  beforeEach(async () => {
    ports = fakePorts();
    ports.volumes.volumes.set('/media/cam', { identity: camera, clockOffsetMs: 0, files });
    await ports.catalogue.open();
    await ports.catalogue.putSession(crashedSession(id));
  });

  const start = () => createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
  const [one, two, three] = files.map((f) => f.content) as [string, string, string];

  it('folds journal records into the latest state per file and ignores records for unlisted files', () => {
    const replay = replayJournal(id, [
      { type: 'session', sessionId: id, sourceRoot: '/media/cam', operator: 'x', at: '' },
      found,
      { type: 'file', relativePath: files[0]!.relativePath, state: 'copying' },
      { type: 'file', relativePath: files[0]!.relativePath, state: 'stored', sha256: sha(one), vault: 'stored' },
      { type: 'file', relativePath: 'NOT/LISTED', state: 'copying' },
    ]);
    expect(replay.files.map((f) => f.state)).toEqual(['stored', 'found', 'found']);
    expect(replay.files[0]?.sha256).toBe(sha(one));
  });

  it('re-adopts a stored-but-not-catalogued file after re-hashing it, marks the rest pending, and a re-dock completes them', async () => {
    ports.vault.objects.set(sha(one), one);
    await ports.journal.append(id, [
      found,
      { type: 'file', relativePath: files[0]!.relativePath, state: 'copying' },
      { type: 'file', relativePath: files[0]!.relativePath, state: 'stored', sha256: sha(one), vault: 'stored' },
      { type: 'file', relativePath: files[1]!.relativePath, state: 'copying' },
    ]);
    const station = await start();

    expect(ports.catalogue.get(sha(one))).toMatchObject({ originalPath: files[0]!.relativePath, dockSessionId: id, camera });
    const readopted = ports.auditLog.records.find((r) => r.action === 'clip.readopted');
    expect(readopted).toMatchObject({ target: `clip:${sha(one)}`, detail: { rehashed: true, matchedBy: 'journal' } });
    const session = ports.catalogue.sessions.get(id);
    expect(session).toMatchObject({ state: 'interrupted', clipIds: [sha(one)], unlabelledCount: 1 });
    expect(session?.problems.map((p) => [p.originalPath, p.params?.pending, p.params?.reached])).toEqual([
      [files[1]!.relativePath, 1, 'copying'],
      [files[2]!.relativePath, 1, 'found'],
    ]);
    expect(ports.journal.journals.size).toBe(0);

    const officer: CallContext = { via: 'web' };
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
    const started = await station.execute('docks.ingestFolder', { path: '/media/cam' }, officer);
    if (!started.ok) throw new Error(started.error.message);
    await station.whenDocked(started.value.sessionId);
    await station.idle();
    expect(ports.catalogue.sessions.get(id)).toMatchObject({ state: 'awaiting-labels', clipIds: [sha(one), sha(two), sha(three)], unlabelledCount: 3 });
    expect(ports.vault.objects.size).toBe(3);
    expect(ports.catalogue.count()).toBe(3);
  });

  it('adopts a vault object the catalogue lacks: by size when one copying file matches, else as of unknown origin', async () => {
    ports.vault.objects.set(sha(two), two); // killed after publishing, before journalling 'stored'
    ports.vault.objects.set(sha('stray'), 'stray'); // nobody journalled this one
    await ports.journal.append(id, [found, { type: 'file', relativePath: files[1]!.relativePath, state: 'copying' }]);
    await start();

    expect(ports.catalogue.get(sha(two))).toMatchObject({ originalPath: files[1]!.relativePath, dockSessionId: id });
    expect(ports.catalogue.get(sha('stray'))).toMatchObject({ originalPath: `(unknown origin)/${sha('stray')}`, kind: 'other' });
    const adoptions = ports.auditLog.records.filter((r) => r.action === 'clip.readopted').map((r) => [r.target, (r.detail as { matchedBy?: string; origin?: string }).matchedBy ?? 'unknown']);
    expect(adoptions).toEqual(expect.arrayContaining([[`clip:${sha(two)}`, 'size'], [`clip:${sha('stray')}`, 'unknown']]));
    expect(ports.catalogue.sessions.get(id)?.clipIds).toEqual([sha(two)]);
  });

  it('does not catalogue an object that fails its re-hash; the file stays pending', async () => {
    ports.vault.objects.set(sha(one), 'bit rot'); // stored under sha(one), content no longer matches
    await ports.journal.append(id, [found, { type: 'file', relativePath: files[0]!.relativePath, state: 'stored', sha256: sha(one), vault: 'stored' }]);
    await start();
    expect(ports.catalogue.get(sha(one))).toBeUndefined();
    expect(ports.auditLog.actions()).toContain('vault.object-unverifiable');
    expect(ports.catalogue.sessions.get(id)?.problems[0]).toMatchObject({ originalPath: files[0]!.relativePath, code: 'CHECKSUM_MISMATCH', params: { pending: 1 } });
  });

  it('puts an already-catalogued clip back on its session (its clip list lived in memory) without cataloguing it twice', async () => {
    await ports.journal.append(id, [found, { type: 'file', relativePath: files[0]!.relativePath, state: 'catalogued', sha256: sha(one) }]);
    ports.vault.objects.set(sha(one), one);
    await ports.catalogue.putMany([{ id: sha(one), size: 8, kind: 'video', originalName: 'A_0001.MP4', originalPath: files[0]!.relativePath, camera, cameraMtime: files[0]!.mtime, clockOffsetMs: 0, receivedAt: '2026-11-23T08:00:00Z', dockSessionId: id, media: { kind: 'video' }, hasThumbnail: false }]);
    await start();
    expect(ports.catalogue.sessions.get(id)?.clipIds).toEqual([sha(one)]);
    expect(ports.auditLog.actions()).not.toContain('clip.readopted');
    expect(ports.catalogue.count()).toBe(1);
  });
});

describe('journal and catalogue write failures are surfaced, not swallowed', () => {
  it('fails the dock (not "awaiting labels") when a journal fsync fails', async () => {
    const ports = fakePorts();
    ports.volumes.volumes.set('/media/cam', { identity: camera, clockOffsetMs: 0, files });
    const append = ports.journal.append.bind(ports.journal);
    let calls = 0;
    ports.journal.append = async (sessionId, records) => {
      if (++calls === 4) throw new StationError('WRITE_FAILED', 'fsync of the journal failed (EIO)', { errno: 'EIO', stage: 'fsync' });
      return append(sessionId, records);
    };
    const station = await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    const officer: CallContext = { via: 'web' };
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
    const started = await station.execute('docks.ingestFolder', { path: '/media/cam' }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const session = await station.whenDocked(started.value.sessionId);
    expect(session.state).toBe('failed');
    expect(session.failure).toBe('WRITE_FAILED');
    expect(session.problems.some((p) => p.message.includes('EIO'))).toBe(true);
  });
});

describe('sessions killed at their edges', () => {
  it('a session whose every file was catalogued before the kill becomes awaiting-labels, not interrupted', async () => {
    const ports = fakePorts();
    await ports.catalogue.open();
    const id = '20261123-0000beef';
    await ports.catalogue.putSession(crashedSession(id));
    ports.vault.objects.set(sha('clip one'), 'clip one');
    await ports.catalogue.putMany([{ id: sha('clip one'), size: 8, kind: 'video', originalName: 'A_0001.MP4', originalPath: 'DCIM/100MEDIA/A_0001.MP4', camera, cameraMtime: '2026-11-23T06:00:00Z', clockOffsetMs: 0, receivedAt: '2026-11-23T08:00:00Z', dockSessionId: id, media: { kind: 'video' }, hasThumbnail: false }]);
    await ports.journal.append(id, [
      { type: 'found', files: [{ relativePath: 'DCIM/100MEDIA/A_0001.MP4', size: 8, mtimeMs: 0, kind: 'video' }] },
      { type: 'file', relativePath: 'DCIM/100MEDIA/A_0001.MP4', state: 'catalogued', sha256: sha('clip one') },
    ]);
    await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    expect(ports.catalogue.sessions.get(id)).toMatchObject({ state: 'awaiting-labels', clipIds: [sha('clip one')], problems: [] });
    expect(ports.auditLog.actions()).toContain('dock.recovered');
  });

  it('a session killed before its camera was listed stays interrupted, holding nothing', async () => {
    const ports = fakePorts();
    await ports.catalogue.open();
    const id = '20261123-0000cafe';
    await ports.catalogue.putSession(crashedSession(id));
    await ports.journal.append(id, [{ type: 'session', sessionId: id, sourceRoot: '/media/cam', operator: 'x', at: '' }]);
    await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    expect(ports.catalogue.sessions.get(id)).toMatchObject({ state: 'interrupted', failure: 'STATION_STOPPED', clipIds: [] });
  });
});

describe('a write failure after the vault published a copy', () => {
  it('keeps the journal of the failed dock so the next start re-adopts the object nobody catalogued', async () => {
    const ports = fakePorts();
    ports.volumes.volumes.set('/media/cam', { identity: camera, clockOffsetMs: 0, files });
    const station = await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    const officer: CallContext = { via: 'cli' };
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
    // The first file reaches the vault, then its 'stored' journal line fails (fdatasync EIO).
    ports.journal.failWhen = (record) => record.type === 'file' && record.state === 'stored';
    const started = await station.execute('docks.ingestFolder', { path: '/media/cam' }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const failed = await station.whenDocked(started.value.sessionId);
    expect(failed.state).toBe('failed');
    const orphan = sha(files[0]!.content);
    expect(ports.vault.objects.has(orphan)).toBe(true);
    expect(ports.catalogue.clips.has(orphan)).toBe(false);
    expect(ports.journal.journals.has(failed.id)).toBe(true);

    await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    // Kept and catalogued; the journal no longer says which camera file it was (the failed dock marked
    // its files interrupted), so it is adopted as of unknown origin and the record says so.
    expect(ports.catalogue.clips.get(orphan)).toMatchObject({ size: files[0]!.content.length });
    expect(ports.auditLog.records.find((r) => r.action === 'clip.readopted' && r.target === `clip:${orphan}`)).toBeDefined();
    expect(ports.journal.journals.has(failed.id)).toBe(false);
  });
});
