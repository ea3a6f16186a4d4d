/**
 * Issue F part 1 (docs/access-control.md): sign-in, login sessions, accounts, viewing grants and
 * confidentiality. Spread into `commands` in index.ts. The auth.* commands (and a minimal
 * station.info) are the only ones that run without a session.
 */
import { z } from 'zod';
import { ConfidentialityLevel, humanText, IsoDate, Role, Sha256 } from './schemas.js';

const empty = z.object({}).strict();
const Id = z.string().trim().min(1).max(100);
const Username = z.string().trim().min(1).max(32);
/** Not trimmed: a password is exactly what was typed. Bounded so hashing cannot be used to tie the station up. */
const Secret = z.string().min(1).max(256);
const Badge = humanText(32).pipe(z.string().min(1));
const Department = humanText(64).pipe(z.string().min(1));

/** The signed-in person as front ends see them (never a hash, never the token of another session). */
export const ActorView = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  badgeNumber: z.string().optional(),
  roles: z.array(Role),
  department: z.string(),
  clearance: ConfidentialityLevel,
  head: z.boolean(),
  sessionId: z.string(),
});

/** What a successful sign-in returns: the bearer token lets a reload resume (kept in sessionStorage). */
export const AuthSession = z.object({ token: z.string(), actor: ActorView, operator: z.string(), idleMinutes: z.number() });

export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  badgeNumber: z.string().optional(),
  department: z.string(),
  roles: z.array(Role),
  clearance: ConfidentialityLevel,
  head: z.boolean(),
  hasPin: z.boolean(),
  failedAttempts: z.number(),
  lockedUntil: z.string().optional(),
  disabled: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const GrantSubject = z.discriminatedUnion('kind', [z.object({ kind: z.literal('clip'), clipId: z.string() }), z.object({ kind: z.literal('case'), caseNumber: z.string() })]);

export const Grant = z.object({
  id: z.string(),
  subject: GrantSubject,
  reason: z.string(),
  requesterId: z.string(),
  requesterName: z.string(),
  requestedAt: z.string(),
  department: z.string().optional(),
  level: ConfidentialityLevel,
  status: z.enum(['pending', 'approved', 'denied', 'revoked']),
  decision: z.object({ approve: z.boolean(), by: z.string(), byId: z.string(), at: z.string(), note: z.string().optional() }).optional(),
  from: z.string().optional(),
  until: z.string().optional(),
  revoked: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).optional(),
});

const UserFields = {
  displayName: humanText(64).pipe(z.string().min(1)),
  badgeNumber: Badge.optional(),
  department: Department,
  roles: z.array(Role).min(1).max(5),
  clearance: ConfidentialityLevel,
  head: z.boolean().optional(),
};

export const accessCommands = {
  'auth.setup': {
    request: z.object({ username: Username, displayName: humanText(64).pipe(z.string().min(1)), department: Department, password: Secret }).strict(),
    response: AuthSession,
  },
  'auth.login': { request: z.object({ username: Username, password: Secret }).strict(), response: AuthSession },
  /** Badge number + PIN at the dock; `scanned` without a PIN only where the agency allows a scanned badge alone. */
  'auth.badgeLogin': { request: z.object({ badgeNumber: Badge, pin: Secret.optional(), scanned: z.boolean().optional() }).strict(), response: AuthSession },
  /** A reload: the token of a live session on this station, bound to this connection again. */
  'auth.resume': { request: z.object({ token: z.string().min(1).max(200) }).strict(), response: AuthSession },
  'auth.logout': { request: empty, response: z.object({ ended: z.boolean() }) },
  'auth.whoami': { request: empty, response: z.object({ actor: ActorView.optional(), operator: z.string().optional(), locked: z.boolean(), needsSetup: z.boolean() }) },
  /** The renderer's idle timer locks the session on the station too; unlocking needs the same secret as the sign-in. */
  'auth.lock': { request: empty, response: z.object({ locked: z.boolean() }) },
  'auth.unlock': { request: z.object({ secret: Secret }).strict(), response: AuthSession },

  'users.list': { request: empty, response: z.object({ users: z.array(PublicUser), departments: z.array(z.string()) }) },
  'users.create': { request: z.object({ username: Username, ...UserFields, password: Secret, pin: z.string().max(8).optional() }).strict(), response: PublicUser },
  'users.update': {
    request: z.object({ id: Id, displayName: UserFields.displayName.optional(), badgeNumber: Badge.optional(), department: Department.optional(), roles: UserFields.roles.optional(), clearance: ConfidentialityLevel.optional(), head: z.boolean().optional(), disabled: z.boolean().optional() }).strict(),
    response: PublicUser,
  },
  'users.setPassword': { request: z.object({ id: Id, password: Secret }).strict(), response: z.object({ id: z.string() }) },
  'users.setPin': { request: z.object({ id: Id, pin: z.string().max(8) }).strict(), response: z.object({ id: z.string() }) },
  'users.unlock': { request: z.object({ id: Id }).strict(), response: PublicUser },

  'grants.request': {
    request: z
      .object({ clipId: Sha256.optional(), caseNumber: humanText(64).pipe(z.string().min(1)).optional(), reason: humanText(1000).pipe(z.string().min(2)) })
      .strict()
      .refine((r) => (r.clipId === undefined) !== (r.caseNumber === undefined), { message: 'ONE_SUBJECT', path: ['clipId'] }),
    response: Grant,
  },
  'grants.list': { request: z.object({ scope: z.enum(['mine', 'to-decide']) }).strict(), response: z.array(Grant) },
  'grants.decide': {
    request: z.object({ id: Id, approve: z.boolean(), from: IsoDate.optional(), until: IsoDate.optional(), note: humanText(1000).optional() }).strict(),
    response: Grant,
  },
  'grants.revoke': { request: z.object({ id: Id, note: humanText(1000).optional() }).strict(), response: Grant },

  'clips.setConfidentiality': {
    request: z.object({ ids: z.array(Sha256).min(1).max(5000), level: ConfidentialityLevel, reason: humanText(1000).pipe(z.string().min(2)) }).strict(),
    response: z.object({ updated: z.number() }),
  },
  /** The case's own level (not its clips' effective levels); only for someone who sees a clip of the case. */
  'cases.getConfidentiality': {
    request: z.object({ caseNumber: humanText(64).pipe(z.string().min(1)) }).strict(),
    response: z.object({ caseNumber: z.string(), level: ConfidentialityLevel }),
  },
  'cases.setConfidentiality': {
    request: z.object({ caseNumber: humanText(64).pipe(z.string().min(1)), level: ConfidentialityLevel, reason: humanText(1000).pipe(z.string().min(2)) }).strict(),
    response: z.object({ caseNumber: z.string(), level: ConfidentialityLevel }),
  },

  /** What the player did with a ticket: play and seek are audited with the grant that allowed them. */
  'player.activity': {
    request: z.object({ ticket: z.string().min(1).max(200), kind: z.enum(['play', 'pause', 'seek', 'rate', 'frame-step']), positionSeconds: z.number().min(0).max(1e7), rate: z.number().min(0.0625).max(16).optional() }).strict(),
    response: z.object({ recorded: z.boolean() }),
  },
} as const;

export type AccessCommandName = keyof typeof accessCommands;
