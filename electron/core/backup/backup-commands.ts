/** The backup's contract handlers, attached to the station by the composition root (adapters/backup/open-backup.ts). */
import type { CommandResponse, ParsedRequest } from '../../contract/index.js';
import type { BackupCommandName } from '../../contract/backup.js';
import { requireOperator, type CallContext } from '../commands/handlers.js';
import { keyIdText } from './backup-key.js';
import type { BackupService } from './backup-service.js';

export type BackupHandlers = { [C in BackupCommandName]: (request: ParsedRequest<C>, call: CallContext) => Promise<CommandResponse<C>> };

export function createBackupHandlers(service: BackupService): BackupHandlers {
  return {
    'backup.status': async () => service.status(),
    'backup.start': async (request, call) => {
      // access: backup.manage
      const operator = requireOperator(call);
      return service.start({
        operator,
        trigger: 'manual',
        ...(request.target === undefined ? {} : { target: request.target }),
        ...(request.bandwidthBytesPerSecond === undefined ? {} : { bandwidthBytesPerSecond: request.bandwidthBytesPerSecond }),
      });
    },
    'backup.verify': async (request, call) => {
      // access: backup.manage
      const operator = requireOperator(call);
      return service.verifySample(operator, request.sampleSize, request.target);
    },
    'backup.keyInit': async (_request, call) => {
      // access: backup.manage
      const operator = requireOperator(call);
      const { key, created } = await service.ensureKey(operator);
      return { keyId: keyIdText(key), created };
    },
  };
}
