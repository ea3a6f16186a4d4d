/**
 * The architecture boundaries in eslint.config.js, checked with ESLint's Node API: the current tree
 * keeps them, and a violation is provably reported (so `npm run lint` fails on one).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot, errorOnUnmatchedPattern: false });
});

/** Boundary errors ESLint reports for `code` as if it were the file at `relativePath`. */
async function boundaryErrors(code: string, relativePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  // A snippet that does not parse reports nothing from any rule; that must not pass as "allowed".
  const fatal = result?.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`the probe for ${relativePath} did not parse: ${fatal.message}`);
  if (result === undefined) throw new Error(`ESLint ignored ${relativePath}`);
  return (result?.messages ?? []).filter((message) => message.severity === 2 && message.ruleId !== null && BOUNDARY_RULES.has(message.ruleId)).map((message) => message.message);
}

describe('the current tree keeps the boundaries', () => {
  it('has no boundary errors in electron/core, electron/contract, electron/preload or renderer', async () => {
    const results = await eslint.lintFiles(['electron/core', 'electron/contract', 'electron/preload', 'renderer']);
    const linted = results.map((result) => path.relative(repoRoot, result.filePath));
    // Guards against a vacuous pass: the folders were actually linted.
    expect(linted.some((file) => file.startsWith(path.join('electron', 'core')))).toBe(true);
    expect(linted.some((file) => file.startsWith(path.join('electron', 'contract')))).toBe(true);
    const violations = results.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId !== null && BOUNDARY_RULES.has(message.ruleId))
        .map((message) => `${path.relative(repoRoot, result.filePath)}:${message.line} ${message.message}`),
    );
    expect(violations).toEqual([]);
  }, 60_000);
});

describe('violations are reported', () => {
  it("refuses import { app } from 'electron' in electron/core", async () => {
    const errors = await boundaryErrors("import { app } from 'electron';\nexport const name = app.name;\n", 'electron/core/boundary-probe.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/electron/);
  });

  it.each([
    ['a type-only electron import in the core', "import type { App } from 'electron';\nexport type A = App;\n", 'electron/core/probe.ts'],
    ['node:fs in the core', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", 'electron/core/probe.ts'],
    ['bare fs in the core', "import fs from 'fs';\nexport const f = fs;\n", 'electron/core/dock/probe.ts'],
    ['child_process in the core', "import { spawn } from 'node:child_process';\nexport const s = spawn;\n", 'electron/core/probe.ts'],
    ['sharp in the core', "import sharp from 'sharp';\nexport const s = sharp;\n", 'electron/core/probe.ts'],
    ['lowdb/node in the core', "import { JSONFilePreset } from 'lowdb/node';\nexport const p = JSONFilePreset;\n", 'electron/core/probe.ts'],
    ['an adapter from the core', "import { FsVault } from '../../adapters/vault/fs-vault.js';\nexport const v = FsVault;\n", 'electron/core/ingest/probe.ts'],
    ['a dynamic import in the core', "export const load = () => import('usb');\n", 'electron/core/probe.ts'],
    ['node:path in the contract (it is bundled for the browser)', "import path from 'node:path';\nexport const p = path;\n", 'electron/contract/probe.ts'],
    ['the core from the contract', "import { StationEvents } from '../core/events.js';\nexport const e = StationEvents;\n", 'electron/contract/probe.ts'],
    ['electron in the web host', "import { app } from 'electron';\nexport const a = app;\n", 'electron/host/probe.ts'],
    ['electron in an adapter', "import { shell } from 'electron';\nexport const s = shell;\n", 'electron/adapters/probe.ts'],
    ['electron in the renderer', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", 'renderer/src/probe.ts'],
    ['node:fs in the renderer', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'renderer/src/probe.tsx'],
    ['the core from the renderer', "import { createStation } from '../../electron/core/station.js';\nexport const c = createStation;\n", 'renderer/src/probe.ts'],
    ['an adapter from the renderer', "import { FsVault } from '../../../electron/adapters/vault/fs-vault.js';\nexport const v = FsVault;\n", 'renderer/src/feature/probe.ts'],
    ['electron/main from the renderer', "import { APP_ORIGIN } from '../../electron/main/app-origin.js';\nexport const o = APP_ORIGIN;\n", 'renderer/src/probe.ts'],
    ['a dynamic import of the core from the renderer', "export const load = () => import('../../electron/core/station.js');\n", 'renderer/src/probe.ts'],
    ['the core from the preload', "import { createStation } from '../core/station.js';\nexport const c = createStation;\n", 'electron/preload/probe.ts'],
  ])('refuses %s', async (_what, code, file) => {
    expect(await boundaryErrors(code, file)).not.toEqual([]);
  });

  it.each([
    ['node:crypto in the core', "import { createHash } from 'node:crypto';\nexport const h = createHash;\n", 'electron/core/probe.ts'],
    ['the contract from the core', "import { commands } from '../contract/index.js';\nexport const c = commands;\n", 'electron/core/probe.ts'],
    ['a type-level import() in the core', "export type S = import('./domain/settings.js').AgencySettings;\n", 'electron/core/probe.ts'],
    ['the contract from the renderer', "import { commandNames } from '../../electron/contract/index.js';\nexport const c = commandNames;\n", 'renderer/src/probe.ts'],
    ['a lazy screen in the renderer', "export const load = () => import('./screens/catalogue.js');\n", 'renderer/src/probe.ts'],
    ['electron and the core in electron/main', "import { app } from 'electron';\nimport { createStation } from '../core/station.js';\nexport const x = [app, createStation];\n", 'electron/main/probe.ts'],
    ['electron in the preload', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n", 'electron/preload/probe.ts'],
  ])('allows %s', async (_what, code, file) => {
    expect(await boundaryErrors(code, file)).toEqual([]);
  });
});
