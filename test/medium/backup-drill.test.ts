/**
 * The disaster drill (issue E): ingest and label emulated camera footage on a real station, back up to
 * a folder target, wipe the data folder, restore into the empty folder with the exported key file, and
 * compare everything: every vault object's hash, every clip with its label, the audit log byte for
 * byte up to the backup point, `audit verify` with its signed checkpoints - then the restored station
 * ingests again.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import { DefaultTargetOpener } from '../../electron/adapters/backup/target-opener.js';
import { CredentialsFile } from '../../electron/adapters/backup/local-files.js';
import { restoreStation } from '../../electron/adapters/backup/restore-station.js';
import { formatKeyFile, parseKeyFile } from '../../electron/core/backup/backup-key.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { testCall } from '../fakes/actors.js';

// One person with the rights the drill needs: ingest and label (officer), settings and backup (admin).
const officer = testCall({ roles: ['officer', 'admin'] });
const label = { caseNumber: '清国土罚（2026）12号', party: '某某建材有限公司', handler: '张伟', stage: 'investigation' as const, location: '城关镇' };

async function allClips(opened: OpenedStation): Promise<Clip[]> {
  const page = await opened.station.execute('clips.query', { limit: 1000 }, officer);
  if (!page.ok) throw new Error(page.error.message);
  return page.value.items;
}

async function ingest(opened: OpenedStation, camera: string): Promise<string[]> {
  const sessionId = await opened.station.dockFolder(camera, officer.operator ?? '');
  const session = await opened.station.whenDocked(sessionId);
  await opened.station.idle();
  return session.clipIds;
}

function clipsSize(clips: Clip[]): number {
  return clips.reduce((sum, c) => sum + c.size, 0);
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

describe('backup drill: ingest, label, back up, wipe, restore, compare', () => {
  let work: string;
  let dataDir: string;
  let targetDir: string;
  let opened: OpenedStation | undefined;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-backup-drill-'));
    dataDir = path.join(work, 'data');
    targetDir = path.join(work, 'usb-disk', 'evidence-backup');
    // The mounted USB disk; the backup folder on it is made by the first backup.
    await mkdir(path.join(work, 'usb-disk'));
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('restores every recording, label and audit record, and the restored station works', async () => {
    opened = await openStationFromDataDir({ dataDir });
    const settings = await opened.station.execute('settings.update', { cameraAdmission: 'any-camera' } as never, officer);
    if (!settings.ok) throw new Error(settings.error.message);
    await writeSimulatedCamera(path.join(work, 'cam1'), { clipCount: 3 });
    const ids = await ingest(opened, path.join(work, 'cam1'));
    expect(ids.length).toBeGreaterThan(0);
    const labelled = await opened.station.execute('clips.label', { ids, label }, officer);
    if (!labelled.ok) throw new Error(labelled.error.message);

    const started = await opened.station.execute('backup.start', { target: targetDir }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const summary = await opened.backup.service.wait(started.value.runId);
    expect(summary.ok).toBe(true);
    expect(summary.objects).toBe(ids.length);

    // A second run sends nothing new from the vault (content-addressed, incremental).
    const again = await opened.backup.service.start({ operator: officer.operator ?? '', trigger: 'manual', target: targetDir });
    const second = await opened.backup.service.wait(again.runId);
    expect(second.ok).toBe(true);
    const vaultBytes = clipsSize(await allClips(opened));
    expect(summary.uploadedBytes).toBeGreaterThanOrEqual(vaultBytes);
    // Only the catalogue, audit log and the like changed since: no recording goes again.
    expect(second.uploadedBytes).toBeLessThan(vaultBytes);

    const keyFile = path.join(work, 'recovery-key.txt');
    const key = await opened.backup.keys.load();
    if (!key) throw new Error('no backup key');
    await writeFile(keyFile, formatKeyFile(key));

    const clipsBefore = await allClips(opened);
    const vaultBefore = new Map<string, string>();
    for (const clip of clipsBefore) vaultBefore.set(clip.id, await sha256(path.join(dataDir, 'vault', 'objects', clip.id.slice(0, 2), clip.id.slice(2, 4), clip.id)));
    await opened.dispose();
    opened = undefined;
    const auditBefore = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'));
    const publicKeyBefore = await readFile(path.join(dataDir, 'keys', 'station-key.pub.pem'), 'utf8');

    // The fire.
    await rm(dataDir, { recursive: true, force: true });

    const report = await restoreStation({ from: targetDir, key: parseKeyFile(await readFile(keyFile, 'utf8')), dataDir, targets: new DefaultTargetOpener(new CredentialsFile(path.join(work, 'no-credentials'))), actor: 'restore-test' });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.objects).toBe(clipsBefore.length);
    expect(report.clips).toBe(clipsBefore.length);
    expect(report.labelledClips).toBe(clipsBefore.length);
    expect(report.audit.ok).toBe(true);
    expect(report.checkpointSeq).toBeGreaterThan(0);

    // Every vault object, by hash.
    for (const [id, hash] of vaultBefore) expect(await sha256(path.join(dataDir, 'vault', 'objects', id.slice(0, 2), id.slice(2, 4), id))).toBe(hash);
    // The audit log: the restored one starts with exactly the records the last backup captured, byte for byte.
    const auditAfter = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'));
    const endOfRecord = (bytes: Buffer, records: number) => {
      let at = -1;
      for (let i = 0; i < records; i++) at = bytes.indexOf(0x0a, at + 1);
      return at + 1;
    };
    expect(report.auditRecordsInSnapshot).toBeGreaterThan(10);
    const backupPoint = endOfRecord(auditBefore, report.auditRecordsInSnapshot);
    expect(backupPoint).toBeGreaterThan(0);
    expect(endOfRecord(auditAfter, report.auditRecordsInSnapshot)).toBe(backupPoint);
    expect(auditAfter.subarray(0, backupPoint).equals(auditBefore.subarray(0, backupPoint))).toBe(true);
    expect(auditAfter.subarray(backupPoint).toString()).toContain('"action":"backup.restored"');
    expect(await readFile(path.join(dataDir, 'keys', 'station-key.pub.pem'), 'utf8')).toBe(publicKeyBefore);
    expect(await readdir(path.join(dataDir, 'keys'))).toContain('backup-key');

    // The restored station opens, has every clip with its label, verifies, and ingests again.
    opened = await openStationFromDataDir({ dataDir });
    const clipsAfter = await allClips(opened);
    const strip = (clips: Clip[]) => clips.map((c) => ({ id: c.id, size: c.size, label: c.label, originalPath: c.originalPath })).sort((a, b) => a.id.localeCompare(b.id));
    expect(strip(clipsAfter)).toEqual(strip(clipsBefore));
    const verified = await opened.station.execute('audit.verify', {}, officer);
    if (!verified.ok) throw new Error(verified.error.message);
    expect(verified.value.ok).toBe(true);
    if (verified.value.ok) expect(verified.value.checkpointsVerified).toBeGreaterThan(0);
    await writeSimulatedCamera(path.join(work, 'cam2'), { clipCount: 1, deviceNumber: 'DSJ-A8-0099' } as never);
    const newIds = await ingest(opened, path.join(work, 'cam2'));
    expect(newIds.length).toBeGreaterThan(0);
    const idsNow = new Set((await allClips(opened)).map((c) => c.id));
    for (const id of [...newIds, ...clipsBefore.map((c) => c.id)]) expect(idsNow.has(id)).toBe(true);
  }, 120_000);
});
