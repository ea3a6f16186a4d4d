/**
 * Vitest global setup of the `hardware` project: prepares the USB lab once per run (cached between
 * runs) and hands every test file either the lab or the reason it could not be prepared, so each
 * test SKIPS with that reason rather than passing silently.
 */
import type { TestProject } from 'vitest/node';
import { prepareUsbLab, type LabState } from './usb-lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    usbLab: LabState;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  let state: LabState;
  try {
    // A developer in a hurry may opt out; the run then lists every hardware test as skipped, with this reason.
    state = process.env.EVIDENCE_SKIP_HARDWARE ? { ready: false, reason: 'EVIDENCE_SKIP_HARDWARE is set' } : await prepareUsbLab();
  } catch (error) {
    state = { ready: false, reason: `the USB lab could not be prepared: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (state.ready) console.log(`[hardware] USB lab ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${state.lab.cacheDir})`);
  else console.warn(`[hardware] SKIPPED: ${state.reason}. This is not a pass: no camera was docked on emulated USB.`);
  project.provide('usbLab', state);
}
