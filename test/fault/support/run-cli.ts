/** Runs `evidence-station` (from source) as a real process, optionally under strace fault injection. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAccessPorts } from '../../../electron/adapters/access/json-documents.js';
import { AccountService } from '../../../electron/core/access/accounts.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.mjs');

export interface CliRun {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function hasStrace(): boolean {
  return spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** `strace` arguments that inject into one syscall: e.g. injection('fsync', 'signal=KILL', 3). */
export function injection(syscall: string, what: string, when: number | string): string[] {
  return ['-f', '-qq', '-o', '/dev/null', '-e', `trace=${syscall}`, '-e', `inject=${syscall}:${what}:when=${when}`];
}

/** The account the fault tier signs in as (issue F): every role, so docking, listing and checking all run. */
export const FAULT_USER = 'fault-tier';
const FAULT_PASSWORD = 'Fault-tier-2026';

/**
 * Makes sure the data folder named by `--data` has the fault tier's account, written in this process
 * (argon2id hash, durable file) so no extra CLI run shifts the syscall counts strace injects at.
 */
export async function ensureFaultAccount(dataDir: string): Promise<void> {
  const ports = await openAccessPorts(dataDir);
  const accounts = new AccountService(ports.accounts, ports.hasher);
  await accounts.open();
  if (!accounts.needsSetup()) return;
  const now = new Date();
  await accounts.setup({ username: 'admin', displayName: '管理员', department: '信息中心', password: FAULT_PASSWORD }, now);
  await accounts.create({ username: FAULT_USER, displayName: 'fault-tier', badgeNumber: '0001', department: '证据管理室', roles: ['officer', 'clerk', 'supervisor', 'admin'], clearance: 'state-secret', head: true, password: FAULT_PASSWORD }, 'fault-tier setup', now);
}

export async function runCli(args: string[], options: { strace?: string[]; env?: NodeJS.ProcessEnv; onStart?: (pid: number) => void } = {}): Promise<CliRun> {
  const dataAt = args.indexOf('--data');
  const dataDir = dataAt >= 0 ? args[dataAt + 1] : undefined;
  if (dataDir !== undefined) await ensureFaultAccount(dataDir);
  const argv = ['--lang', 'en', '--user', FAULT_USER, ...args];
  const [command, commandArgs] = options.strace ? ['strace', [...options.strace, process.execPath, CLI, ...argv]] : [process.execPath, [CLI, ...argv]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env: { ...process.env, EVIDENCE_STATION_PASSWORD: FAULT_PASSWORD, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Under strace, a tracee killed by SIGKILL makes strace itself exit 128+9.
      const killed = signal ?? (options.strace && code === 137 ? 'SIGKILL' : null);
      resolve({ code: killed ? null : code, signal: killed, stdout, stderr });
    });
  });
}
