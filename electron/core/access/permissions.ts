/**
 * The permission rules: ONE table, asked on the station side by every handler (never only by the UI).
 * docs/access-control.md says the same table in words; test/unit/permissions.test.ts checks it row by row.
 *
 * A rule answers "may this actor do this action (to this target)?" from four things:
 *  - roles: which roles may do the action at all (the head, 负责人, counts as a supervisor too);
 *  - reach: how far a role sees - its own department (科室), or the whole bureau;
 *  - clearance: a target above the actor's clearance does not exist for them (metadata included);
 *  - owner rules: some actions are only for the record's owner, some never for them.
 * Viewing footage needs more than the table: a valid grant (core/access/grants.ts); the table says who
 * may ask for and hold one.
 */
import { StationError } from '../domain/errors.js';
import { confidentialityRank, type Action, type Actor, type ConfidentialityLevel, type Role } from './model.js';

/** What an action is done to: a clip, a case, a grant request, a copy request. */
export interface AccessTarget {
  /** The 科室 the record belongs to; undefined = not assigned to any (only bureau-wide roles and its owner see it). */
  department?: string;
  /** Effective level (the higher of clip and case); undefined = ordinary. */
  confidentiality?: ConfidentialityLevel;
  /** Badge number of the officer whose footage it is (the camera's officer). */
  ownerBadge?: string;
  /** The account the record belongs to: who asked for a grant, who recorded a copy request. */
  ownerUserId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: RefusalReason };

/** Stable reason codes; the UI and CLI turn them into words (zh-CN / en). */
export type RefusalReason = 'role' | 'department' | 'clearance' | 'head-only' | 'own-record' | 'not-owner';

type Reach = 'department' | 'bureau';

interface Rule {
  roles: readonly Role[];
  /** Whether the target's department and level are checked (actions on records). */
  onRecords: boolean;
  /** Only the head (负责人) may, whatever the roles. */
  headOnly?: boolean;
  /** Above this level only the head may (e.g. approving a grant above personal privacy). */
  headAbove?: ConfidentialityLevel;
  /** 'user': never on one's own record (ownerUserId); 'badge': never on one's own footage (ownerBadge). */
  notOwn?: 'user' | 'badge';
  /** Only the owner of the footage (ownerBadge = the actor's badge). */
  ownerOnly?: boolean;
}

const CLIP_ROLES = ['officer', 'clerk', 'supervisor', 'legal'] as const satisfies readonly Role[];

/** THE table. Keep docs/access-control.md and test/unit/permissions.test.ts in step with it. */
export const RULES: Readonly<Record<Action, Rule>> = {
  'clip.see': { roles: CLIP_ROLES, onRecords: true },
  'clip.label': { roles: ['officer', 'clerk', 'supervisor'], onRecords: true },
  'clip.view': { roles: CLIP_ROLES, onRecords: true },
  'clip.export': { roles: ['clerk', 'supervisor', 'legal'], onRecords: true },
  'clip.set-confidentiality': { roles: ['supervisor', 'legal'], onRecords: true },
  'grant.request': { roles: CLIP_ROLES, onRecords: true },
  'grant.approve': { roles: ['supervisor'], onRecords: true, headAbove: 'personal-privacy', notOwn: 'user' },
  'gap.explain': { roles: ['officer'], onRecords: true, ownerOnly: true },
  'gap.request-explanation': { roles: ['supervisor'], onRecords: true },
  'replay.bookmark': { roles: ['supervisor', 'legal'], onRecords: true },
  'spotcheck.draw': { roles: ['supervisor'], onRecords: false },
  'spotcheck.review': { roles: ['supervisor'], onRecords: true, notOwn: 'badge' },
  'party-copy.request': { roles: ['clerk', 'legal'], onRecords: true },
  'party-copy.approve': { roles: ['supervisor'], onRecords: true, headOnly: true, notOwn: 'user' },
  'party-copy.produce': { roles: ['clerk'], onRecords: true },
  'device.register': { roles: ['admin', 'clerk'], onRecords: false },
  'archive.manage': { roles: ['clerk', 'supervisor'], onRecords: false },
  'backup.manage': { roles: ['admin'], onRecords: false },
  'users.manage': { roles: ['admin'], onRecords: false },
  'settings.manage': { roles: ['admin'], onRecords: false },
  'audit.read': { roles: ['clerk', 'supervisor', 'legal', 'admin'], onRecords: false },
  'dock.operate': { roles: ['officer', 'clerk'], onRecords: false },
  'vault.check': { roles: ['clerk', 'supervisor', 'admin'], onRecords: false },
};

