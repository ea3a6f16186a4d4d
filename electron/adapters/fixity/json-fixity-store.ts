/** Fixity results (last run, per-object last-verified time, open problems) in one durable JSON file (lowdb over the fsync'ing adapter). */
import { Low } from 'lowdb';
import { z } from 'zod';
import { FixityProblem, FixityRunSummary } from '../../contract/fixity.js';
import { EMPTY_FIXITY_STATE, type FixityState } from '../../core/fixity/model.js';
import type { FixityStore } from '../../core/fixity/ports.js';
import { DurableJsonFile } from '../catalogue/durable-json-adapter.js';

const FixityStateSchema = z.object({
  lastRun: FixityRunSummary.optional(),
  lastCompleteStartedAt: z.string().optional(),
  lastIncompleteStartedAt: z.string().optional(),
  inProgress: z.object({ runId: z.string(), startedAt: z.string(), trigger: z.enum(['manual', 'schedule']), by: z.string() }).optional(),
  verifiedAt: z.record(z.string(), z.string()),
  problems: z.array(FixityProblem),
});

function checkState(value: unknown): FixityState {
  return FixityStateSchema.parse(value) as FixityState;
}

export class JsonFixityStore implements FixityStore {
  private readonly db: Low<FixityState>;

  constructor(file: string) {
    this.db = new Low(new DurableJsonFile(file, checkState), structuredClone(EMPTY_FIXITY_STATE));
  }

  async load(): Promise<FixityState> {
    await this.db.read();
    return structuredClone(this.db.data);
  }

  async save(state: FixityState): Promise<void> {
    this.db.data = structuredClone(state);
    await this.db.write();
  }
}
