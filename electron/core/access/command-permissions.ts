/**
 * Role-level permission of whole commands, checked centrally by Station.execute right after the session
 * (so a feature's handler cannot forget it). Record-level checks - which clip, which department, which
 * level - stay in the handlers, which know the record (assertCan with a target).
 *
 * Commands not listed need a signed-in session only, and check what they touch themselves.
 */
import type { CommandName } from '../../contract/index.js';
import type { Action } from './model.js';

export const COMMAND_PERMISSIONS: Partial<Record<CommandName, Action>> = {
  'docks.ingestFolder': 'dock.operate',
  'docks.close': 'dock.operate',
  'docks.lateReason': 'dock.operate',
  'settings.update': 'settings.manage',
  'audit.verify': 'audit.read',
  'fixity.run': 'vault.check',
  'fixity.status': 'vault.check',
  'archive.queue': 'archive.manage',
  'archive.queueAdd': 'archive.manage',
  'archive.start': 'archive.manage',
  'archive.job': 'archive.manage',
  'archive.discs': 'archive.manage',
  'archive.disc': 'archive.manage',
  'archive.verify': 'archive.manage',
  'archive.shelve': 'archive.manage',
  'users.list': 'users.manage',
  'users.create': 'users.manage',
  'users.update': 'users.manage',
  'users.setPassword': 'users.manage',
  'users.setPin': 'users.manage',
  'users.unlock': 'users.manage',
  // Issue E and B1 commands (their handlers carry `// access:` comments naming these).
  'backup.status': 'backup.manage',
  'backup.start': 'backup.manage',
  'backup.verify': 'backup.manage',
  'backup.keyInit': 'backup.manage',
  'devices.register': 'device.register',
  'devices.update': 'device.register',
  'devices.acceptIdentity': 'device.register',
};
