/**
 * The host side of the USB camera lab (docs/hardware-lab.md): prepares it (test/hardware/lab/prepare.sh,
 * cached), bundles the guest programs, boots one QEMU guest per scenario and reads back its results.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface UsbLab {
  cacheDir: string;
  kernel: string;
  initrd: string;
  camerasDir: string;
  /** The bundled guest programs; inside the repo so their imports find node_modules. */
  guestDir: string;
}

export type LabState = { ready: true; lab: UsbLab } | { ready: false; reason: string };

/** Runs prepare.sh (installs Debian packages when root, downloads the kernel, builds images) and bundles the guest. */
export async function prepareUsbLab(): Promise<LabState> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { ready: false, reason: `the USB lab needs an x86-64 Linux host (this is ${process.platform}/${process.arch})` };
  const prepared = spawnSync('bash', [path.join(repoRoot, 'test/hardware/lab/prepare.sh')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (prepared.status !== 0) {
    const lastLine = (prepared.stderr ?? '').trim().split('\n').pop() ?? '';
    return { ready: false, reason: `the USB lab could not be prepared: ${lastLine || prepared.error?.message || `prepare.sh exited with ${prepared.status}`}` };
  }
  const cacheDir = prepared.stdout.trim().split('\n').pop() ?? '';
  const guestDir = path.join(repoRoot, '.cache', 'usb-lab-guest');
  rmSync(guestDir, { recursive: true, force: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['run-scenario.ts', 'camera-process.ts', 'hid-camera-process.ts'].map((file) => path.join(repoRoot, 'test/hardware/guest', file)),
    outdir: guestDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return { ready: true, lab: { cacheDir, kernel: path.join(cacheDir, 'kernel/vmlinuz'), initrd: path.join(cacheDir, 'initrd.gz'), camerasDir: path.join(cacheDir, 'cameras'), guestDir } };
}

export interface GuestRun<R> {
  /** The scenario's results.json; undefined when the guest never wrote it. */
  results: (R & { ok: boolean; error?: string; log: string[] }) | undefined;
  consoleLog: string;
  consoleLogPath: string;
  wallMs: number;
}

export interface GuestRunOptions {
  lab: UsbLab;
  scenario: string;
  /** A fresh folder on the host; the guest reaches it at the same path. */
  workDir: string;
  /** Cameras whose images this run uses (copied, so a run cannot change the cached image). */
  cameras: string[];
  clockOffsetsMs?: Record<string, number>;
  extra?: Record<string, unknown>;
  timeoutMs?: number;
}

/** Boots the guest for one scenario and waits for it to power off (or kills it at the timeout). */
export async function runGuest<R>(options: GuestRunOptions): Promise<GuestRun<R>> {
  const { lab, scenario, workDir } = options;
  mkdirSync(workDir, { recursive: true });
  const images: Record<string, string> = {};
  for (const serial of options.cameras) {
    images[serial] = path.join(workDir, `${serial}.img`);
    copyFileSync(path.join(lab.camerasDir, `${serial}.img`), images[serial]);
  }
  const timeoutMs = options.timeoutMs ?? 150_000;
  // The guest gives up 30 s before the host kills it (boot and power-off take about 15 s).
  writeFileSync(path.join(workDir, 'settings.json'), JSON.stringify({ repoRoot, images, clockOffsetsMs: options.clockOffsetsMs ?? {}, timeoutMs: timeoutMs - 30_000, ...options.extra }));
  const script = path.join(workDir, 'guest.sh');
  writeFileSync(
    script,
    [
      '# Runs inside the guest, chrooted into the host root.',
      '/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1',
      'udevadm trigger; udevadm settle -t 10',
      `cd ${repoRoot}`,
      `HOME=/root TZ=UTC /usr/bin/node ${path.join(lab.guestDir, 'run-scenario.mjs')} ${scenario} ${workDir}`,
      'udevadm control --exit',
      '',
    ].join('\n'),
  );
  const consoleLogPath = path.join(workDir, 'console.log');
  const consoleLog = createWriteStream(consoleLogPath);
  const started = Date.now();
  const qemu = spawn(
    'qemu-system-x86_64',
    [
      // KVM is not usable on these machines: software emulation, two vCPUs; '-cpu max' because native
      // modules (sharp, argon2) use instructions the default qemu64 model lacks (Illegal instruction).
      '-accel', 'tcg', '-cpu', 'max', '-smp', '2', '-m', '2G',
      '-nographic', '-no-reboot', '-nic', 'none',
      '-kernel', lab.kernel, '-initrd', lab.initrd,
      '-append', `console=ttyS0 quiet panic=-1 lab.script=${script}`,
      '-virtfs', 'local,path=/,mount_tag=host,security_model=passthrough,id=host,multidevs=remap',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  qemu.stdout.pipe(consoleLog);
  qemu.stderr.pipe(consoleLog);
  const timer = setTimeout(() => qemu.kill('SIGKILL'), timeoutMs);
  await new Promise<void>((resolve) => qemu.once('close', () => resolve()));
  clearTimeout(timer);
  await new Promise<void>((resolve) => consoleLog.end(() => resolve()));
  // The image copies are large and tell nothing the cache's originals do not.
  for (const image of Object.values(images)) rmSync(image, { force: true });
  const resultsPath = path.join(workDir, 'results.json');
  return {
    results: existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : undefined,
    consoleLog: readFileSync(consoleLogPath, 'utf8'),
    consoleLogPath,
    wallMs: Date.now() - started,
  };
}
