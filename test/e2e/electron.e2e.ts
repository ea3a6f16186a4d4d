/**
 * The desktop app end to end: launch Electron on the built app with a fresh data folder, and check
 * the window shows the first-administrator setup (a fresh data folder has no account) through the sandboxed preload. No camera is docked.
 *
 * Where the Electron binary is missing (its download is blocked on the development machines) the
 * test is SKIPPED and says so on the console: a skip, never a pass. Run after `npm run build`.
 */
import { existsSync, accessSync, constants, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FrontEndApi } from '../../electron/contract/front-end-api.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const artefacts = path.join(repoRoot, 'test', '.artefacts', 'electron-e2e');

/** The Electron executable, or why this machine cannot run it. */
function electronBinary(): { path: string } | { missing: string } {
  let executable: unknown;
  try {
    // The electron package exports the binary's path, and throws when the binary was never downloaded.
    executable = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { missing: `the Electron binary is missing (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    if (typeof executable !== 'string' || !statSync(executable).isFile()) return { missing: `the Electron binary is missing (${String(executable)} is not a file)` };
    accessSync(executable, constants.X_OK);
  } catch {
    return { missing: `the Electron binary is missing (${String(executable)} cannot be executed)` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'there is no display for the Electron window (run under xvfb-run)' };
  }
  return { path: executable };
}

const binary = electronBinary();
const skipReason = 'missing' in binary ? binary.missing : undefined;
if (skipReason) console.warn(`[electron e2e] SKIPPED: ${skipReason}. This is not a pass: the desktop app was not exercised on this machine.`);

/** What the page can see of its host, read inside the page. */
interface PageView {
  hasBridge: boolean;
  commandCount: number;
  nodeVisible: boolean;
  ipcVisible: boolean;
}

describe('the Electron desktop app', () => {
  it(
    'opens one sandboxed window showing the first-administrator setup of a fresh station',
    async (ctx) => {
      // ctx.skip carries the reason into the run's summary, so the skip is never read as a pass.
      if ('missing' in binary) return ctx.skip(binary.missing);
      const mainScript = path.join(repoRoot, 'dist', 'node', 'electron', 'main', 'index.js');
      expect(existsSync(mainScript), 'dist/ is missing: run `npm run build` before the Electron e2e test').toBe(true);

      const dataDir = await mkdtemp(path.join(tmpdir(), 'es-electron-e2e-'));
      const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'ELECTRON_RUN_AS_NODE'));
      // Chromium refuses to start as root without --no-sandbox (CI containers). That flag drops the
      // OS-level sandbox only; the renderer's `sandbox: true` and context isolation still apply.
      const chromiumFlags = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
      let app: ElectronApplication | undefined;
      try {
        app = await electron.launch({ executablePath: binary.path, args: [...chromiumFlags, repoRoot, `--data=${dataDir}`], cwd: repoRoot, env, timeout: 60_000 });
        const page = await app.firstWindow();
        await page.getByTestId('setup-submit').waitFor({ state: 'visible', timeout: 30_000 });

        expect(page.url()).toBe('evidence-app://station/index.html');
        const view = await page.evaluate((): PageView => {
          const scope = globalThis as { evidenceStation?: FrontEndApi; require?: unknown; process?: unknown; ipcRenderer?: unknown };
          return {
            hasBridge: scope.evidenceStation !== undefined,
            commandCount: Object.keys(scope.evidenceStation?.commands ?? {}).length,
            nodeVisible: scope.require !== undefined || scope.process !== undefined,
            ipcVisible: scope.ipcRenderer !== undefined,
          };
        });
        expect(view).toEqual({ hasBridge: true, commandCount: expect.any(Number), nodeVisible: false, ipcVisible: false });
        expect(view.commandCount).toBeGreaterThan(0);
        expect(app.windows()).toHaveLength(1);
      } catch (error) {
        // Keep what a person needs to see why: a screenshot of the window at the moment it failed.
        const page = app?.windows()[0];
        if (page) {
          await mkdir(artefacts, { recursive: true });
          await page.screenshot({ path: path.join(artefacts, `electron-failure-${Date.now()}.png`) }).catch(() => undefined);
        }
        throw error;
      } finally {
        await app?.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
