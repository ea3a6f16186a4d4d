/**
 * Short-lived, unguessable tickets for streaming one clip; issued only through the audited player.open.
 * Issue F: a ticket is bound to the login session and the grant that allowed it, and lives no longer
 * than that grant; the media route re-checks both on every request (core/access/station-access.ts).
 */
import { randomBytes } from 'node:crypto';

export interface TicketBinding {
  sessionId: string;
  userId: string;
  grantId: string;
  /** The grant's end: the ticket expires then even if its own lifetime is longer. */
  notAfterMs?: number;
}

export interface ViewTicket {
  clipId: string;
  operator: string;
  expiresAt: number;
  binding?: TicketBinding;
  /** Set once a refusal of this ticket is audited, so a player retrying Range requests writes one record, not hundreds. */
  refusalAudited?: boolean;
}

export class ViewTickets {
  private readonly tickets = new Map<string, ViewTicket>();

  constructor(private readonly lifetimeMs = 30 * 60_000) {}

  issue(clipId: string, operator: string, nowMs: number, binding?: TicketBinding): { ticket: string; expiresAt: number } {
    this.prune(nowMs);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = Math.min(nowMs + this.lifetimeMs, binding?.notAfterMs ?? Number.POSITIVE_INFINITY);
    this.tickets.set(ticket, { clipId, operator, expiresAt, ...(binding ? { binding } : {}) });
    return { ticket, expiresAt };
  }

  resolve(ticket: string, nowMs: number): ViewTicket | undefined {
    const found = this.tickets.get(ticket);
    if (!found || found.expiresAt < nowMs) return undefined;
    return found;
  }

  /** A ticket whatever its expiry (to say why it is refused). */
  peek(ticket: string): ViewTicket | undefined {
    return this.tickets.get(ticket);
  }

  revoke(ticket: string): void {
    this.tickets.delete(ticket);
  }

  private prune(nowMs: number): void {
    for (const [key, value] of this.tickets) if (value.expiresAt < nowMs) this.tickets.delete(key);
  }
}
