/**
 * Long-term copies on the real stack: an emulated camera docked into the real vault and catalogue,
 * labelled for long-term keeping, then burnt with the real xorriso to its file pseudo-drive
 * (-outdev stdio:IMAGE), read back with osirrox FROM THE IMAGE FILE, verified against the catalogue,
 * registered and audited. The image is then checked from the outside (osirrox extraction, the BagIt
 * manifests with sha256sum -c, bag-info, index.html, the PDF sheet with pdftotext), corrupted inside a
 * file's extent, and re-checked. A second station run spans a set over several discs.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveDirs } from '../../electron/adapters/archive/open-archive.js';
import { createDiscWriters } from '../../electron/adapters/archive/disc-writers.js';
import { runTool } from '../../electron/adapters/archive/tool-process.js';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import type { ArchiveJob } from '../../electron/core/archive/model.js';
import type { DiscWriter, DiscWriterFactory } from '../../electron/core/archive/ports.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { extractArgs, listFilesArgs } from '../../native/linux/xorriso-commands.js';
import { filesFromExtents, parseReportLba } from '../../native/linux/xorriso-output.js';
import { sha256File } from '../fixtures/sha256-file.js';
import { staffCall } from '../fakes/actors.js';

const execFileAsync = promisify(execFile);
const artefacts = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artefacts', 'archive');
const CASE_A = '清国土罚（2026）12号';
const CASE_B = '清国土罚（2026）13号';
const env = { ...process.env, LC_ALL: 'C.UTF-8' };
const XORRISO_MISSING = spawnSync('xorriso', ['-version']).error !== undefined ? 'xorriso missing: apt-get install -y xorriso' : undefined;


async function hasTool(tool: string): Promise<boolean> {
  return execFileAsync('sh', ['-c', `command -v ${tool}`]).then(
    () => true,
    () => false,
  );
}

/** Extracts a whole image with osirrox into `into` (the test's own read of the disc). */
async function extractImage(image: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  const run = await runTool('xorriso', extractArgs(`stdio:${image}`, [{ isoPath: '/', diskPath: into }]), { env });
  expect(run.exitCode).toBe(0);
}

async function walk(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(root, rel)));
    else out.push(rel);
  }
  return out;
}

/** Wraps the real writer factory so images whose name contains "-span" plan as a tiny disc. */
function spanningWriters(dataDir: string, capacityBytes: number): DiscWriterFactory {
  const real = createDiscWriters({ scratchDir: archiveDirs(dataDir).scratch });
  return {
    forTarget(target) {
      const writer = real.forTarget(target);
      if (target.kind !== 'image' || !target.path.includes('-span')) return writer;
      const capped: DiscWriter = {
        kind: writer.kind,
        target: writer.target,
        capacity: async () => ({ capacityBytes, single: false }),
        write: (request, onProgress, signal) => writer.write(request, onProgress, signal),
        readBack: (location, expected, onProgress, signal) => writer.readBack(location, expected, onProgress, signal),
        release: (location) => writer.release(location),
      };
      return capped;
    },
  };
}

