/** The fixity commands' handlers, merged into the station's handler map (station.ts). */
import type { CommandResponse, ParsedRequest } from '../../contract/index.js';
import type { FixityCommandName } from '../../contract/fixity.js';
import { requireOperator, type CallContext } from '../commands/handlers.js';
import { StationError } from '../domain/errors.js';
import type { StationContext } from '../station-context.js';
import { FixityService } from './fixity-service.js';
import type { FixityPorts } from './ports.js';

export type FixityHandlers = { [C in FixityCommandName]: (request: ParsedRequest<C>, call: CallContext) => Promise<CommandResponse<C>> };

export interface Fixity {
  /** undefined when the station was built without fixity ports (the commands then answer with an error). */
  service: FixityService | undefined;
  handlers: FixityHandlers;
}

export function createFixity(ctx: StationContext, ports: FixityPorts | undefined, log?: (message: string) => void): Fixity {
  const service = ports ? new FixityService(ctx, ports, log) : undefined;
  const need = (): FixityService => {
    if (!service) throw new StationError('INTERNAL', 'this station has no fixity check configured', {});
    return service;
  };
  return {
    service,
    handlers: {
      'fixity.run': async (_request, call) => need().start(requireOperator(call), 'manual'),
      'fixity.status': async () => need().status(),
    },
  };
}
