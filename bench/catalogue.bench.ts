/**
 * Catalogue store at bureau scale (300,000 clips; BENCH_CLIPS overrides): bulk load, cold open in a
 * fresh process, durable single-label writes, mixed searches, memory, and the single-file lowdb
 * baseline the sharded store replaces. Every step runs in its own process (bench/catalogue-child.ts).
 * Targets are printed as PASS / BELOW-TARGET, never asserted: a shared 2-core machine is too noisy
 * for a hard gate. Data lives in bench/.work and is deleted afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport, Latencies, PrepareReport } from './catalogue-child.js';

const TARGETS = { openMs: 3_000, writeP95Ms: 50, searchP95Ms: 100 };
const OPEN_RUNS = 3;

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);

export async function run(): Promise<void> {
  const clipCount = Number(process.env.BENCH_CLIPS ?? 300_000);
  const workDir = path.join(benchDir, '.work', `catalogue-${process.pid}-${Date.now()}`);
  const storeDir = path.join(workDir, 'sharded');
  console.log(`\n== Catalogue store: ${clipCount.toLocaleString('en')} clips (load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}) ==`);
  try {
    await mkdir(workDir, { recursive: true });
    const prepared = await runChild<PrepareReport>(['prepare', workDir, String(clipCount)]);
    console.log(
      `generated in ${ms(prepared.generateMs)} (${Math.round(prepared.labelledFraction * 100)}% labelled, ~${Math.round(prepared.jsonCharsPerClip)} chars of JSON per clip); ` +
        `bulk load, one putMany of everything: ${ms(prepared.bulkLoadMs)}; ${megabytes(prepared.shardBytes)} in shard files`,
    );

    // Cold open, a few times in fresh processes (the OS page cache is warm: the files were just written).
    const reports: ChildReport[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) reports.push(await runChild<ChildReport>([i === OPEN_RUNS - 1 ? 'full' : 'open', storeDir]));
    const full = reports[reports.length - 1] as ChildReport;
    const openTimes = reports.map((report) => report.openMs).sort((a, b) => a - b);
    const openMedian = openTimes[Math.floor(openTimes.length / 2)] as number;

    console.log(
      `cold open (fresh process), median of ${OPEN_RUNS}: ${ms(openMedian)}  [runs ${reports.map((r) => ms(r.openMs)).join(', ')}; CPU ${reports.map((r) => ms(r.openCpuMs)).join(', ')}]` +
        `  target < ${ms(TARGETS.openMs)}  ${verdict(openMedian < TARGETS.openMs)}`,
    );
    console.log(
      `memory after open: RSS ${full.rssMb} MB, heapUsed ${full.heapUsedMb} MB` +
        `${full.heapUsedAfterGcMb === undefined ? '' : `, heapUsed after a full GC ${full.heapUsedAfterGcMb} MB`}; RSS after writes and searches ${full.rssAfterRunMb ?? '?'} MB`,
    );
    if (full.writes !== undefined) {
      console.log(`label write, putMany of 1 clip, fsync'd: ${describe(full.writes)}  target p95 < ${ms(TARGETS.writeP95Ms)}  ${verdict(full.writes.p95 < TARGETS.writeP95Ms)}`);
    }
    if (full.diskFloor !== undefined) {
      console.log(`    disk floor, same moment: temp + fsync + rename + folder fsync of a ${megabytes(full.diskFloor.bytes)} file alone: ${describe(full.diskFloor)}`);
    }
    if (full.searches !== undefined) {
      console.log(`search, 200 mixed queries: ${describe(full.searches)}  target p95 < ${ms(TARGETS.searchP95Ms)}  ${verdict(full.searches.p95 < TARGETS.searchP95Ms)}`);
      for (const [kind, times] of Object.entries(full.searchesByKind ?? {})) console.log(`    ${kind.padEnd(12)} ${describe(times)}`);
    }
    if (full.firstSearchMs !== undefined) console.log(`first text search right after open, before the idle warm-up folded any search text: ${ms(full.firstSearchMs)}`);

    const baselineMedian = [...prepared.baselineWriteMs].sort((a, b) => a - b)[1] as number;
    console.log(`baseline, single-file lowdb (JSONFilePreset: whole ${megabytes(prepared.baselineFileBytes)} file rewritten per write, no fsync): one write ${prepared.baselineWriteMs.map(ms).join(', ')}`);
    if (full.writes !== undefined) {
      console.log(
        `    the sharded durable label write is ${Math.round(baselineMedian / full.writes.p50)}x faster at p50 (${ms(full.writes.p50)} vs ${ms(baselineMedian)}), ` +
          `${Math.round(baselineMedian / full.writes.p95)}x at p95 (${ms(full.writes.p95)})`,
      );
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function runChild<Report>(args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(benchDir, 'catalogue-child.ts'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.trim().split('\n').pop();
      if (code !== 0 || line === undefined || line === '') reject(new Error(`catalogue-child ${args[0]} exited with ${code}: ${output}`));
      else resolve(JSON.parse(line) as Report);
    });
  });
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value).toLocaleString('en')} ms` : `${value.toFixed(1)} ms`;
}

function megabytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.round(bytes / 1e3)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

function describe(times: Latencies): string {
  return `p50 ${ms(times.p50)}, p95 ${ms(times.p95)}, max ${ms(times.max)} (n=${times.count})`;
}

function verdict(met: boolean): string {
  return met ? 'PASS' : 'BELOW-TARGET';
}
