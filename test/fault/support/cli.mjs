// Runs the command line from the TypeScript source (never a stale dist/ build), as bin/evidence-station.mjs
// does in a checkout without a build. The fault tier strace's and kill -9's this process.
import { register } from 'tsx/esm/api';

register();
const cli = await import(new URL('../../../electron/cli/index.ts', import.meta.url).href);
process.exitCode = await cli.main(process.argv);
