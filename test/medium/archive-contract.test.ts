/**
 * The archive's eight commands and its progress event through the one contract (Station.execute and
 * station.events, what Electron IPC and the web host carry): unidentified callers refused, requests
 * parsed with the contract schemas, ArchiveError codes kept, archive.progress forwarded.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import { commandNames, eventNames, type EventPayload } from '../../electron/contract/index.js';
import { archiveCommandNames } from '../../electron/contract/archive.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { staffCall } from '../fakes/actors.js';

const CASE = '清国土罚（2026）31号';

describe('archive commands through the station contract', () => {
  let work: string;
  let opened: OpenedStation;
  const clerk: CallContext = { via: 'web' };
  const stranger: CallContext = { via: 'web' };
  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-archive-contract-'));
    opened = await openStationFromDataDir({ dataDir: path.join(work, 'data') });
    Object.assign(clerk, staffCall({ displayName: '陈静', badgeNumber: '1002' }));
    clerk.operator = '陈静(1002)';
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('the contract carries the eight commands and the progress event', () => {
    for (const name of archiveCommandNames) expect(commandNames).toContain(name);
    expect(eventNames).toContain('archive.progress');
  });

  it('refuses an unidentified caller, parses requests with the contract schemas, keeps ArchiveError codes', async () => {
    for (const name of archiveCommandNames) {
      const refused = await opened.station.execute(name, name === 'archive.queue' || name === 'archive.discs' ? {} : { discId: 'x', jobId: 'x', shelf: 'A', caseNumber: CASE, target: '/tmp' }, stranger);
      expect(refused.ok, name).toBe(false);
      if (!refused.ok) expect(['UNAUTHENTICATED', 'INVALID_REQUEST'], name).toContain(refused.error.code);
    }
    const queue = await opened.station.execute('archive.queue', {}, stranger);
    expect(queue.ok ? 'ok' : queue.error.code).toBe('UNAUTHENTICATED');
    const bad = await opened.station.execute('archive.start', { target: '/tmp' }, clerk);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_REQUEST');
    const missing = await opened.station.execute('archive.disc', { discId: 'ES-nope' }, clerk);
    expect(missing.ok ? 'ok' : missing.error.code).toBe('ARCHIVE_DISC_NOT_FOUND');
    expect(ok(await opened.station.execute('archive.discs', { due: true }, clerk))).toEqual({ discs: [], due: [] });
  });

  it('archives a labelled case to a folder with progress on station.events, then registers a verified disc', async () => {
    const camera = path.join(work, 'cam');
    await writeSimulatedCamera(camera, { clipCount: 1 });
    const { sessionId } = ok(await opened.station.execute('docks.ingestFolder', { path: camera }, clerk));
    const clipIds = (await opened.station.whenDocked(sessionId)).clipIds;
    await opened.station.idle();
    ok(await opened.station.execute('clips.label', { ids: clipIds, label: { caseNumber: CASE, party: '某某化工厂', handler: '陈静', stage: 'procedure-start', location: '工业园区三路', longTerm: 'evidence' } }, clerk));
    const queue = ok(await opened.station.execute('archive.queue', {}, clerk));
    expect(queue.entries.map((e) => e.caseNumber)).toEqual([CASE]);

    const steps: EventPayload<'archive.progress'>['step'][] = [];
    const off = opened.station.events.on('archive.progress', (p) => steps.push(p.step));
    const disk = path.join(work, 'usb');
    await mkdir(disk);
    const started = ok(await opened.station.execute('archive.start', { caseNumber: CASE, target: disk }, clerk));
    const job = await opened.archive.service.whenFinished(started.jobId);
    off();
    expect(job.state, job.error?.message).toBe('done');
    expect(steps).toContain('writing');
    expect(steps).toContain('verifying');
    expect(steps.at(-1)).toBe('done');
    expect(ok(await opened.station.execute('archive.job', { jobId: started.jobId }, clerk)).state).toBe('done');
    const { discs } = ok(await opened.station.execute('archive.discs', {}, clerk));
    expect(discs.map((d) => d.status)).toEqual(['verified']);
    const shelved = ok(await opened.station.execute('archive.shelve', { discId: discs[0]?.id ?? '', shelf: '档案室 A-1' }, clerk));
    expect(shelved.shelf).toBe('档案室 A-1');
    expect(ok(await opened.station.execute('archive.queue', {}, clerk)).entries).toEqual([]);
  });
});
