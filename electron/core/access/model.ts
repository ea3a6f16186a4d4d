/**
 * Who may see what (issue F): the shared vocabulary of accounts, roles, confidentiality and actions.
 * The permission rules themselves live in one table (permissions.ts); every handler asks that table,
 * on the station side, never the UI.
 */
import { CONFIDENTIALITY_LEVELS, confidentialityRank, higherLevel, isConfidentialityLevel, type ConfidentialityLevel } from '../domain/confidentiality.js';

/** The station's kinds of user. A person may hold several roles (a clerk who is also an officer). Defined in the domain. */
export { ROLES, type Role } from '../domain/roles.js';
import type { Role } from '../domain/roles.js';

/**
 * Confidentiality of a clip or a case, narrowest last. A person's clearance is the highest level
 * they may see at all (metadata included); anything above it does not exist for them.
 * Defined in the domain (shared with the renderer) and re-exported here with the same names.
 */
export { CONFIDENTIALITY_LEVELS, confidentialityRank, higherLevel, isConfidentialityLevel, type ConfidentialityLevel };

/** The authenticated person behind a call: what a host attaches to its CallContext after login. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  badgeNumber?: string;
  roles: Role[];
  /** 科室: the boundary of what an officer sees. */
  department: string;
  clearance: ConfidentialityLevel;
  /** The bureau's head (负责人): approves copies for parties and views above standing grants. */
  head: boolean;
  /** The login session this call belongs to (audited with every action). */
  sessionId: string;
}

/** Everything a permission rule can be asked about. Keep the list and permissions.ts in step. */
export const ACTIONS = [
  'clip.see',
  'clip.label',
  'clip.view',
  'clip.export',
  'grant.request',
  'grant.approve',
  'gap.explain',
  'gap.request-explanation',
  'replay.bookmark',
  'spotcheck.draw',
  'spotcheck.review',
  'party-copy.request',
  'party-copy.approve',
  'party-copy.produce',
  'device.register',
  'archive.manage',
  'backup.manage',
  'users.manage',
  'settings.manage',
  'audit.read',
  // Added by F1 (additive): docking, setting a level, re-hashing the vault.
  'dock.operate',
  'clip.set-confidentiality',
  'vault.check',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The audit trail's name for a person: `张伟(3201008)`, or the username when there is no badge. */
export function auditName(actor: Pick<Actor, 'displayName' | 'badgeNumber' | 'username'>): string {
  return `${actor.displayName}(${actor.badgeNumber ?? actor.username})`;
}
