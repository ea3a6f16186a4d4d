#!/usr/bin/env node
// `npm run build`: everything the desktop app and the loopback web host load, into dist/.
//   dist/node/      tsc -p tsconfig.json (electron/** as ESM: main, core, adapters, host, cli)
//   dist/preload/   esbuild: the preload as one CommonJS file (sandboxed preloads cannot import)
//   dist/renderer/  vite build (vite.config.ts at the repo root, base './')
// Any failing step stops the build with a non-zero exit; nothing half-built is left looking whole.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');

class StepFailed extends Error {}

/** Runs a Node CLI from node_modules with the same Node, so no PATH or shell is involved. */
function runNodeTool(scriptPath, args) {
  const result = spawnSync(process.execPath, [scriptPath, ...args], { cwd: root, stdio: 'inherit' });
  if (result.error) throw new StepFailed(result.error.message);
  if (result.status !== 0) throw new StepFailed(`exited with ${result.status ?? result.signal}`);
}

const steps = [
  {
    name: 'typescript -> dist/node',
    run: () => runNodeTool(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json']),
  },
  {
    name: 'preload -> dist/preload/index.cjs',
    run: async () => {
      const { build } = await import('esbuild');
      await build({
        entryPoints: [path.join(root, 'electron/preload/index.ts')],
        outfile: path.join(dist, 'preload/index.cjs'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        // The sandboxed preload's require() knows only `electron` (and a few Node shims).
        external: ['electron'],
        target: 'node22',
        sourcemap: 'linked',
        logLevel: 'warning',
      });
    },
  },
  {
    name: 'renderer -> dist/renderer (vite build)',
    run: () => {
      runNodeTool(path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js'), ['build']);
      // Electron main and the web host both load this exact file; a config writing elsewhere is a failed build.
      const page = path.join(dist, 'renderer/index.html');
      if (!existsSync(page)) throw new StepFailed(`vite finished but ${path.relative(root, page)} is missing (vite.config.ts must use build.outDir 'dist/renderer')`);
    },
  },
];

// Stale output (a file deleted from the source, an old preload) must not survive into a new build.
rmSync(dist, { recursive: true, force: true });

for (const [index, step] of steps.entries()) {
  const started = Date.now();
  process.stdout.write(`[build ${index + 1}/${steps.length}] ${step.name}\n`);
  try {
    await step.run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\n[build] FAILED at step ${index + 1}/${steps.length} (${step.name}): ${reason}\n`);
    process.exit(1);
  }
  process.stdout.write(`[build ${index + 1}/${steps.length}] done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
process.stdout.write('[build] dist/ is complete\n');
