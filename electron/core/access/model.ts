/**
 * Who may see what (issue F): the shared vocabulary of accounts, roles, confidentiality and actions.
 * The permission rules themselves live in one table (permissions.ts); every handler asks that table,
 * on the station side, never the UI.
 */

/** The station's kinds of user. A person may hold several roles (a clerk who is also an officer). */
export const ROLES = ['officer', 'clerk', 'supervisor', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Confidentiality of a clip or a case, narrowest last. A person's clearance is the highest level
 * they may see at all (metadata included); anything above it does not exist for them.
 */
export const CONFIDENTIALITY_LEVELS = ['ordinary', 'personal-privacy', 'commercial-secret', 'state-secret'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

export function confidentialityRank(level: ConfidentialityLevel): number {
  return CONFIDENTIALITY_LEVELS.indexOf(level);
}

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
] as const;
export type Action = (typeof ACTIONS)[number];
