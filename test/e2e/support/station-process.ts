/**
 * Starts the real station as a user would (`evidence-station serve`) in a child process with a fresh
 * data folder and a watched mount root, and reads its start URL from the --json output.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CameraIdentity } from '../../../electron/core/domain/clip.js';
import { simulatedCameraIdentity, writeSimulatedCamera } from '../../../electron/tools/sim-camera.js';
import { ACCOUNTS, type SeedAccount } from './accounts.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface RunningStation {
  url: string;
  work: string;
  mountRoot: string;
  log: () => string;
  /** Writes an emulated camera aside and moves it under the mount root in one rename, like a mount. */
  plugCamera(name: string, options?: Parameters<typeof writeSimulatedCamera>[1]): Promise<string>;
  stop(): Promise<void>;
}

export interface StartStationOptions {
  /** Accounts created through the CLI before `serve` starts (issue F); default: ACCOUNTS (admin first). Empty: a station at first start. */
  accounts?: readonly SeedAccount[];
  /**
   * Issue B: emulated cameras registered (device registry, bound to their officer, in `department`)
   * through the CLI as the administrator before `serve` starts, so the default admission
   * ('registered-only') docks them. Default: the emulated camera plugCamera writes without options.
   * Empty: nothing registered (the admission tests).
   */
  cameras?: readonly { identity: CameraIdentity; department: string }[];
}

/** The emulated camera's default identity, in the department of the officer it is bound to (张伟, 执法一科). */
export const DEFAULT_REGISTERED_CAMERA = { identity: simulatedCameraIdentity(), department: '执法一科' } as const;

export async function startStation(options: StartStationOptions = {}): Promise<RunningStation> {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html')) || !existsSync(path.join(repoRoot, 'dist', 'node', 'electron', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests (npm test and npm run test:e2e do)');
  const work = await mkdtemp(path.join(tmpdir(), 'es-e2e-'));
  const mountRoot = path.join(work, 'media');
  await mkdir(mountRoot);
  const accounts = options.accounts ?? Object.values(ACCOUNTS);
  await seedAccounts(path.join(work, 'data'), work, accounts);
  await registerCameras(path.join(work, 'data'), accounts[0], options.cameras ?? [DEFAULT_REGISTERED_CAMERA]);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin', 'evidence-station.mjs'), '--json', '--data', path.join(work, 'data'), 'serve', '--watch', mountRoot], {
    cwd: repoRoot,
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`station did not start in 30 s:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
      try {
        const parsed = JSON.parse(stdout) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // not all of the JSON yet
      }
    });
    child.once('exit', (code) => reject(new Error(`station exited with ${code}:\n${output}`)));
  });

  return {
    url,
    work,
    mountRoot,
    log: () => output,
    plugCamera: async (name, options) => {
      const staging = path.join(work, `staging-${name}`);
      await writeSimulatedCamera(staging, options);
      const mounted = path.join(mountRoot, name);
      await rename(staging, mounted);
      return mounted;
    },
    stop: async () => {
      // A child killed by a signal has exitCode null and signalCode set: it is gone all the same.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the built CLI once (as a bureau's administrator would), failing loudly with its output. */
export async function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'evidence-station.mjs'), '--json', '--data', dataDir, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LANG: 'zh_CN.UTF-8', ...env },
  }).catch((error: unknown) => {
    const failed = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`evidence-station ${args.join(' ')} failed: ${failed.message ?? ''}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  });
  return stdout;
}

/** The first account becomes the administrator (`users create-admin`); the rest are imported by that administrator. */
async function seedAccounts(dataDir: string, work: string, accounts: readonly SeedAccount[]): Promise<void> {
  const [first, ...rest] = accounts;
  if (!first) return;
  await runCli(dataDir, ['users', 'create-admin', '--username', first.username, '--display-name', first.displayName, '--department', first.department], { EVIDENCE_STATION_PASSWORD: first.password });
  if (rest.length === 0) return;
  const file = path.join(work, 'accounts.json');
  await writeFile(file, JSON.stringify(rest), { mode: 0o600 });
  await runCli(dataDir, ['--user', first.username, 'users', 'import', '--file', file], { EVIDENCE_STATION_PASSWORD: first.password });
  // The file holds first passwords: gone as soon as they are hashed, as the docs tell a bureau to do.
  await rm(file);
}

/** Registers emulated cameras through `evidence-station devices register`, as a clerk would at a terminal. */
async function registerCameras(dataDir: string, admin: SeedAccount | undefined, cameras: readonly { identity: CameraIdentity; department: string }[]): Promise<void> {
  if (!admin) return;
  for (const { identity, department } of cameras) {
    const officer = identity.officerNumber && identity.officerName ? ['--officer-badge', identity.officerNumber, '--officer-name', identity.officerName] : [];
    await runCli(dataDir, ['--user', admin.username, 'devices', 'register', '--number', identity.deviceNumber, '--profile', 'lab-volume-camera', ...(identity.serial ? ['--serial', identity.serial] : []), ...officer, '--department', department], { EVIDENCE_STATION_PASSWORD: admin.password });
  }
}
