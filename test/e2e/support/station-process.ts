/**
 * Starts the real station as a user would (`evidence-station serve`) in a child process with a fresh
 * data folder and a watched mount root, and reads its start URL from the --json output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSimulatedCamera } from '../../../electron/tools/sim-camera.js';

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

export async function startStation(): Promise<RunningStation> {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html')) || !existsSync(path.join(repoRoot, 'dist', 'node', 'electron', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests (npm test and npm run test:e2e do)');
  const work = await mkdtemp(path.join(tmpdir(), 'es-e2e-'));
  const mountRoot = path.join(work, 'media');
  await mkdir(mountRoot);
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
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
