/**
 * The archive's contract commands over the archive service, and an `execute` that treats them exactly
 * as Station.execute treats the station's own: parse the request against its schema, require an
 * identified operator, turn failures into the contract's error payload. The CLI calls this today; the
 * screens will, once the commands are merged into the one contract (docs/archive.md, "Wiring").
 */
import { archiveCommands, type ArchiveCallResult, type ArchiveCommandName, type ArchiveCommandResponse, type ArchiveParsedRequest } from '../../contract/archive.js';
import { requireOperator, type CallContext } from '../commands/handlers.js';
import { StationError } from '../domain/errors.js';
import type { ArchiveService } from './archive-service.js';
import { ArchiveError } from './errors.js';
import type { DiscRecord } from './model.js';

type ArchiveHandler<C extends ArchiveCommandName> = (request: ArchiveParsedRequest<C>, call: CallContext) => Promise<ArchiveCommandResponse<C>>;
export type ArchiveCommandHandlers = { [C in ArchiveCommandName]: ArchiveHandler<C> };

export function discSummary(disc: DiscRecord): Omit<DiscRecord, 'files'> & { files: number } {
  return { ...disc, files: disc.files.length };
}

export function createArchiveHandlers(service: ArchiveService): ArchiveCommandHandlers {
  return {
    'archive.queue': async () => service.queue(),
    'archive.queueAdd': async (request, call) =>
      service.addToQueue(
        {
          ...(request.caseNumber === undefined ? {} : { caseNumber: request.caseNumber }),
          ...(request.clipIds === undefined ? {} : { clipIds: request.clipIds }),
          ...(request.copies === undefined ? {} : { copies: request.copies }),
          ...(request.note === undefined ? {} : { note: request.note }),
        },
        requireOperator(call),
      ),
    'archive.start': async (request, call) =>
      service.start(
        {
          target: request.target,
          ...(request.caseNumber === undefined ? {} : { caseNumber: request.caseNumber }),
          ...(request.clipIds === undefined ? {} : { clipIds: request.clipIds }),
          ...(request.media === undefined ? {} : { media: request.media }),
          ...(request.secondTarget === undefined ? {} : { secondTarget: request.secondTarget }),
          ...(request.secondMedia === undefined ? {} : { secondMedia: request.secondMedia }),
        },
        requireOperator(call),
      ),
    'archive.job': async (request) => service.job(request.jobId),
    'archive.discs': async (request) => ({ discs: service.discs().map(discSummary), due: request.due === true ? service.due(request.intervalDays) : [] }),
    'archive.disc': async (request) => service.disc(request.discId),
    'archive.verify': async (request, call) => service.recheck(request.discId, requireOperator(call), request.location),
    'archive.shelve': async (request, call) => service.shelve(request.discId, request.shelf, requireOperator(call)),
  };
}

export interface ArchiveCommandRunner {
  execute<C extends ArchiveCommandName>(command: C, rawRequest: unknown, call: CallContext): Promise<ArchiveCallResult<C>>;
}

export function createArchiveCommandRunner(service: ArchiveService, log: (message: string) => void = () => undefined): ArchiveCommandRunner {
  const handlers = createArchiveHandlers(service);
  return {
    async execute<C extends ArchiveCommandName>(command: C, rawRequest: unknown, call: CallContext): Promise<ArchiveCallResult<C>> {
      const parsed = archiveCommands[command].request.safeParse(rawRequest ?? {});
      if (!parsed.success) {
        const fields: Record<string, { code: string; params: Record<string, string | number> }> = {};
        for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= { code: issue.message === 'CONTROL_CHARS' || issue.message === 'CASE_OR_CLIPS' ? issue.message : issue.code.toUpperCase(), params: {} };
        return { ok: false, error: { code: 'INVALID_REQUEST', message: parsed.error.message, params: { command }, fields } };
      }
      try {
        requireOperator(call);
        const handler = handlers[command] as (request: unknown, call: CallContext) => Promise<ArchiveCommandResponse<C>>;
        return { ok: true, value: await handler(parsed.data, call) };
      } catch (error) {
        if (error instanceof ArchiveError || error instanceof StationError) return { ok: false, error: { code: error.code, message: error.message, params: error.params } };
        log(`archive command ${command} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), params: {} } };
      }
    },
  };
}
