/** Runs `evidence-station` (from source) as a real process, optionally under strace fault injection. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function runCli(args: string[], options: { strace?: string[]; env?: NodeJS.ProcessEnv; onStart?: (pid: number) => void } = {}): Promise<CliRun> {
  const argv = ['--lang', 'en', '--operator', 'fault-tier', '--badge', '0001', ...args];
  const [command, commandArgs] = options.strace ? ['strace', [...options.strace, process.execPath, CLI, ...argv]] : [process.execPath, [CLI, ...argv]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
