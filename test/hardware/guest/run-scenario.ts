/**
 * The guest side's entry (bundled to run-scenario.mjs): `node run-scenario.mjs <scenario> <workDir>`.
 * Runs one scenario and writes <workDir>/results.json, `{ ok: true, ... }` or `{ ok: false, error }`.
 */
import { GuestContext } from './guest-context.js';

// Loaded on demand: the station's modules take seconds to load under software emulation, and the
// lab proof needs none of them.
const scenarios: Record<string, () => Promise<(ctx: GuestContext) => Promise<object>>> = {
  'lab-proof': async () => (await import('./scenario-lab-proof.js')).runLabProof,
  station: async () => (await import('./scenario-station.js')).runStationScenarios,
};

const [name = '', workDir = ''] = process.argv.slice(2);
const ctx = new GuestContext(workDir);
const loadScenario = scenarios[name];
// Fail from inside before the host's kill, so the results and the log still reach the host.
const deadline = setTimeout(() => {
  ctx.note(`scenario ${name} TIMED OUT`);
  ctx.writeResults({ ok: false, error: `the scenario did not finish within ${ctx.settings.timeoutMs} ms in the guest` });
  process.exit(1);
}, ctx.settings.timeoutMs);
deadline.unref();
// A crash anywhere in the process (a library callback throwing) still reaches the host as a result.
process.on('uncaughtException', (error) => {
  ctx.note(`scenario ${name} CRASHED: ${error.stack ?? error.message}`);
  ctx.writeResults({ ok: false, error: `the guest process crashed: ${error.message}` });
  process.exit(1);
});
try {
  if (!loadScenario) throw new Error(`no such scenario: ${name} (known: ${Object.keys(scenarios).join(', ')})`);
  const scenario = await loadScenario();
  ctx.note(`scenario ${name} starts`);
  const results = await scenario(ctx);
  ctx.note(`scenario ${name} done`);
  ctx.writeResults({ ok: true, ...results });
  process.exit(0);
} catch (error) {
  ctx.note(`scenario ${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  ctx.writeResults({ ok: false, error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