/** How far each role sees records. An officer also always sees their own footage. */
const REACH: Readonly<Record<Role, Reach | undefined>> = {
  officer: 'department',
  clerk: 'bureau',
  supervisor: 'department',
  legal: 'bureau',
  // Administrators run the station; they see no footage (separation of duties).
  admin: undefined,
};

/** The roles that count for this actor: the head is a supervisor of the whole bureau whatever else they are. */
export function effectiveRoles(actor: Pick<Actor, 'roles' | 'head'>): Role[] {
  return actor.head && !actor.roles.includes('supervisor') ? [...actor.roles, 'supervisor'] : [...actor.roles];
}

export function can(actor: Actor, action: Action, target?: AccessTarget): Decision {
  return decideFor(actor, action)(target);
}

/**
 * The rule for one actor and action, with the role part settled once: what lists run for every clip of
 * the catalogue (a search over 300k clips asks `clip.see` 300k times). Same answers as `can`.
 */
export function decideFor(actor: Actor, action: Action): (target?: AccessTarget) => Decision {
  const rule = RULES[action];
  const roles = effectiveRoles(actor).filter((role) => rule.roles.includes(role));
  if (roles.length === 0) return () => REFUSED.role;
  if (rule.headOnly && !actor.head) return () => REFUSED['head-only'];
  const clearanceRank = confidentialityRank(actor.clearance);
  const bureauWide = actor.head || roles.some((role) => REACH[role] === 'bureau');
  const departmentWide = roles.some((role) => REACH[role] === 'department');
  // An officer's own footage is always theirs to see, whichever department it was filed under.
  const reaches = (target: AccessTarget): boolean =>
    bureauWide ||
    (target.ownerBadge !== undefined && target.ownerBadge === actor.badgeNumber) ||
    (departmentWide && target.department !== undefined && target.department === actor.department);

  return (target) => {
    if (!target) return ALLOWED;
    const level = target.confidentiality ?? 'ordinary';
    if (rule.onRecords) {
      if (confidentialityRank(level) > clearanceRank) return REFUSED.clearance;
      if (!reaches(target)) return REFUSED.department;
    }
    if (rule.headAbove && confidentialityRank(level) > confidentialityRank(rule.headAbove) && !actor.head) return REFUSED['head-only'];
    if (rule.ownerOnly && (target.ownerBadge === undefined || target.ownerBadge !== actor.badgeNumber)) return REFUSED['not-owner'];
    if (rule.notOwn === 'user' && target.ownerUserId !== undefined && target.ownerUserId === actor.userId) return REFUSED['own-record'];
    if (rule.notOwn === 'badge' && target.ownerBadge !== undefined && target.ownerBadge === actor.badgeNumber) return REFUSED['own-record'];
    return ALLOWED;
  };
}

/** Throws FORBIDDEN with {action, reason}; Station.execute audits it as access.refused. */
export function assertCan(actor: Actor, action: Action, target?: AccessTarget): void {
  const decision = can(actor, action, target);
  if (!decision.allowed) throw new StationError('FORBIDDEN', `${action} refused: ${decision.reason}`, { action, reason: decision.reason });
}

/** The authenticated person behind a call, or UNAUTHENTICATED. */
export function requireActor(call: { actor?: Actor | undefined }): Actor {
  if (!call.actor) throw new StationError('UNAUTHENTICATED', 'log in first');
  return call.actor;
}

const ALLOWED: Decision = Object.freeze({ allowed: true });
/** Decisions are shared, frozen values. */
const REFUSED: Readonly<Record<RefusalReason, Decision>> = {
  role: Object.freeze({ allowed: false, reason: 'role' }),
  department: Object.freeze({ allowed: false, reason: 'department' }),
  clearance: Object.freeze({ allowed: false, reason: 'clearance' }),
  'head-only': Object.freeze({ allowed: false, reason: 'head-only' }),
  'own-record': Object.freeze({ allowed: false, reason: 'own-record' }),
  'not-owner': Object.freeze({ allowed: false, reason: 'not-owner' }),
};
