/** Short-lived, unguessable tickets for streaming one clip; issued only through the audited player.open. */
import { randomBytes } from 'node:crypto';

export interface ViewTicket {
  clipId: string;
  operator: string;
  expiresAt: number;
}

export class ViewTickets {
  private readonly tickets = new Map<string, ViewTicket>();

  constructor(private readonly lifetimeMs = 30 * 60_000) {}

  issue(clipId: string, operator: string, nowMs: number): { ticket: string; expiresAt: number } {
    this.prune(nowMs);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = nowMs + this.lifetimeMs;
    this.tickets.set(ticket, { clipId, operator, expiresAt });
    return { ticket, expiresAt };
  }

  resolve(ticket: string, nowMs: number): ViewTicket | undefined {
    const found = this.tickets.get(ticket);
    if (!found || found.expiresAt < nowMs) return undefined;
    return found;
  }

  private prune(nowMs: number): void {
    for (const [key, value] of this.tickets) if (value.expiresAt < nowMs) this.tickets.delete(key);
  }
}
