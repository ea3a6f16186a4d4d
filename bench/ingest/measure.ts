/** Timing helpers for disk benchmarks: cold caches, shell commands, medians. */
import { spawn } from 'node:child_process';
import { access, constants, writeFile } from 'node:fs/promises';

const DROP_CACHES = '/proc/sys/vm/drop_caches';

export async function canDropCaches(): Promise<boolean> {
  try {
    await access(DROP_CACHES, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes back dirty pages, then drops clean ones, so the next measurement starts from the disk. */
export async function dropCaches(): Promise<void> {
  await shell('sync');
  await writeFile(DROP_CACHES, '3\n');
}

/** Runs `script` with `sh -c`; `env` is passed as variables so paths are never spliced into the script. */
export function shell(script: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`sh -c '${script}' exited with ${code ?? signal}`))));
  });
}

export async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
