/**
 * Runs every `bench/*.bench.ts` module's `run()` in turn (alphabetical). BENCH_ONLY=name[,name] limits
 * the run to the named benchmarks (the file name without `.bench.ts`). Run with `npx tsx bench/index.ts`.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_SUFFIX = '.bench.ts';
const benchDir = dirname(fileURLToPath(import.meta.url));

interface BenchModule {
  run: () => Promise<void>;
}

function isBenchModule(value: unknown): value is BenchModule {
  return typeof value === 'object' && value !== null && 'run' in value && typeof value.run === 'function';
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const available = (await readdir(benchDir))
    .filter((file) => file.endsWith(BENCH_SUFFIX))
    .map((file) => file.slice(0, -BENCH_SUFFIX.length))
    .sort();
  const unknown = only.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown benchmarks: ${unknown.join(', ')} (available: ${available.join(', ')})`);
  const selected = only.length > 0 ? available.filter((name) => only.includes(name)) : available;

  let failed = 0;
  for (const name of selected) {
    console.log(`\n=== bench: ${name} ===`);
    const started = performance.now();
    try {
      const loaded: unknown = await import(pathToFileURL(join(benchDir, `${name}${BENCH_SUFFIX}`)).href);
      if (!isBenchModule(loaded)) throw new Error(`${name}${BENCH_SUFFIX} does not export run(): Promise<void>`);
      await loaded.run();
    } catch (error) {
      failed += 1;
      console.error(`bench ${name} failed:`, error);
    }
    console.log(`=== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s ===`);
  }
  if (failed > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
