/**
 * Fixity (issue C item 6) on a real data folder: an emulated camera ingested by the real station, then
 * the vault damaged the ways storage fails - a flipped bit, a lost object, a stray file - and put right.
 * Every run must say exactly what is wrong (clip, expected vs actual), audit it, and the CLI must exit 4.
 */
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import { buildProgram } from '../../electron/cli/index.js';
import type { EventPayload } from '../../electron/contract/index.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { staffCall } from '../fakes/actors.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('fixity on a real vault', () => {
  let work: string;
  let dataDir: string;
  let opened: OpenedStation;
  let clipIds: string[];
  const officer: CallContext = { via: 'cli' };
  const notices: EventPayload<'station.notice'>[] = [];
  const progress: EventPayload<'fixity.progress'>[] = [];

  async function open(): Promise<void> {
    opened = await openStationFromDataDir({ dataDir });
    opened.station.events.on('station.notice', (n) => notices.push(n));
    opened.station.events.on('fixity.progress', (p) => progress.push(p));
    officer.operator = undefined;
    Object.assign(officer, staffCall({ displayName: '档案员', badgeNumber: '0001' }));
  }

  async function runFixity() {
    const started = await opened.station.execute('fixity.run', {}, officer);
    if (!started.ok) throw new Error(started.error.message);
    await opened.station.fixity?.whenIdle();
    const status = await opened.station.execute('fixity.status', {}, officer);
    if (!status.ok) throw new Error(status.error.message);
    return { runId: started.value.runId, status: status.value };
  }

  const objectPath = (id: string) => path.join(dataDir, 'vault', 'objects', id.slice(0, 2), id.slice(2, 4), id);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-fixity-'));
    dataDir = path.join(work, 'data');
    const camera = path.join(work, 'cam');
    await writeSimulatedCamera(camera, { clipCount: 2, clipSeconds: 1 });
    await open();
    const started = await opened.station.execute('docks.ingestFolder', { path: camera }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const session = await opened.station.whenDocked(started.value.sessionId);
    await opened.station.idle();
    expect(session.problems).toEqual([]);
    clipIds = session.clipIds;
    expect(clipIds.length).toBeGreaterThanOrEqual(3);
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('finds every object good on a healthy vault, and audits start and result', async () => {
    const { runId, status } = await runFixity();
    expect(status.problems).toEqual([]);
    expect(status.lastRun).toMatchObject({ runId, complete: true, objectsChecked: clipIds.length, good: clipIds.length, mismatched: 0, missing: 0, unknown: 0 });
    expect(status.objectsVerified).toBe(clipIds.length);
    expect(Date.parse(status.nextDueAt) - Date.parse(status.lastRun?.startedAt ?? '')).toBe(7 * 24 * 3_600_000);
    const records = await fixityRecords(runId);
    expect(records.map((r) => r.action).sort()).toEqual(['fixity.finished', 'fixity.started']);
    expect(progress.some((p) => p.runId === runId && p.state === 'done' && p.objectsDone === clipIds.length)).toBe(true);
  });

  it('names a flipped bit with expected and actual hash and the clip, audits it, and the CLI exits 4', async () => {
    const id = clipIds[0] ?? '';
    const file = objectPath(id);
    const original = await readFile(file);
    const damaged = Buffer.from(original);
    const at = Math.floor(damaged.length / 2);
    damaged[at] = (damaged[at] ?? 0) ^ 0x01;
    await chmod(file, 0o644); // the vault stores originals read-only
    await writeFile(file, damaged);
    await chmod(file, 0o444);
    await writeFile(path.join(work, 'original.bin'), original);

    notices.length = 0;
    const { runId, status } = await runFixity();
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0]).toMatchObject({ kind: 'mismatch', clipId: id, expected: id, actual: sha256(damaged), runId });
    expect(status.lastRun).toMatchObject({ mismatched: 1, good: clipIds.length - 1 });
    expect(notices.some((n) => n.level === 'error' && n.code === 'FIXITY_MISMATCH' && n.params.clip === id && n.params.actual === sha256(damaged))).toBe(true);
    const history = await opened.station.execute('clips.get', { id }, officer);
    if (!history.ok) throw new Error(history.error.message);
    const problem = history.value.history.find((r) => r.action === 'fixity.problem');
    expect(problem?.detail).toMatchObject({ runId, kind: 'mismatch', expected: id, actual: sha256(damaged) });

    // The command line, on the same data folder (the station holds its lock, so it is closed first).
    await opened.dispose();
    const out: string[] = [];
    const previousExit = process.exitCode;
    try {
      // Issue F: the CLI signs in as an account (the first administrator, made here through the CLI too).
      process.env.EVIDENCE_STATION_PASSWORD = 'Admin-pass-2026';
      await buildProgram({ out: () => undefined, err: () => undefined }).parseAsync(['node', 'evidence-station', '--data', dataDir, 'users', 'create-admin', '--username', 'admin', '--display-name', '管理员']);
      await buildProgram({ out: (t) => out.push(t), err: () => undefined }).parseAsync(['node', 'evidence-station', '--data', dataDir, '--lang', 'en', '--user', 'admin', 'fixity']);
      expect(process.exitCode).toBe(4);
    } finally {
      process.exitCode = previousExit;
      delete process.env.EVIDENCE_STATION_PASSWORD;
    }
    expect(out.join('\n')).toContain(`DAMAGED`);
    expect(out.join('\n')).toContain(id);
    expect(out.join('\n')).toContain('disc or backup');
    await open();
  });

  it('reports a lost object as missing and a stray file as unknown', async () => {
    const lost = clipIds[1] ?? '';
    await copyFile(objectPath(lost), path.join(work, 'lost.bin'));
    await rm(objectPath(lost), { force: true });
    const strayBytes = Buffer.from('not from any camera');
    const straySha = sha256(strayBytes);
    const strayPath = objectPath(straySha);
    await mkdir(path.dirname(strayPath), { recursive: true });
    await writeFile(strayPath, strayBytes);
    await writeFile(path.join(dataDir, 'vault', 'objects', 'notes.txt'), 'left here by someone');

    const { status } = await runFixity();
    const byKind = (kind: string) => status.problems.filter((p) => p.kind === kind);
    expect(byKind('mismatch').map((p) => p.clipId)).toEqual([clipIds[0]]);
    expect(byKind('missing')).toEqual([expect.objectContaining({ clipId: lost, expected: lost })]);
    expect(byKind('unknown').map((p) => p.key).sort()).toEqual([`${straySha.slice(0, 2)}/${straySha.slice(2, 4)}/${straySha}`, 'notes.txt'].sort());
    expect(status.lastRun).toMatchObject({ mismatched: 1, missing: 1, unknown: 2 });
    // The damaged object stays listed, first seen in the earlier run.
    expect(byKind('mismatch')[0]?.firstSeenAt).not.toBe(byKind('mismatch')[0]?.lastSeenAt);
    await rm(strayPath);
    await rm(path.join(dataDir, 'vault', 'objects', 'notes.txt'));
  });

  it('finds everything good again once the original bytes are restored from a copy', async () => {
    const damagedId = clipIds[0] ?? '';
    await chmod(objectPath(damagedId), 0o644);
    await writeFile(objectPath(damagedId), await readFile(path.join(work, 'original.bin')));
    await chmod(objectPath(damagedId), 0o444);
    await copyFile(path.join(work, 'lost.bin'), objectPath(clipIds[1] ?? ''));

    const { status } = await runFixity();
    expect(status.problems).toEqual([]);
    expect(status.lastRun).toMatchObject({ complete: true, good: clipIds.length, mismatched: 0, missing: 0, unknown: 0 });
    const verify = await opened.station.execute('audit.verify', {}, officer);
    expect(verify.ok && verify.value.ok).toBe(true);
  });

  async function fixityRecords(runId: string) {
    const text = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { action: string; target: string })
      .filter((r) => r.target === `fixity:${runId}`);
  }
});
