/**
 * Fixity scan speed against `sha256sum` on the same vault objects, in the same run:
 *
 *   baseline:  sha256sum over every object file (one process, page-cache reads)
 *   reference: openssl dgst -sha256 over the same files (coreutils' sha256sum does not use the CPU's
 *              SHA extensions; OpenSSL - like Node's crypto - does, so this separates hashing from I/O)
 *   ours:      FsVaultFixity.listObjects() then rehash() of every object, one at a time, as the
 *              FixityService runs it (read-back engine: O_DIRECT where accepted, 16 MiB chunks)
 *
 * Printed as MB/s and a ratio, never asserted. Env: BENCH_FIXITY_GB (default 2) vault size,
 * BENCH_FIXITY_ROUNDS (default 2) rounds in alternating order. The vault is generated under bench/.work
 * (random bytes, named by their SHA-256 like the real vault) and removed afterwards.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsVault } from '../electron/adapters/vault/fs-vault.js';
import { FsVaultFixity } from '../electron/adapters/vault/vault-fixity.js';
import { canDropCaches, dropCaches, median, shell, timed } from './ingest/measure.js';

const WORK_DIR = join(dirname(fileURLToPath(import.meta.url)), '.work', 'fixity');
const FILE_BYTES = 256 * 1024 * 1024;

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Writes `totalBytes` of random objects into a vault layout; returns their ids. */
async function generateVault(vaultRoot: string, totalBytes: number, log: (line: string) => void): Promise<string[]> {
  const ids: string[] = [];
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  const tmp = join(vaultRoot, 'incoming', 'generating');
  await mkdir(dirname(tmp), { recursive: true });
  for (let written = 0; written < totalBytes; ) {
    const size = Math.min(FILE_BYTES, totalBytes - written);
    const hash = createHash('sha256');
    const handle = await open(tmp, 'w');
    for (let done = 0; done < size; ) {
      const n = Math.min(chunk.length, size - done);
      randomFillSync(chunk, 0, n);
      hash.update(chunk.subarray(0, n));
      await handle.write(chunk, 0, n);
      done += n;
    }
    await handle.close();
    const id = hash.digest('hex');
    const target = join(vaultRoot, 'objects', id.slice(0, 2), id.slice(2, 4), id);
    await mkdir(dirname(target), { recursive: true });
    await shell('mv "$FROM" "$TO" && chmod 444 "$TO"', { FROM: tmp, TO: target });
    ids.push(id);
    written += size;
  }
  log(`generated ${ids.length} objects, ${(totalBytes / 1e9).toFixed(2)} GB`);
  return ids;
}

export async function run(): Promise<void> {
  const totalBytes = Math.round(numberFromEnv('BENCH_FIXITY_GB', 2) * 1e9);
  const rounds = Math.max(1, Math.round(numberFromEnv('BENCH_FIXITY_ROUNDS', 2)));
  const log = (line: string): void => console.log(`[fixity] ${line}`);
  const vaultRoot = join(WORK_DIR, 'vault');
  await rm(WORK_DIR, { recursive: true, force: true });
  try {
    const ids = await generateVault(vaultRoot, totalBytes, log);
    const coldCaches = await canDropCaches();
    log(coldCaches ? 'page cache dropped before every measurement' : 'WARNING: /proc/sys/vm/drop_caches is not writable; measurements may read from a warm cache');
    const fixity = new FsVaultFixity(new FsVault(vaultRoot));

    const baseline: number[] = [];
    const reference: number[] = [];
    const ours: number[] = [];
    let fromDevice = true;
    for (let round = 1; round <= rounds; round++) {
      const sides = round % 2 === 1 ? (['sha256sum', 'openssl', 'ours'] as const) : (['ours', 'openssl', 'sha256sum'] as const);
      for (const side of sides) {
        if (coldCaches) await dropCaches();
        const seconds =
          side === 'sha256sum' || side === 'openssl'
            ? await timed(() => shell(`find "$DIR" -type f -print0 | xargs -0 ${side === 'openssl' ? 'openssl dgst -sha256' : 'sha256sum'} > /dev/null`, { DIR: join(vaultRoot, 'objects') }))
            : await timed(async () => {
                const objects = await fixity.listObjects();
                for (const entry of objects) {
                  const result = await fixity.rehash(entry.sha256 ?? '');
                  if (result.status !== 'read' || result.sha256 !== entry.sha256) throw new Error(`object ${entry.key} did not verify`);
                  fromDevice &&= result.readFromDevice;
                }
                if (objects.length !== ids.length) throw new Error(`listed ${objects.length} objects, generated ${ids.length}`);
              });
        (side === 'sha256sum' ? baseline : side === 'openssl' ? reference : ours).push(seconds);
        log(`round ${round} ${side.padEnd(9)} ${seconds.toFixed(2)} s  ${(totalBytes / 1e6 / seconds).toFixed(0)} MB/s`);
      }
    }
    const baseRate = totalBytes / 1e6 / median(baseline);
    const oursRate = totalBytes / 1e6 / median(ours);
    const referenceRate = totalBytes / 1e6 / median(reference);
    log(`median sha256sum:      ${baseRate.toFixed(0)} MB/s`);
    log(`median openssl dgst:   ${referenceRate.toFixed(0)} MB/s`);
    log(`median fixity rehash:  ${oursRate.toFixed(0)} MB/s${fromDevice ? ' (O_DIRECT reads)' : ' (page cache: O_DIRECT refused)'}`);
    log(`ratio fixity / sha256sum: ${(oursRate / baseRate).toFixed(2)}x   (fixity / openssl: ${(oursRate / referenceRate).toFixed(2)}x)`);
  } finally {
    await shell('chmod -R u+w "$DIR" 2>/dev/null || true', { DIR: WORK_DIR });
    await rm(WORK_DIR, { recursive: true, force: true });
  }
}
