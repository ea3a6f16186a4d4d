/**
 * A camera-like source folder for the ingest benchmark: a few large files of incompressible data,
 * generated once and cached. Random data is expensive to make (about 0.3-0.5 GB/s from the CSPRNG), so
 * one 64 MiB random block is reused, with a counter stamped into every 4 KiB page: no two pages in the
 * data set are equal, so neither compression nor block-level dedup anywhere in the storage stack can
 * make the copy look faster than it would be with real footage.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const BLOCK_BYTES = 64 * 1024 * 1024;
const PAGE_BYTES = 4096;
const MIN_FILE_BYTES = 200 * 1000 * 1000;
const MAX_FILE_BYTES = 1000 * 1000 * 1000;

export interface FootageFile {
  path: string;
  size: number;
}

export interface FootageSet {
  root: string;
  files: FootageFile[];
  totalBytes: number;
}

interface Manifest {
  totalBytes: number;
  files: { name: string; size: number }[];
}

/** Returns the cached set for `totalBytes`, generating it first when it is missing or incomplete. */
export async function cameraFootage(workDir: string, totalBytes: number, log: (line: string) => void): Promise<FootageSet> {
  const root = join(workDir, `source-${totalBytes}`);
  const manifestPath = join(root, 'manifest.json');
  const cached = await readManifest(manifestPath);
  if (cached !== undefined && cached.totalBytes === totalBytes && (await filesMatch(root, cached))) {
    return toSet(root, cached);
  }
  await rm(root, { recursive: true, force: true });
  const manifest: Manifest = { totalBytes, files: planFileSizes(totalBytes).map((size, i) => ({ name: mediaName(i), size })) };
  log(`generating ${manifest.files.length} files (${(totalBytes / 1e9).toFixed(1)} GB) under ${root} ...`);
  const started = performance.now();
  const block = randomBytes(BLOCK_BYTES);
  let blockCounter = 0;
  for (const file of manifest.files) {
    blockCounter = await writeFootageFile(join(root, 'DCIM', file.name), file.size, block, blockCounter);
  }
  // The manifest is written last: its presence means every file is complete.
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return toSet(root, manifest);
}

/** Sizes between 200 MB and 1 GB, deliberately not multiples of 4096, so tails are exercised too. */
function planFileSizes(totalBytes: number): number[] {
  const sizes: number[] = [];
  let remaining = totalBytes;
  let seed = 0x9e3779b9;
  while (remaining > 0) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const wanted = MIN_FILE_BYTES + Math.floor((seed / 2 ** 32) * (MAX_FILE_BYTES - MIN_FILE_BYTES)) + 1;
    // Never leave a remainder smaller than a plausible clip.
    const size = remaining - wanted < MIN_FILE_BYTES ? remaining : wanted;
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

async function writeFootageFile(path: string, size: number, block: Buffer, firstBlockCounter: number): Promise<number> {
  await mkdir(join(path, '..'), { recursive: true });
  const handle = await open(path, 'w');
  let counter = firstBlockCounter;
  try {
    for (let position = 0; position < size; position += BLOCK_BYTES) {
      stampPages(block, counter);
      counter += 1;
      const length = Math.min(BLOCK_BYTES, size - position);
      let written = 0;
      while (written < length) written += (await handle.write(block, written, length - written, position + written)).bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return counter;
}

function stampPages(block: Buffer, counter: number): void {
  for (let page = 0; page < block.length; page += PAGE_BYTES) {
    block.writeUInt32LE(counter, page);
    block.writeUInt32LE(page, page + 4);
  }
}

function mediaName(index: number): string {
  return `BWC_${String(index + 1).padStart(4, '0')}.MP4`;
}

async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch {
    // No manifest (first run, or an interrupted generation): the set is regenerated.
    return undefined;
  }
}

async function filesMatch(root: string, manifest: Manifest): Promise<boolean> {
  for (const file of manifest.files) {
    try {
      if ((await stat(join(root, 'DCIM', file.name))).size !== file.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function toSet(root: string, manifest: Manifest): FootageSet {
  return {
    root,
    files: manifest.files.map((file) => ({ path: join(root, 'DCIM', file.name), size: file.size })),
    totalBytes: manifest.totalBytes,
  };
}
