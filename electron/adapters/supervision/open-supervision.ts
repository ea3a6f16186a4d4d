/**
 * Supervision's wiring for the composition root: its store under <data>/supervision/, the copy-package
 * writer, its handlers attached to the station, and (in the hosts) the spot-check timer.
 */
import path from 'node:path';
import type { Station } from '../../core/station.js';
import type { StationContext } from '../../core/station-context.js';
import type { CaseLevelLookup } from '../../core/supervision/clip-access.js';
import { createSupervision } from '../../core/supervision/supervision-commands.js';
import type { SpotCheck } from '../../core/supervision/spotcheck-commands.js';
import type { PartyCopyWriter } from '../../core/supervision/ports.js';
import { JsonSupervisionStore } from './json-supervision-store.js';
import { FsPartyCopyWriter } from './party-copy-writer.js';
import { startSpotCheckTimer, type SpotCheckTimerOptions } from './spotcheck-timer.js';

export interface OpenSupervisionOptions {
  dataDir: string;
  station: Pick<Station, 'attachHandlers'>;
  ctx: StationContext;
  caseLevel?: CaseLevelLookup;
  writer?: PartyCopyWriter;
  schedule?: boolean | SpotCheckTimerOptions;
  log: (message: string) => void;
}

export interface OpenedSupervision {
  spotCheck: SpotCheck;
  dispose(): Promise<void>;
}

export async function openSupervision(options: OpenSupervisionOptions): Promise<OpenedSupervision> {
  const store = new JsonSupervisionStore(path.join(options.dataDir, 'supervision', 'supervision.json'));
  await store.open();
  const { handlers, spotCheck, gapWatch } = createSupervision({
    ctx: options.ctx,
    store,
    writer: options.writer ?? new FsPartyCopyWriter(),
    ...(options.caseLevel ? { caseLevel: options.caseLevel } : {}),
  });
  options.station.attachHandlers(handlers);
  // After each dock, the station itself asks for explanations of the long gaps it created (R1.3).
  const stopWatching = options.ctx.events.on('dock.updated', (session) => {
    gapWatch.afterDock(session).catch((error: unknown) => options.log(`could not check the recording gaps of dock ${session.id}: ${error instanceof Error ? error.message : String(error)}`));
  });
  const stopTimer = options.schedule ? startSpotCheckTimer(spotCheck, options.schedule === true ? {} : options.schedule, options.log) : async () => undefined;
  return {
    spotCheck,
    dispose: async () => {
      stopWatching();
      await stopTimer();
      await gapWatch.idle();
      await store.close();
    },
  };
}
