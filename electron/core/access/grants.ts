/**
 * Viewing grants (issue F item 3, R5.1): ask with a reason, an approver grants a window, the player
 * and the media route check it on every use. Durable (a grant outlives a restart); auditing is the
 * caller's (access-commands.ts).
 *
 * Who approves: the table's 'grant.approve' rule - a supervisor of the subject's department or the
 * head; above personal privacy only the head; never the requester themself.
 */
import { randomBytes } from 'node:crypto';
import { StationError } from '../domain/errors.js';
import { EMPTY_GRANTS, grantCovers, grantWindowOpen, type Grant, type GrantsData, type GrantSubject } from './grants-model.js';
import type { Actor, ConfidentialityLevel } from './model.js';
import { assertCan, can } from './permissions.js';
import { CommittedDocument } from './committed-document.js';
import type { DurableDocument } from './ports.js';

export interface GrantDecision {
  approve: boolean;
  from?: Date | undefined;
  until?: Date | undefined;
  note?: string | undefined;
}

export class GrantService {
  private readonly document: CommittedDocument<GrantsData>;

  constructor(store: DurableDocument<GrantsData>) {
    this.document = new CommittedDocument(store, EMPTY_GRANTS);
  }

  private get data(): GrantsData {
    return this.document.data;
  }

  open(): Promise<void> {
    return this.document.load();
  }

  get(id: string): Grant | undefined {
    const grant = this.data.grants.find((g) => g.id === id);
    return grant ? structuredClone(grant) : undefined;
  }

  async request(actor: Actor, operator: string, subject: GrantSubject, reason: string, about: { department?: string | undefined; level: ConfidentialityLevel }, now: Date): Promise<Grant> {
    const grant: Grant = {
      id: `g-${randomBytes(8).toString('hex')}`,
      subject,
      reason,
      requesterId: actor.userId,
      requesterName: operator,
      requestedAt: now.toISOString(),
      ...(about.department !== undefined ? { department: about.department } : {}),
      level: about.level,
      status: 'pending',
    };
    await this.document.serial(() => this.document.save({ grants: [...this.data.grants, grant] }));
    return structuredClone(grant);
  }

  async decide(actor: Actor, operator: string, id: string, decision: GrantDecision, maxDays: number, now: Date): Promise<{ before: Grant; after: Grant }> {
    return this.document.serial(async () => {
      const before = this.require(id);
      if (before.status !== 'pending') throw new StationError('GRANT_INVALID', `grant ${id} is already ${before.status}`, { id, status: before.status });
      assertCan(actor, 'grant.approve', approvalTarget(before));
      let after: Grant = { ...before, status: decision.approve ? 'approved' : 'denied', decision: { approve: decision.approve, by: operator, byId: actor.userId, at: now.toISOString(), ...(decision.note ? { note: decision.note } : {}) } };
      if (decision.approve) {
        const from = decision.from ?? now;
        const until = decision.until;
        if (!until || until.getTime() <= from.getTime()) throw new StationError('GRANT_INVALID', 'the window needs an end after its start', { id, field: 'until' });
        if (until.getTime() <= now.getTime()) throw new StationError('GRANT_INVALID', 'the window has already ended', { id, field: 'until' });
        if (until.getTime() - from.getTime() > maxDays * 86_400_000) throw new StationError('GRANT_INVALID', `a window is at most ${maxDays} days`, { id, field: 'until', maxDays });
        after = { ...after, from: from.toISOString(), until: until.toISOString() };
      }
      await this.replace(after);
      return { before, after };
    });
  }

  /** Ends a grant early: its approvers may, and the requester may give it up. */
  async revoke(actor: Actor, operator: string, id: string, note: string | undefined, now: Date): Promise<{ before: Grant; after: Grant }> {
    return this.document.serial(async () => {
      const before = this.require(id);
      if (before.status !== 'approved' && before.status !== 'pending') throw new StationError('GRANT_INVALID', `grant ${id} is ${before.status}`, { id, status: before.status });
      if (before.requesterId !== actor.userId) assertCan(actor, 'grant.approve', approvalTarget(before));
      const after: Grant = { ...before, status: 'revoked', revoked: { by: operator, at: now.toISOString(), ...(note ? { note } : {}) } };
      await this.replace(after);
      return { before, after };
    });
  }

  mine(actor: Actor): Grant[] {
    return this.data.grants.filter((g) => g.requesterId === actor.userId).map((g) => structuredClone(g));
  }

  /** Pending requests this actor may decide. */
  toDecide(actor: Actor): Grant[] {
    return this.data.grants.filter((g) => g.status === 'pending' && can(actor, 'grant.approve', approvalTarget(g)).allowed).map((g) => structuredClone(g));
  }

  /** The actor's own approved grant covering this clip now, if any (the one ending last). */
  validFor(actor: Actor, clip: { id: string; caseNumber?: string | undefined }, now: Date): Grant | undefined {
    return this.data.grants
      .filter((g) => g.requesterId === actor.userId && grantCovers(g, clip) && grantWindowOpen(g, now))
      .sort((a, b) => Date.parse(b.until ?? '') - Date.parse(a.until ?? ''))
      .map((g) => structuredClone(g))[0];
  }

  /** Still valid for this person and clip at `now`: what the media route asks on every request. */
  stillValid(id: string, userId: string, clip: { id: string; caseNumber?: string | undefined }, now: Date): boolean {
    const grant = this.data.grants.find((g) => g.id === id);
    return grant !== undefined && grant.requesterId === userId && grantCovers(grant, clip) && grantWindowOpen(grant, now);
  }

  private require(id: string): Grant {
    const grant = this.data.grants.find((g) => g.id === id);
    if (!grant) throw new StationError('GRANT_NOT_FOUND', `no grant ${id}`, { id });
    return structuredClone(grant);
  }

  private async replace(grant: Grant): Promise<void> {
    await this.document.save({ grants: this.data.grants.map((g) => (g.id === grant.id ? grant : g)) });
  }


}

/** What approving a grant is judged on: the subject's department and level, and who asked. */
export function approvalTarget(grant: Pick<Grant, 'department' | 'level' | 'requesterId'>) {
  return { ...(grant.department !== undefined ? { department: grant.department } : {}), confidentiality: grant.level, ownerUserId: grant.requesterId };
}
