/** Viewing grants (issue F, R5.1): a person asks to view a clip or a case with a reason; an approver grants a time window. */
import type { ConfidentialityLevel } from './model.js';

export type GrantSubject = { kind: 'clip'; clipId: string } | { kind: 'case'; caseNumber: string };

export type GrantStatus = 'pending' | 'approved' | 'denied' | 'revoked';

export interface Grant {
  id: string;
  subject: GrantSubject;
  reason: string;
  requesterId: string;
  /** Audit display name of the requester, e.g. 张伟(3201008). */
  requesterName: string;
  requestedAt: string;
  /** The subject's department and effective level when asked: who may approve depends on them. */
  department?: string;
  level: ConfidentialityLevel;
  status: GrantStatus;
  decision?: { approve: boolean; by: string; byId: string; at: string; note?: string };
  /** The approved window (ISO); viewing is allowed from <= now < until. */
  from?: string;
  until?: string;
  revoked?: { by: string; at: string; note?: string };
}

export interface GrantsData {
  grants: Grant[];
}

export const EMPTY_GRANTS: GrantsData = { grants: [] };

/** Pure: is this grant usable at `now` (approved, inside its window, not revoked)? */
export function grantWindowOpen(grant: Pick<Grant, 'status' | 'from' | 'until'>, now: Date): boolean {
  if (grant.status !== 'approved' || grant.from === undefined || grant.until === undefined) return false;
  const t = now.getTime();
  return Date.parse(grant.from) <= t && t < Date.parse(grant.until);
}

/** Pure: does the grant cover this clip (the clip itself, or the case it is labelled with)? */
export function grantCovers(grant: Pick<Grant, 'subject'>, clip: { id: string; caseNumber?: string | undefined }): boolean {
  if (grant.subject.kind === 'clip') return grant.subject.clipId === clip.id;
  return clip.caseNumber !== undefined && grant.subject.caseNumber === clip.caseNumber;
}
