/** All of supervision's handlers, attached to the station by the composition root. */
import type { SupervisionCommandName } from '../../contract/supervision.js';
import { createBookmarkHandlers } from './bookmark-commands.js';
import type { SupervisionDeps, SupervisionHandler } from './deps.js';
import { createGapHandlers, createGapWatch } from './gap-commands.js';
import { createPartyCopyHandlers } from './party-copy-commands.js';
import { createSpotCheck, type SpotCheck } from './spotcheck-commands.js';

export type SupervisionHandlers = { [C in SupervisionCommandName]: SupervisionHandler<C> };

export function createSupervision(deps: SupervisionDeps): { handlers: SupervisionHandlers; spotCheck: SpotCheck; gapWatch: ReturnType<typeof createGapWatch> } {
  const spotCheck = createSpotCheck(deps);
  return {
    spotCheck,
    gapWatch: createGapWatch(deps),
    handlers: { ...createBookmarkHandlers(deps), ...createGapHandlers(deps), ...spotCheck.handlers, ...createPartyCopyHandlers(deps) },
  };
}
