/**
 * A file over 4 GiB survives the disc: burnt with the real xorriso (ISO 9660 level 3, no file size
 * limit) to a stdio image, stored as several extents, extracted again with osirrox and verified
 * against its SHA-256. The source is sparse (random head and tail, zeros between) so making it is
 * quick; the image is not sparse, so this writes ~4.3 GB and reads it back: about 1.5-3 minutes on the
 * CI machines, which is why it lives in the fault tier (300 s per test) and not in medium.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BagStager } from '../../electron/adapters/archive/bag-stager.js';
import { createDiscWriters } from '../../electron/adapters/archive/disc-writers.js';
import { LowdbDiscRegistry } from '../../electron/adapters/archive/disc-registry-store.js';
import { runTool } from '../../electron/adapters/archive/tool-process.js';
import { ArchiveService } from '../../electron/core/archive/archive-service.js';
import { listFilesArgs } from '../../native/linux/xorriso-commands.js';
import { filesFromExtents, parseReportLba } from '../../native/linux/xorriso-output.js';
import { FixedClock, MemoryAuditLog, MemoryCatalogue } from '../fakes/ports.js';
import { makeClip, makeLabel } from '../fixtures/catalogue-clips.js';
import { sha256File } from '../fixtures/sha256-file.js';

const SIZE = 4 * 1024 ** 3 + 100 * 1024 * 1024; // 4.1 GiB: more than one 4 GiB extent


describe('a recording over 4 GiB on disc', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-archive-4g-'));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('is burnt as ISO 9660 level 3 in several extents, read back with osirrox and verified', async () => {
    const started = performance.now();
    const vaultDir = path.join(work, 'vault', 'objects');
    await mkdir(vaultDir, { recursive: true });
    const temp = path.join(work, 'vault', 'incoming.part');
    const handle = await open(temp, 'w');
    await handle.write(randomBytes(1024 * 1024), 0, 1024 * 1024, 0);
    await handle.write(randomBytes(1024 * 1024), 0, 1024 * 1024, SIZE - 1024 * 1024);
    await handle.close();
    const sha = await sha256File(temp);
    const vaultPath = path.join(vaultDir, sha);
    await rename(temp, vaultPath);
    const madeMs = performance.now() - started;

    const catalogue = new MemoryCatalogue();
    await catalogue.open();
    await catalogue.putMany([makeClip({ id: sha, size: SIZE, originalName: 'DSJ-A8-0007_20261123090000_LONG.MP4', label: makeLabel({ longTerm: 'emergency' }) })]);
    const audit = new MemoryAuditLog();
    const archiveDir = path.join(work, 'archive');
    const service = new ArchiveService({
      catalogue,
      vault: { pathOf: () => vaultPath, has: async () => true },
      audit: (entry) => audit.append(entry),
      clock: new FixedClock(new Date('2026-11-23T08:00:00Z')),
      registry: new LowdbDiscRegistry(path.join(archiveDir, 'registry.json')),
      packager: new BagStager(path.join(archiveDir, 'staging')),
      writers: createDiscWriters({ scratchDir: path.join(archiveDir, 'scratch') }),
      labels: { writeLabel: async () => '' },
      checkpoints: { latestAuditCheckpoint: async () => undefined },
      station: { name: 'ci', version: 'test', agencyName: async () => '' },
    });
    await mkdir(path.join(archiveDir, 'scratch'), { recursive: true });
    await service.open();
    const image = path.join(work, 'long.iso');
    const job = await service.start({ clipIds: [sha], target: `stdio:${image}`, media: 'dvd-dl' }, 'clerk');
    const done = await service.whenFinished(job.jobId);
    const archivedMs = performance.now() - started - madeMs;
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    const disc = service.disc(done.copies[0]?.discIds[0] ?? '');
    expect(disc.status).toBe('verified');
    expect(disc.verifications[0]).toMatchObject({ ok: true, problems: [] });
    expect(disc.verifications[0]?.bytesChecked).toBeGreaterThan(SIZE);
    expect((await stat(image)).size).toBeGreaterThan(SIZE);

    const listing = await runTool('xorriso', listFilesArgs(`stdio:${image}`), { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    const big = filesFromExtents(parseReportLba(listing.lines.join('\n'))).find((file) => file.path.endsWith('LONG.MP4'));
    expect(big?.size).toBe(SIZE);
    expect(big?.extents.length).toBeGreaterThanOrEqual(2);
    await service.close();
    process.stdout.write(`[archive-4gib] ${(SIZE / 1024 ** 3).toFixed(2)} GiB clip: made + hashed in ${(madeMs / 1000).toFixed(1)} s, packaged + burnt + read back + verified in ${(archivedMs / 1000).toFixed(1)} s, ${big?.extents.length} extents\n`);
  });
});
