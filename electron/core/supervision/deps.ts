/** What supervision's handlers share. */
import type { ParsedRequest } from '../../contract/index.js';
import type { SupervisionCommandName } from '../../contract/supervision.js';
import type { CommandResponse } from '../../contract/index.js';
import { auditName, type Actor } from '../access/model.js';
import type { CallContext } from '../commands/handlers.js';
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { StationContext } from '../station-context.js';
import type { CaseLevelLookup } from './clip-access.js';
import type { PartyCopyWriter, SupervisionStore } from './ports.js';

export interface SupervisionDeps {
  ctx: StationContext;
  store: SupervisionStore;
  /** Without one, producing a copy package answers EXPORT_WRITE_FAILED (e.g. a station without ffmpeg wiring). */
  writer?: PartyCopyWriter;
  caseLevel?: CaseLevelLookup;
}

export type SupervisionHandler<C extends SupervisionCommandName> = (request: ParsedRequest<C>, call: CallContext) => Promise<CommandResponse<C>>;

/** The audit trail's name for the caller (the host's display name, else the actor's). */
export function whoIs(call: CallContext, actor: Actor): string {
  return call.operator ?? auditName(actor);
}

export function getClipOrThrow(ctx: StationContext, id: string): Clip {
  const clip = ctx.ports.catalogue.get(id);
  if (!clip) throw new StationError('CLIP_NOT_FOUND', `no clip ${id}`, { id });
  return clip;
}
