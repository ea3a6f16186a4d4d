/** The dock -> ingest -> forced labelling loop through the real core, with strict fakes at every port. */
import { beforeEach, describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/domain/errors.js';
import { createStation, type Station } from '../../electron/core/station.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { fakePorts } from '../fakes/ports.js';
import { testCall } from '../fakes/actors.js';

const camera = { deviceNumber: 'DSJ-A8-0007', officerNumber: '3201008', officerName: '张伟' };
const label = { caseNumber: '清国土罚（2026）12号', party: '某某建材有限公司', handler: '张伟', stage: 'investigation' as const, location: '城关镇' };

describe('station dock loop', () => {
  let ports: ReturnType<typeof fakePorts>;
  let station: Station;
  let officer: CallContext;

  beforeEach(async () => {
    ports = fakePorts();
    ports.volumes.volumes.set('/media/cam', {
      identity: camera,
      clockOffsetMs: 0,
      files: [
        { relativePath: 'DCIM/100MEDIA/A_0001.MP4', content: 'clip one', mtime: '2026-11-23T06:00:00Z' },
        { relativePath: 'DCIM/100MEDIA/A_0002.MP4', content: 'clip two', mtime: '2026-11-23T06:10:00Z' },
        { relativePath: 'DCIM/100MEDIA/A_0003.JPG', content: 'photo', kind: 'photo', mtime: '2026-11-23T06:20:00Z' },
      ],
    });
    station = await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    officer = { via: 'web' };
    // An officer of 执法一科 signed in; the camera is theirs (officerNumber = badge).
    Object.assign(officer, testCall({}, 'web'));
    expect(officer.operator).toBe('张伟(3201008)');
  });

  async function dock() {
    const started = await station.execute('docks.ingestFolder', { path: '/media/cam' }, officer);
    if (!started.ok) throw new Error(started.error.message);
    return station.whenDocked(started.value.sessionId);
  }

  it('refuses state changes from someone who has not signed in, and audits the refusal', async () => {
    const result = await station.execute('docks.ingestFolder', { path: '/media/cam' }, { via: 'web' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(ports.auditLog.records.at(-1)).toMatchObject({ actor: 'anonymous(web)', action: 'access.refused', target: 'command:docks.ingestFolder', detail: { code: 'UNAUTHENTICATED' } });
  });

  it('ingests every file, then refuses to close until all are labelled, then closes', async () => {
    const session = await dock();
    await station.idle();
    expect(session.state).toBe('awaiting-labels');
    expect(session.clipIds).toHaveLength(3);
    expect(ports.vault.objects.size).toBe(3);
    expect(ports.thumbnailer.made).toHaveLength(3);

    const refused = await station.execute('docks.close', { sessionId: session.id }, officer);
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_HAS_UNLABELLED', params: { count: 3 } } });

    const bad = await station.execute('clips.label', { ids: session.clipIds, label: { ...label, caseNumber: '12号', party: '' } }, officer);
    expect(bad).toMatchObject({ ok: false, error: { code: 'LABEL_REJECTED', fields: { caseNumber: { code: 'CASE_NUMBER_INVALID' }, party: { code: 'FIELD_REQUIRED' } } } });
    expect([...ports.catalogue.clips.values()].every((clip) => clip.label === undefined)).toBe(true);

    const labelled = await station.execute('clips.label', { ids: session.clipIds, label }, officer);
    expect(labelled).toEqual({ ok: true, value: { updated: 3 } });
    const closed = await station.execute('docks.close', { sessionId: session.id }, officer);
    expect(closed).toMatchObject({ ok: true, value: { state: 'closed' } });

    const audit = ports.auditLog;
    expect(audit.actions().filter((a) => a === 'clip.ingested')).toHaveLength(3);
    const labelRecord = audit.records.find((r) => r.action === 'clip.labelled');
    expect(labelRecord).toMatchObject({ actor: '张伟(3201008)', before: null, after: { caseNumber: label.caseNumber, labelledBy: '张伟(3201008)' } });
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('keeps before and after when a label is changed', async () => {
    const session = await dock();
    await station.execute('clips.label', { ids: session.clipIds.slice(0, 1), label }, officer);
    await station.execute('clips.label', { ids: session.clipIds.slice(0, 1), label: { ...label, party: '李四' } }, officer);
    const changes = ports.auditLog.records.filter((r) => r.action === 'clip.labelled');
    expect(changes[1]).toMatchObject({ before: { party: label.party }, after: { party: '李四' } });
  });

  it('records a second docking of the same content as seen again, with one vault object', async () => {
    const first = await dock();
    await station.idle();
    const second = await dock();
    expect(ports.vault.objects.size).toBe(3);
    expect(second.clipIds).toEqual(first.clipIds);
    const clip = ports.catalogue.clips.get(first.clipIds[0] ?? '');
    expect(clip?.seenAgain).toHaveLength(1);
    expect(ports.auditLog.actions().filter((a) => a === 'clip.seen-again')).toHaveLength(3);
  });

  it('asks for the reason of a late hand-in before the session can close (R1.1)', async () => {
    ports.clock.current = new Date('2026-11-25T08:00:00Z');
    const session = await dock();
    expect(session.lateCount).toBe(3);
    await station.execute('clips.label', { ids: session.clipIds, label }, officer);
    expect(await station.execute('docks.close', { sessionId: session.id }, officer)).toMatchObject({ ok: false, error: { code: 'LATE_REASON_REQUIRED', params: { count: 3 } } });
    const reason = await station.execute('docks.lateReason', { sessionId: session.id, clipIds: session.clipIds, reason: '外业连续作业，今日返回单位' }, officer);
    expect(reason).toEqual({ ok: true, value: { updated: 3 } });
    expect(await station.execute('docks.close', { sessionId: session.id }, officer)).toMatchObject({ ok: true });
  });

  it('stops as interrupted when the camera is unplugged, keeping what was verified', async () => {
    ports.vault.failOnCall(2, new StationError('SOURCE_VANISHED', 'read returned 0 bytes early'));
    const session = await dock();
    expect(session.state).toBe('interrupted');
    expect(session.failure).toBe('SOURCE_VANISHED');
    expect(session.clipIds).toHaveLength(1);
    // The file being copied and the one never reached are both pending (interrupted), per file.
    expect(session.problems).toEqual([
      expect.objectContaining({ code: 'SOURCE_VANISHED', originalPath: 'DCIM/100MEDIA/A_0002.MP4', params: { pending: 1 } }),
      expect.objectContaining({ code: 'SOURCE_VANISHED', originalPath: 'DCIM/100MEDIA/A_0003.JPG', params: { pending: 1 } }),
    ]);
    expect(ports.auditLog.actions()).toContain('dock.interrupted');
    // Docking again completes the camera: the verified first file is not copied twice.
    const again = await dock();
    expect(again.state).toBe('awaiting-labels');
    expect(ports.vault.objects.size).toBe(3);
    // ... and the interrupted session shows it: nothing pending, every file's clip on it, waiting for labels.
    const earlier = ports.catalogue.sessions.get(session.id);
    expect(earlier?.state).toBe('awaiting-labels');
    expect(earlier?.problems.map((p) => [p.originalPath, p.params?.pending, p.params?.completedBy])).toEqual([
      ['DCIM/100MEDIA/A_0002.MP4', 0, again.id],
      ['DCIM/100MEDIA/A_0003.JPG', 0, again.id],
    ]);
    expect(earlier?.clipIds).toHaveLength(3);
    expect(ports.auditLog.actions().filter((a) => a === 'dock.file-completed')).toHaveLength(2);
    expect(ports.journal.journals.size).toBe(0);
    // Labelling settles both sessions that list the clips.
    await station.execute('clips.label', { ids: again.clipIds, label }, officer);
    const open = await station.execute('docks.list', {}, officer);
    expect(open.ok && open.value.map((s) => [s.id, s.unlabelledCount])).toEqual(expect.arrayContaining([[session.id, 0], [again.id, 0]]));
  });

  it('stops with DISK_FULL and the bytes needed when the vault cannot hold the camera', async () => {
    ports.vault.free = 1000;
    const session = await dock();
    expect(session.state).toBe('failed');
    expect(session.failure).toBe('DISK_FULL');
    expect(session.clipIds).toHaveLength(0);
    expect(ports.auditLog.actions()).toContain('dock.failed');
  });

  it('fails the dock on a disk error mid-copy and skips a file that fails verification twice', async () => {
    ports.vault.failNext(new StationError('CHECKSUM_MISMATCH', 'bad'));
    ports.vault.failNext(new StationError('CHECKSUM_MISMATCH', 'bad again'));
    const session = await dock();
    expect(session.problems).toEqual([expect.objectContaining({ code: 'CHECKSUM_MISMATCH', originalPath: 'DCIM/100MEDIA/A_0001.MP4' })]);
    expect(session.clipIds).toHaveLength(2);

    ports.vault.failNext(new StationError('DISK_FULL', 'no space', { needed: 5, free: 0 }));
    const full = await dock();
    expect(full.state).toBe('failed');
    expect(full.failure).toBe('DISK_FULL');
  });

  it('retries a single verification failure and then succeeds', async () => {
    ports.vault.failNext(new StationError('CHECKSUM_MISMATCH', 'once'));
    const session = await dock();
    expect(session.problems).toEqual([]);
    expect(session.clipIds).toHaveLength(3);
  });

  it('refuses viewing without a grant (R5.1) and audits the refusal (the granted path: access-station.test.ts)', async () => {
    const session = await dock();
    const id = session.clipIds[0] ?? '';
    expect(await station.execute('player.open', { id }, officer)).toMatchObject({ ok: false, error: { code: 'GRANT_REQUIRED' } });
    expect(ports.auditLog.records.at(-1)).toMatchObject({ action: 'access.refused', target: 'command:player.open', actor: '张伟(3201008)', detail: { code: 'GRANT_REQUIRED' } });
    expect(station.openMedia('forged')).toBeUndefined();
  });

  it('rejects an invalid case-number pattern setting and audits a valid change (administrators only)', async () => {
    expect(await station.execute('settings.update', { handInLimitHours: 48 }, officer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { action: 'settings.manage', reason: 'role' } } });
    const admin = testCall({ userId: 'u-admin', username: 'admin', displayName: '管理员', badgeNumber: undefined, roles: ['admin'] });
    expect(await station.execute('settings.update', { caseNumberPattern: '([' }, admin)).toMatchObject({ ok: false, error: { code: 'SETTING_INVALID' } });
    expect(await station.execute('settings.update', { handInLimitHours: 48 }, admin)).toMatchObject({ ok: true, value: { handInLimitHours: 48 } });
    expect(ports.auditLog.records.at(-1)).toMatchObject({ action: 'settings.updated', before: { handInLimitHours: 24 }, after: { handInLimitHours: 48 } });
  });

  it('marks sessions left ingesting by a crash as interrupted on the next start', async () => {
    const started = await station.execute('docks.ingestFolder', { path: '/media/cam' }, officer);
    if (!started.ok) throw new Error('not started');
    const stored = ports.catalogue.sessions.get(started.value.sessionId);
    if (!stored) throw new Error('session not stored');
    ports.catalogue.sessions.set(stored.id, { ...stored, state: 'ingesting' });
    await station.idle();
    ports.catalogue.sessions.set(stored.id, { ...stored, state: 'ingesting' });
    await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });
    expect(ports.catalogue.sessions.get(stored.id)?.state).toBe('interrupted');
  });
});
