/**
 * What the fake station hands each of its feature modules (archive, backup, supervision, devices,
 * access): one definition, so every module records, fails and hashes the same way.
 */
import type { EventName, EventPayload } from '../../../electron/contract/index.js';
import type { Clip } from '../contract-types.js';

export type FakeParams = Record<string, string | number>;

export interface FakeFeatureDeps {
  clips: () => Iterable<Clip>;
  now: () => Date;
  requireOperator: () => string;
  record: (actor: string, action: string, target: string, extra?: { before?: unknown; after?: unknown; detail?: unknown }) => void;
  fail: (code: string, message: string, params?: FakeParams) => Error;
  sha: (seed: string) => string;
}

/** For the modules that simulate a job with progress events. */
export interface FakeJobDeps extends FakeFeatureDeps {
  /** Multiplies the simulated speed. */
  speed: number;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}
