/**
 * Copy packages for a party on real folders with the real ffmpeg, pdfkit and CJK font: the manifest
 * re-verified by re-hashing every file, a marked copy that plays and differs from the original while
 * the original is untouched, a full disk (a 2 MB tmpfs) and a destination that is not there.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsPartyCopyWriter, MANIFEST_SHA256 } from '../../electron/adapters/supervision/party-copy-writer.js';
import { StationError } from '../../electron/core/domain/errors.js';
import type { PackageRequest } from '../../electron/core/supervision/ports.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let root: string;
let video: string;
let videoSha: string;
let photo: string;
let photoSha: string;
let tmpfs: string | undefined;

function cover(requestId: string, watermark: boolean): PackageRequest['cover'] {
  const at = '2026-11-23T08:00:00Z';
  return { requestId, agencyName: '清远市自然资源局', recipientName: '李四', idDocumentType: 'resident-id', idDocumentNumber: '11010519491231002X', reason: '行政复议需要', requestedBy: '陈静(3201020)', requestedAt: at, approvedBy: '赵局(3200001)', approvedAt: at, producedBy: '陈静(3201020)', producedAt: at, watermark };
}

function item(source: string, id: string, kind: string, fileName: string, watermarkText?: string): PackageRequest['items'][number] {
  return { clipId: id, sourcePath: source, fileName, kind, size: readFileSync(source).length, originalName: fileName.slice(4), caseNumber: '清国土罚（2026）12号', recordedAt: '2026-10-05T02:00:00Z', ...(watermarkText ? { watermarkText } : {}) };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'party-copy-'));
  const vault = path.join(root, 'vault');
  await mkdir(vault);
  const made = path.join(root, 'made.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', made]);
  videoSha = sha(made);
  video = path.join(vault, videoSha);
  await copyFile(made, video);
  const madePhoto = path.join(root, 'made.jpg');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=1:duration=1', '-frames:v', '1', madePhoto]);
  photoSha = sha(madePhoto);
  photo = path.join(vault, photoSha);
  await copyFile(madePhoto, photo);
}, 60_000);

afterAll(async () => {
  if (tmpfs) {
    try {
      execFileSync('umount', [tmpfs]);
    } catch {
      // already unmounted by the test
    }
  }
  await rm(root, { recursive: true, force: true });
});

describe('a copy package', () => {
  it('holds byte-for-byte copies, a cover sheet and a manifest that verifies by re-hashing', async () => {
    const destination = path.join(root, 'usb-plain');
    await mkdir(destination);
    const written = await new FsPartyCopyWriter().write({ destination, folderName: 'PC-1', items: [item(video, videoSha, 'video', '001_VID_0001.MP4'), item(photo, photoSha, 'photo', '002_IMG_0002.JPG')], cover: cover('PC-1', false) });
    expect(written.folder).toBe(path.join(destination, 'PC-1'));
    expect(readdirSync(destination)).toEqual(['PC-1']);
    expect(readdirSync(written.folder).sort()).toEqual(['001_VID_0001.MP4', '002_IMG_0002.JPG', 'cover-sheet.pdf', 'manifest-sha256.txt', 'manifest.json']);
    // Re-verify the package from its own manifest, as the recipient would with sha256sum -c.
    const lines = readFileSync(path.join(written.folder, MANIFEST_SHA256), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const [hash, name] = line.split('  ') as [string, string];
      expect(sha(path.join(written.folder, name))).toBe(hash);
    }
    expect(execFileSync('sha256sum', ['-c', MANIFEST_SHA256], { cwd: written.folder, encoding: 'utf8' })).toContain('manifest.json: OK');
    expect(sha(path.join(written.folder, '001_VID_0001.MP4'))).toBe(videoSha);
    expect(written.manifestSha256).toBe(sha(path.join(written.folder, MANIFEST_SHA256)));
    const manifest = JSON.parse(readFileSync(path.join(written.folder, 'manifest.json'), 'utf8')) as { files: { role: string }[] };
    expect(manifest.files.map((f) => f.role)).toEqual(['copy', 'copy', 'cover-sheet']);
    expect(readFileSync(path.join(written.folder, 'cover-sheet.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('marks a COPY with the recipient: playable, different from the original, the original unchanged', async () => {
    const destination = path.join(root, 'usb-marked');
    await mkdir(destination);
    const text = '复制件 仅供 李四 使用 申请号 PC-2';
    const written = await new FsPartyCopyWriter().write({ destination, folderName: 'PC-2', items: [item(video, videoSha, 'video', '001_VID_0001.MOV', text), item(photo, photoSha, 'photo', '002_IMG_0002.JPG', text)], cover: cover('PC-2', true) });
    const copy = written.files.find((f) => f.role === 'watermarked-copy' && f.path.endsWith('.mp4'));
    expect(copy).toMatchObject({ path: '001_VID_0001.mp4', originalSha256: videoSha });
    expect(copy?.sha256).not.toBe(videoSha);
    expect(sha(video)).toBe(videoSha);
    expect(sha(photo)).toBe(photoSha);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', path.join(written.folder, copy?.path ?? '')], { encoding: 'utf8' })) as { streams: { codec_type: string }[]; format: { duration: string } };
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Number(probe.format.duration)).toBeGreaterThan(1.5);
    // The mark is visible: the bottom band of the copy's first frame differs from the original's.
    const frame = (file: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', 'crop=iw:ih/4:0:ih*3/4', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 24 });
    const a = frame(video);
    const b = frame(path.join(written.folder, copy?.path ?? ''));
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > 40) differing++;
    expect(differing / a.length).toBeGreaterThan(0.02);
    expect(written.files.find((f) => f.path === '002_IMG_0002.jpg')?.role).toBe('watermarked-copy');
    expect(execFileSync('sha256sum', ['-c', MANIFEST_SHA256], { cwd: written.folder, encoding: 'utf8' })).not.toContain('FAILED');
  }, 120_000);
});

describe('a destination that cannot take the package', () => {
  it('is refused plainly when it is not there (disk removed)', async () => {
    const gone = path.join(root, 'removed-disk');
    const error = await new FsPartyCopyWriter().write({ destination: gone, folderName: 'PC-3', items: [item(video, videoSha, 'video', '001_VID.MP4')], cover: cover('PC-3', false) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StationError);
    expect((error as StationError).code).toBe('EXPORT_DESTINATION_MISSING');
    expect(existsSync(gone)).toBe(false);
    const relative = await new FsPartyCopyWriter().write({ destination: 'usb1', folderName: 'PC-3', items: [item(video, videoSha, 'video', '001_VID.MP4')], cover: cover('PC-3', false) }).catch((e: unknown) => e);
    expect((relative as StationError).code).toBe('EXPORT_DESTINATION_MISSING');
  });

  it('is refused on a full disk before writing, and leaves nothing when it fills up part-way', async () => {
    tmpfs = path.join(root, 'small-disk');
    await mkdir(tmpfs);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', tmpfs]);
    const big = path.join(root, 'vault', 'big');
    await writeFile(big, Buffer.alloc(3 * 1024 * 1024, 7));
    const bigSha = sha(big);
    const before = await new FsPartyCopyWriter().write({ destination: tmpfs, folderName: 'PC-4', items: [item(big, bigSha, 'other', '001_BIG.BIN')], cover: cover('PC-4', false) }).catch((e: unknown) => e);
    expect((before as StationError).code).toBe('DISK_FULL');
    expect(readdirSync(tmpfs)).toEqual([]);
    // The space check is passed (the disk claims room) but the disk fills while writing.
    const during = await new FsPartyCopyWriter({ freeBytes: async () => 1 << 30 }).write({ destination: tmpfs, folderName: 'PC-5', items: [item(big, bigSha, 'other', '001_BIG.BIN')], cover: cover('PC-5', false) }).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(StationError);
    expect((during as StationError).code).toBe('DISK_FULL');
    expect(readdirSync(tmpfs)).toEqual([]);
  });
});
