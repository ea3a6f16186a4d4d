#!/usr/bin/env node
// Runs the built CLI; in a source checkout without a build it runs the TypeScript through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/node/electron/cli/index.js', import.meta.url));
let cli;
if (existsSync(built)) {
  cli = await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api').catch(() => {
    process.stderr.write('evidence-station: not built yet and tsx is missing. Run `npm ci && npm run build` first.\n');
    process.exit(1);
  });
  register();
  cli = await import(new URL('../electron/cli/index.ts', import.meta.url).href);
}
process.exitCode = await cli.main(process.argv);
