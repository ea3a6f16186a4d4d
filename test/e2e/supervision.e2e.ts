/**
 * Supervision end to end against the built station and its real accounts (issue F part 2): the CLI as
 * each person would use it, over the same contract commands, permission table and audit trail as the
 * screens. A supervisor asks for a gap explanation and the officer who recorded it answers; the monthly
 * sample is drawn and reviewed and the officer sees the result; a copy for a party is requested,
 * approved by the head only, refused on a missing and on a full disk, then produced and its manifest
 * verifies by re-hashing every file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodContaining } from '../../electron/core/supervision/periods.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { ACCOUNTS, type SeedAccount } from './support/accounts.js';
import { repoRoot, startStation, type RunningStation } from './support/station-process.js';

const exec = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let station: RunningStation;
let dataDir: string;
let tmpfs: string | undefined;
const recordedAt = new Date(Date.now() - 3 * 3_600_000);
/**
 * The supervising side is the head (a supervisor of the whole bureau): the emulated camera reports its
 * own department (第一执法大队), which is not the seeded supervisor's 执法一科, so a department
 * supervisor would not see this footage at all (docs/access-control.md). Refusals use the others.
 */
const reviewer = ACCOUNTS.head;

/** Runs the built CLI as `who` (password from the environment, as the docs tell a script to). */
async function as(who: SeedAccount, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [path.join(repoRoot, 'bin', 'evidence-station.mjs'), '--json', '--lang', 'zh', '--data', dataDir, '--user', who.username, ...args], {
      cwd: repoRoot,
      env: { ...process.env, LANG: 'zh_CN.UTF-8', EVIDENCE_STATION_PASSWORD: who.password },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function ok<T>(who: SeedAccount, args: string[]): Promise<T> {
  const result = await as(who, args);
  if (result.code !== 0) throw new Error(`evidence-station ${args.join(' ')} as ${who.username} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function auditActions(): string[] {
  return readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { action: string }).action);
}

interface Gap {
  id: string;
  request?: { by: string };
  beforeClipId: string;
  afterClipId: string;
  minutes: number;
  overThreshold: boolean;
  status: string;
  explanation?: { text: string };
}

beforeAll(async () => {
  // Accounts and the camera registration through the CLI, the way startStation seeds every e2e station;
  // the web host is not needed here (the data folder is one process's at a time).
  station = await startStation();
  await station.stop();
  dataDir = path.join(station.work, 'data');
  // Two recordings of the same camera 20 minutes apart: one event with a gap longer than 5 minutes.
  for (const [name, offsetMinutes] of [['first', 0], ['second', 20]] as const) {
    const root = path.join(station.work, `camera-${name}`);
    await writeSimulatedCamera(root, { clipCount: 2, withGap: false, recordedAt: new Date(recordedAt.getTime() + offsetMinutes * 60_000) });
    await ok(ACCOUNTS.officer, ['ingest', '--source', root]);
  }
}, 180_000);

afterAll(async () => {
  if (tmpfs) {
    try {
      execFileSync('umount', [tmpfs]);
    } catch {
      // not mounted
    }
  }
  await station?.stop();
  if (station) await rm(station.work, { recursive: true, force: true });
});

describe('a recording gap explained in writing (R1.3)', () => {
  it('is flagged on the continuity timeline, asked for by the station after the dock, and answered by the officer who recorded it', async () => {
    const timeline = await ok<{ thresholdMinutes: number; events: { gaps: Gap[] }[] }>(reviewer, ['gaps', 'timeline']);
    const flagged = timeline.events.flatMap((event) => event.gaps).filter((gap) => gap.overThreshold);
    expect(flagged).toHaveLength(1);
    const gap = flagged[0] as Gap;
    expect(gap.minutes).toBeGreaterThan(timeline.thresholdMinutes);
    // The second dock created the gap: the station asked the officer by itself.
    expect(gap).toMatchObject({ status: 'requested', request: { by: 'station:continuity' } });

    const refusedOfficer = await as(ACCOUNTS.officer, ['gaps', 'request', '--before', gap.beforeClipId, '--after', gap.afterClipId]);
    expect(refusedOfficer.code).toBe(5);
    const requested = await ok<Gap>(reviewer, ['gaps', 'request', '--before', gap.beforeClipId, '--after', gap.afterClipId, '--note', '请说明中断原因']);
    expect(requested).toMatchObject({ id: gap.id, status: 'requested' });

    const mine = await ok<Gap[]>(ACCOUNTS.officer, ['gaps', 'list', '--mine']);
    expect(mine.map((g) => g.id)).toEqual([requested.id]);
    const stranger = await as(ACCOUNTS.otherOfficer, ['gaps', 'explain', '--gap', requested.id, '--text', '不是我的录像']);
    expect(stranger.code).toBe(5);
    const explained = await ok<Gap>(ACCOUNTS.officer, ['gaps', 'explain', '--gap', requested.id, '--text', '电池耗尽，更换电池后继续录制']);
    expect(explained.explanation?.text).toBe('电池耗尽，更换电池后继续录制');

    const after = await ok<{ events: { gaps: Gap[] }[] }>(reviewer, ['gaps', 'timeline']);
    expect(after.events.flatMap((e) => e.gaps).find((g) => g.id === requested.id)?.status).toBe('explained');
    expect(auditActions()).toEqual(expect.arrayContaining(['gap.explanation-requested', 'gap.explained', 'access.refused']));
  });
});

describe('the monthly spot-check sample (R6.1)', () => {
  it('is drawn once per period, reviewed by a supervisor, and its result shown to the officer', async () => {
    const period = periodContaining(recordedAt, 1);
    expect((await as(ACCOUNTS.officer, ['spotcheck', 'draw', '--period', period])).code).toBe(5);
    const first = await ok<{ draw: { seed: string; itemIds: string[]; officers: { officerKey: string; population: number; drawn: number }[] }; alreadyDrawn: boolean }>(reviewer, ['spotcheck', 'draw', '--period', period]);
    expect(first.alreadyDrawn).toBe(false);
    expect(first.draw.seed).toMatch(/^[0-9a-f]{64}$/);
    // Every video and audio clip of the period is 张伟's (identical files of the two dockings are one clip).
    const catalogue = await ok<{ items: { kind: string }[] }>(ACCOUNTS.clerk, ['catalogue']);
    const population = catalogue.items.filter((clip) => clip.kind === 'video' || clip.kind === 'audio').length;
    expect(population).toBeGreaterThan(3);
    expect(first.draw.officers).toEqual([{ officerKey: '3201008', officerName: '张伟', population, drawn: 3 }]);
    const again = await ok<{ alreadyDrawn: boolean; draw: { itemIds: string[] } }>(reviewer, ['spotcheck', 'draw', '--period', period]);
    expect(again).toMatchObject({ alreadyDrawn: true, draw: { itemIds: first.draw.itemIds } });

    expect((await as(ACCOUNTS.officer, ['spotcheck', 'queue'])).code).toBe(5);
    const queue = await ok<{ id: string; officerKey: string }[]>(reviewer, ['spotcheck', 'queue']);
    expect(queue).toHaveLength(3);
    const [item] = queue;
    await ok(reviewer, ['spotcheck', 'review', '--item', item?.id ?? '', '--full', 'yes', '--lawful', 'yes', '--interruptions', 'yes', '--findings', '全程记录，程序规范']);
    const twice = await as(reviewer, ['spotcheck', 'review', '--item', item?.id ?? '', '--full', 'no', '--lawful', 'no', '--interruptions', 'no']);
    expect(twice.code).toBe(5);
    expect(twice.stderr).toContain('已由');
    expect((await ok<unknown[]>(reviewer, ['spotcheck', 'queue'])).length).toBe(2);

    const mine = await ok<{ review?: { findings: string; recordedInFull: boolean } }[]>(ACCOUNTS.officer, ['spotcheck', 'mine']);
    expect(mine.map((m) => m.review)).toEqual([expect.objectContaining({ findings: '全程记录，程序规范', recordedInFull: true })]);
    expect(auditActions()).toEqual(expect.arrayContaining(['spotcheck.drawn', 'spotcheck.reviewed']));
  });
});

describe('a copy for a party (R5.2)', () => {
  it('needs the head, refuses a missing or full disk plainly, and produces a package whose manifest verifies', async () => {
    const clips = await ok<{ items: { id: string; kind: string }[] }>(ACCOUNTS.clerk, ['catalogue']);
    const clipIds = clips.items.filter((clip) => clip.kind === 'video').slice(0, 2).map((clip) => clip.id);
    expect(clipIds).toHaveLength(2);
    const ask = ['party-copy', 'request', '--name', '李四', '--id-type', 'resident-id', '--reason', '申请行政复议', '--clip', ...clipIds];
    const badId = await as(ACCOUNTS.clerk, [...ask.slice(0, 6), '--id-number', '110105194912310021', ...ask.slice(6)]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('校验码');
    const request = await ok<{ id: string; idDocumentNumber: string; status: string }>(ACCOUNTS.clerk, [...ask, '--id-number', '11010519491231002X']);
    expect(request).toMatchObject({ status: 'pending', idDocumentNumber: '110***********002X' });

    expect((await as(ACCOUNTS.clerk, ['party-copy', 'produce', '--id', request.id, '--to', station.work])).code).toBe(5);
    expect((await as(ACCOUNTS.supervisor, ['party-copy', 'approve', '--id', request.id])).code).toBe(5);
    await ok(ACCOUNTS.head, ['party-copy', 'approve', '--id', request.id, '--note', '同意复制']);

    const removed = path.join(station.work, 'usb-removed');
    const missing = await as(ACCOUNTS.clerk, ['party-copy', 'produce', '--id', request.id, '--to', removed]);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toContain('不存在');

    tmpfs = path.join(station.work, 'usb-small');
    await mkdir(tmpfs);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tmpfs]);
    const full = await as(ACCOUNTS.clerk, ['party-copy', 'produce', '--id', request.id, '--to', tmpfs]);
    expect(full.code).toBe(6);
    expect(full.stderr).toContain('空间不足');
    expect(readdirSync(tmpfs)).toEqual([]);

    const usb = path.join(station.work, 'usb1');
    await mkdir(usb);
    const { folder, files, manifestSha256 } = await ok<{ folder: string; files: { path: string; sha256: string; role: string }[]; manifestSha256: string }>(ACCOUNTS.clerk, ['party-copy', 'produce', '--id', request.id, '--to', usb]);
    expect(path.dirname(folder)).toBe(usb);
    expect(files.map((f) => f.role)).toEqual(['copy', 'copy', 'cover-sheet']);
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    for (const line of readFileSync(path.join(folder, 'manifest-sha256.txt'), 'utf8').trim().split('\n')) {
      const [hash, name] = line.split('  ') as [string, string];
      expect(sha(path.join(folder, name)), name).toBe(hash);
    }
    expect(sha(path.join(folder, 'manifest-sha256.txt'))).toBe(manifestSha256);
    expect(files.filter((f) => f.role === 'copy').map((f) => f.sha256).sort()).toEqual([...clipIds].sort());
    expect((await as(ACCOUNTS.clerk, ['party-copy', 'produce', '--id', request.id, '--to', usb])).code).toBe(5);

    const audit = readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; detail?: { destination?: string; code?: string }; after?: { destination?: string } });
    expect(audit.filter((r) => r.action === 'party-copy.export-refused').map((r) => [r.detail?.destination, r.detail?.code])).toEqual([
      [removed, 'EXPORT_DESTINATION_MISSING'],
      [tmpfs, 'DISK_FULL'],
    ]);
    expect(audit.find((r) => r.action === 'party-copy.produced')?.after?.destination).toBe(usb);
    expect(audit.filter((r) => r.action === 'clip.exported')).toHaveLength(2);
    expect(existsSync(path.join(dataDir, 'supervision', 'supervision.json'))).toBe(true);
  });
});
