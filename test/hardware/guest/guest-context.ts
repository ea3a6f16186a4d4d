/**
 * What every guest scenario gets: its work folder (on the host, reached over 9p at the same path),
 * the run's settings written there by the host test, a timestamped log that ends up in the results,
 * and helpers to wait for things with a deadline.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LockedCameraProcessConfig } from './camera-process.js';

export interface GuestRunSettings {
  repoRoot: string;
  /** Per-run copies of the camera images, by serial. */
  images: Record<string, string>;
  /** Deliberate camera clock errors, in ms (camera minus true time), by serial. */
  clockOffsetsMs: Record<string, number>;
  /** How long the scenario may run in the guest before it gives up and reports. */
  timeoutMs: number;
}

export class GuestContext {
  readonly settings: GuestRunSettings;
  readonly log: string[] = [];
  private readonly started = Date.now();

  constructor(readonly workDir: string) {
    this.settings = JSON.parse(readFileSync(path.join(workDir, 'settings.json'), 'utf8')) as GuestRunSettings;
  }

  note(message: string): void {
    const line = `+${((Date.now() - this.started) / 1000).toFixed(2)}s ${message}`;
    this.log.push(line);
    console.log(line);
  }

  writeResults(results: object): void {
    writeFileSync(path.join(this.workDir, 'results.json'), JSON.stringify({ ...results, log: this.log }, null, 2));
  }

  /**
   * Starts a controlled camera in its own process (the locked camera over FunctionFS, or with
   * `program: 'hid-camera-process'` the HID camera); resolves once its gadget is ready to bind.
   */
  async startLockedCamera(config: LockedCameraProcessConfig, onMessage: (message: CameraMessage) => void, program: 'camera-process' | 'hid-camera-process' = 'camera-process'): Promise<ChildProcess> {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), `${program}.mjs`);
    const child = fork(script, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message: CameraMessage) => {
      if (message.type === 'log' || message.type === 'frame') this.note(`camera ${config.serial}: ${message.type === 'log' ? message.message : `${message.via} ${message.request} -> ${message.reply}`}`);
      onMessage(message);
    });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the locked camera process exited with ${code} before it was ready`)));
      child.on('message', (message: CameraMessage) => {
        if (message.type === 'ready') resolve();
      });
    });
    return child;
  }
}

export type CameraMessage =
  | { type: 'ready' }
  | { type: 'storage' }
  | { type: 'log'; message: string }
  | { type: 'frame'; via: 'bulk' | 'control' | 'hid'; command: string; request: string; reply: string };

/** Polls `check` until it returns a value, or throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
