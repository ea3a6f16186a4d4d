/**
 * Role-level permission of whole commands, checked centrally by Station.execute right after the session
 * (so a feature's handler cannot forget it). Record-level checks - which clip, which department, which
 * level - stay in the handlers, which know the record (assertCan with a target).
 *
 * The table is total: a new contract command does not compile until someone decides here whether it is
 * open (sign-in itself), needs a session only (its handler checks the record it touches), or needs an
 * action of the permission table.
 */
import type { CommandName } from '../../contract/index.js';
import type { Action } from './model.js';

/** Runs without a session: signing in, and the little the sign-in screen needs. */
export const OPEN = 'open';
/** Needs a live session; the handler checks the record (clip, case, department, grant) itself. */
export const SESSION = 'session';
export type CommandGate = Action | typeof OPEN | typeof SESSION;

export const COMMAND_PERMISSIONS: Record<CommandName, CommandGate> = {
  'station.info': OPEN,
  'auth.setup': OPEN,
  'auth.login': OPEN,
  'auth.badgeLogin': OPEN,
  'auth.resume': OPEN,
  'auth.logout': OPEN,
  'auth.whoami': OPEN,
  'auth.lock': OPEN,
  'auth.unlock': OPEN,
  'docks.list': SESSION,
  'clips.query': SESSION,
  'clips.get': SESSION,
  'clips.label': SESSION,
  'clips.overdue': SESSION,
  'player.open': SESSION,
  'player.activity': SESSION,
  'settings.get': SESSION,
  'grants.request': SESSION,
  'grants.list': SESSION,
  'grants.decide': SESSION,
  'grants.revoke': SESSION,
  'clips.setConfidentiality': SESSION,
  'cases.getConfidentiality': SESSION,
  'cases.setConfidentiality': SESSION,
  'bookmarks.add': SESSION,
  'bookmarks.list': SESSION,
  'bookmarks.remove': SESSION,
  'gaps.timeline': SESSION,
  'gaps.list': SESSION,
  'gaps.requestExplanation': SESSION,
  'gaps.explain': SESSION,
  'spotcheck.draw': SESSION,
  'spotcheck.queue': SESSION,
  'spotcheck.review': SESSION,
  'spotcheck.mine': SESSION,
  'spotcheck.draws': SESSION,
  'partyCopies.request': SESSION,
  'partyCopies.list': SESSION,
  'partyCopies.decide': SESSION,
  'partyCopies.produce': SESSION,
  'devices.list': SESSION,
  'cameras.present': SESSION,
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

/** The commands anyone connected may run before signing in. */
export const OPEN_COMMANDS: ReadonlySet<CommandName> = new Set((Object.keys(COMMAND_PERMISSIONS) as CommandName[]).filter((command) => COMMAND_PERMISSIONS[command] === OPEN));

/** The permission-table action a command needs as a whole, if any. */
export function commandAction(command: CommandName): Action | undefined {
  const gate = COMMAND_PERMISSIONS[command];
  return gate === OPEN || gate === SESSION ? undefined : gate;
}