describe('burning a case to disc (xorriso stdio pseudo-drive) and verifying it from the image', () => {
  let work: string;
  let opened: OpenedStation;
  const clerk: CallContext = { via: 'cli' };
  let caseA: string[] = [];
  let caseB: string[] = [];
  // Usable per disc ≈ 1000 KiB: case A (four clips of ~370 KB, a photo + sheets) needs two discs, case B fits one.
  const SPAN_CAPACITY = Math.ceil((1000 * 1024 + 4 * 1024 * 1024 + 1024 * 1024 + 14 * 1024) / 0.995);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-archive-'));
    await mkdir(artefacts, { recursive: true });
    const dataDir = path.join(work, 'data');
    opened = await openStationFromDataDir({ dataDir, archive: { writers: spanningWriters(dataDir, SPAN_CAPACITY) } });
    const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    Object.assign(clerk, staffCall({ displayName: '王芳', badgeNumber: '1001' }));
    const dock = async (dir: string, options: Parameters<typeof writeSimulatedCamera>[1]) => {
      await writeSimulatedCamera(dir, options);
      const { sessionId } = ok(await opened.station.execute('docks.ingestFolder', { path: dir }, clerk));
      const session = await opened.station.whenDocked(sessionId);
      await opened.station.idle();
      return session.clipIds;
    };
    // Four clips: case A must clearly exceed one spanning disc whatever the encoder's exact sizes.
    const sessionA = await dock(path.join(work, 'cam-a'), { clipCount: 4 });
    caseB = await dock(path.join(work, 'cam-b'), { clipCount: 1, deviceNumber: 'DSJ-A8-0009', officerName: '李娜', officerNumber: '3201009' });
    // The emulator writes the same audio on every camera: one content, one clip (labelled with case B below).
    caseA = sessionA.filter((id) => !caseB.includes(id));
    const label = { party: '清远市宏达建材有限公司', handler: '张伟', stage: 'investigation' as const, location: '清城区石角镇塘头村' };
    ok(await opened.station.execute('clips.label', { ids: caseA, label: { ...label, caseNumber: CASE_A, longTerm: 'evidence' } }, clerk));
    ok(await opened.station.execute('clips.label', { ids: caseB, label: { ...label, caseNumber: CASE_B, party: '某某村民委员会', longTerm: 'dispute' } }, clerk));
  });

  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  const run = async <T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> => {
    const result = await promise;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  it('queues footage labelled for long-term keeping, by case', async () => {
    const queue = await run(opened.archive.commands.execute('archive.queue', {}, clerk));
    expect(queue.entries.map((e) => e.caseNumber).sort()).toEqual([CASE_A, CASE_B]);
    expect(queue.entries.find((e) => e.caseNumber === CASE_A)?.clipIds.sort()).toEqual([...caseA].sort());
  });

  let job: ArchiveJob;
  let image: string;

  it('burns case A to a stdio image plus a second copy in a folder, reads both back, and registers them as verified', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    await run(opened.archive.commands.execute('archive.queueAdd', { caseNumber: CASE_A, copies: 2, note: '重要案件，两份副本' }, clerk));
    image = path.join(work, 'case-a.iso');
    const steps = new Set<string>();
    const onProgress = (p: { step: string }) => steps.add(p.step);
    opened.archive.service.events.on('progress', onProgress);
    const started = await run(opened.archive.commands.execute('archive.start', { caseNumber: CASE_A, target: `stdio:${image}`, media: 'dvd', secondTarget: path.join(work) }, clerk));
    job = await opened.archive.service.whenFinished(started.jobId);
    opened.archive.service.events.off('progress', onProgress);
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('done');
    expect([...steps]).toEqual(['planning', 'packaging', 'burning', 'verifying', 'registering', 'writing', 'done']);
    const [imageDisc, folderDisc] = job.copies.map((copy) => opened.archive.service.disc(copy.discIds[0] ?? ''));
    expect(imageDisc).toMatchObject({ kind: 'image', location: image, media: 'dvd', status: 'verified', caseNumbers: [CASE_A], createdBy: '王芳(1001)' });
    expect(imageDisc?.verifications[0]).toMatchObject({ ok: true, fromDevice: false, filesChecked: caseA.length * 2 + 7 });
    expect(folderDisc).toMatchObject({ kind: 'folder', status: 'verified', copy: 2 });
    expect((await stat(image)).size).toBeGreaterThan(0);
    // Nothing left behind in staging or scratch.
    expect(await readdir(archiveDirs(opened.dataDir).staging)).toEqual([]);
    expect(await readdir(archiveDirs(opened.dataDir).scratch)).toEqual([]);
    const queue = await run(opened.archive.commands.execute('archive.queue', {}, clerk));
    expect(queue.entries.map((e) => e.caseNumber)).toEqual([CASE_B]);
  });

  it('the image is a valid BagIt bag: manifests check with sha256sum, footage matches the catalogue, bag-info names the audit record', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    const out = path.join(work, 'extracted-a');
    await extractImage(image, out);
    expect(await readFile(path.join(out, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    // The real sha256sum, as a court's expert would run it.
    await execFileAsync('sha256sum', ['--strict', '-c', 'manifest-sha256.txt'], { cwd: out });
    await execFileAsync('sha256sum', ['--strict', '-c', 'tagmanifest-sha256.txt'], { cwd: out });
    const manifest = (await readFile(path.join(out, 'manifest-sha256.txt'), 'utf8')).trim().split('\n');
    for (const id of caseA) expect(manifest.some((line) => line.startsWith(`${id}  data/${CASE_A}/清远市宏达建材有限公司/DSJ-A8-0007/`))).toBe(true);
    expect(manifest.filter((line) => line.endsWith('.取证说明.pdf'))).toHaveLength(caseA.length);
    const files = await walk(out);
    expect(files.filter((f) => f.startsWith('data/'))).toHaveLength(caseA.length * 2);
    for (const f of ['bag-info.txt', 'index.html', 'README.txt', 'set-index.txt', 'tagmanifest-sha256.txt']) expect(files).toContain(f);

    const bagInfo = await readFile(path.join(out, 'bag-info.txt'), 'utf8');
    const started = (await readFile(path.join(opened.dataDir, 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; target: string; seq: number; hash: string })
      .find((r) => r.action === 'archive.started' && r.target === `archive-set:${job.setId}`);
    expect(bagInfo).toContain(`Audit-Record-Hash: ${started?.hash}\n`);
    expect(bagInfo).toContain(`Audit-Record-Seq: ${started?.seq}\n`);
    // With a station signing key (electron/adapters/audit/checkpointing-audit-log.ts), the bag also
    // carries a signed checkpoint covering at least the record that started it.
    const checkpointSeq = /Audit-Checkpoint-Seq: (\d+)\n/.exec(bagInfo)?.[1];
    if (checkpointSeq !== undefined) {
      expect(Number(checkpointSeq)).toBeGreaterThanOrEqual(started?.seq ?? Number.POSITIVE_INFINITY);
      expect(bagInfo).toMatch(/Audit-Checkpoint-Signature: \S+\n/);
    }
    expect(bagInfo).toContain(`Case-Number: ${CASE_A}\n`);
    expect(bagInfo).toContain('Party: 清远市宏达建材有限公司\n');
    expect(bagInfo).toContain('Handler: 张伟\n');
    expect(bagInfo).toContain('Bag-Count: 1 of 1\n');
    expect(bagInfo).toMatch(/Bagging-Date: \d{4}-\d{2}-\d{2}\n/);
    expect(bagInfo).toMatch(/Station: .+ \(Evidence Station .+\)\n/);

    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(caseA.length * 2);
    for (const href of hrefs) await stat(path.join(out, href));
  });

  it('writes the evidence explanation sheet in readable Chinese (pdftotext), and a printable label', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    if (!(await hasTool('pdftotext'))) ctx.skip('pdftotext missing: apt-get install -y poppler-utils');
    const out = path.join(work, 'extracted-a');
    const sheets = (await walk(out)).filter((f) => f.endsWith('.取证说明.pdf'));
    const video = sheets.find((f) => f.includes('.MP4')) ?? '';
    const { stdout } = await execFileAsync('pdftotext', ['-layout', path.join(out, video), '-']);
    for (const words of ['执法记录仪视听资料取证说明', '取证人员', '张伟', '取证时间', '取证地点', '清城区石角镇塘头村', '执法记录设备', 'DSJ-A8-0007', CASE_A, '作为证据使用', '取证人员（签名）']) {
      expect(stdout).toContain(words);
    }
    const clipIdOfSheet = caseA.find((id) => stdout.replace(/\s+/g, '').includes(id));
    expect(clipIdOfSheet).toBeDefined();
    if (await hasTool('pdftoppm')) await execFileAsync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(out, video), path.join(artefacts, 'evidence-sheet')]);

    const disc = opened.archive.service.disc(job.copies[0]?.discIds[0] ?? '');
    expect(disc.labelPdf).toBeDefined();
    const label = await execFileAsync('pdftotext', [disc.labelPdf ?? '', '-']);
    expect(label.stdout).toContain(disc.id);
    expect(label.stdout).toContain('长期保存光盘');
    if (await hasTool('pdftoppm')) await execFileAsync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', disc.labelPdf ?? '', path.join(artefacts, 'disc-label')]);
  });

  it('every step is in the audit log, under the clerk’s name, and each clip’s history names its discs', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    const verified = await run(opened.station.execute('audit.verify', {}, clerk));
    expect(verified.ok).toBe(true);
    const history = await run(opened.station.execute('clips.get', { id: caseA[0] ?? '' }, clerk));
    const archived = history.history.filter((r) => r.action === 'clip.archived');
    expect(archived.map((r) => (r.detail as { discId: string }).discId).sort()).toEqual(job.copies.map((c) => c.discIds[0]).sort());
    expect(archived.every((r) => r.actor === '王芳(1001)')).toBe(true);
  });

  it('finds a byte flipped inside a file’s extent in the image, marks the disc failed and puts the case back in the queue', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    const discId = job.copies[0]?.discIds[0] ?? '';
    const listing = await runTool('xorriso', listFilesArgs(`stdio:${image}`), { env });
    const target = filesFromExtents(parseReportLba(listing.lines.join('\n'))).find((f) => f.path.endsWith('.MP4'));
    const extent = target?.extents[0];
    if (target === undefined || extent === undefined) throw new Error('no MP4 on the disc');
    const handle = await open(image, 'r+');
    const offset = extent.startLba * 2048 + 4096;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    await handle.write(Buffer.from([byte[0] === undefined ? 0 : byte[0] ^ 0xff]), 0, 1, offset);
    await handle.close();

    const started = await run(opened.archive.commands.execute('archive.verify', { discId }, clerk));
    const result = await opened.archive.service.whenFinished(started.jobId);
    expect(result.state).toBe('failed');
    expect(result.error?.code).toBe('ARCHIVE_VERIFY_FAILED');
    const bagPath = target.path.slice(1);
    const clip = opened.archive.service.disc(discId).files.find((f) => f.path === bagPath);
    expect(result.verification?.problems).toEqual([{ path: bagPath, problem: 'mismatch', expected: clip?.clipId, actual: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(opened.archive.service.disc(discId).status).toBe('failed-verification');
    const queue = await run(opened.archive.commands.execute('archive.queue', {}, clerk));
    const entry = queue.entries.find((e) => e.caseNumber === CASE_A);
    expect(entry).toMatchObject({ copiesWanted: 2, copiesVerified: 1 });
  });

  it('spans cases A and B over several numbered discs, each a bag of its own that says what the others hold', async (ctx) => {
    if (XORRISO_MISSING) ctx.skip(XORRISO_MISSING);
    const base = path.join(work, 'set-span.iso');
    const started = await run(opened.archive.commands.execute('archive.start', { clipIds: [...caseA, ...caseB], target: `stdio:${base}` }, clerk));
    const done = await opened.archive.service.whenFinished(started.jobId);
    expect(done.error).toBeUndefined();
    const discIds = done.copies[0]?.discIds ?? [];
    expect(discIds.length).toBeGreaterThanOrEqual(2);
    const discs = discIds.map((id) => opened.archive.service.disc(id));
    const payloadDiscs = new Map<string, number>();
    for (const disc of discs) {
      expect(disc.status).toBe('verified');
      expect(disc.location).toBe(path.join(work, `set-span-${disc.index}.iso`));
      const out = path.join(work, `extracted-span-${disc.index}`);
      await extractImage(disc.location, out);
      await execFileAsync('sha256sum', ['--strict', '-c', 'manifest-sha256.txt'], { cwd: out });
      const info = await readFile(path.join(out, 'bag-info.txt'), 'utf8');
      expect(info).toContain(`Bag-Count: ${disc.index} of ${discs.length}\n`);
      expect(info).toContain(`Bag-Group-Identifier: ${done.setId}-A\n`);
      const index = (await readFile(path.join(out, 'set-index.txt'), 'utf8')).split('\n').filter((l) => /^ES-/.test(l));
      expect(index).toHaveLength((caseA.length + caseB.length) * 2);
      const html = await readFile(path.join(out, 'index.html'), 'utf8');
      expect(html).toContain('本套其他光盘');
      for (const f of (await walk(out)).filter((p) => p.startsWith('data/') && !p.endsWith('.pdf'))) payloadDiscs.set(await sha256File(path.join(out, f)), disc.index);
    }
    expect([...payloadDiscs.keys()].sort()).toEqual([...caseA, ...caseB].sort());
    // Case B fits on one disc, so it is kept together; case A does not fit one and is spread.
    expect(new Set(caseB.map((id) => payloadDiscs.get(id))).size).toBe(1);
    expect(new Set(caseA.map((id) => payloadDiscs.get(id))).size).toBeGreaterThan(1);
  });
});
