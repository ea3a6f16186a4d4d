/**
 * Logged-in people for unit and medium tests (issue F): an Actor and a CallContext carrying it, as a
 * host sets them after login. Defaults: an officer of 执法一科 with ordinary clearance.
 */
import { createHash } from 'node:crypto';
import { EMPTY_ACCOUNTS, type AccountsData } from '../../electron/core/access/accounts-model.js';
import { EMPTY_GRANTS, type GrantsData } from '../../electron/core/access/grants-model.js';
import { auditName, type Actor } from '../../electron/core/access/model.js';
import type { AccessPorts, CaseLevels, DurableDocument } from '../../electron/core/access/ports.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';

export function testActor(overrides: Partial<Actor> = {}): Actor {
  return {
    userId: 'u-officer-1',
    username: 'zhangwei',
    displayName: '张伟',
    badgeNumber: '3201008',
    roles: ['officer'],
    department: '执法一科',
    clearance: 'ordinary',
    head: false,
    sessionId: 'test-session',
    ...overrides,
  };
}

/** A CallContext as a host builds it after login: `operator` is the audit display name. */
export function testCall(overrides: Partial<Actor> = {}, via: CallContext['via'] = 'cli'): CallContext {
  const actor = testActor(overrides);
  return { via, actor, operator: auditName(actor) };
}

/**
 * Access ports in memory for unit tests. The hasher is a plain SHA-256 with a marker - fast, and
 * still a one-way function, so a test can never read a secret back out of a stored account.
 */
export function fakeAccessPorts(): AccessPorts & { documents: { accounts: AccountsData; grants: GrantsData; caseLevels: CaseLevels } } {
  const documents = { accounts: structuredClone(EMPTY_ACCOUNTS), grants: structuredClone(EMPTY_GRANTS), caseLevels: {} as CaseLevels };
  const doc = <K extends keyof typeof documents>(key: K): DurableDocument<(typeof documents)[K]> => ({
    load: async () => structuredClone(documents[key]),
    save: async (data) => {
      documents[key] = structuredClone(data);
    },
  });
  const digest = (secret: string) => `fake-sha256$${createHash('sha256').update(secret).digest('hex')}`;
  return {
    documents,
    accounts: doc('accounts'),
    grants: doc('grants'),
    caseLevels: doc('caseLevels'),
    hasher: { hash: async (secret) => digest(secret), verify: async (hash, secret) => hash === digest(secret) },
  };
}

/**
 * A CallContext for tests written before accounts existed (docking, labelling, archive, fixity, audit):
 * one person holding the officer, clerk, supervisor and admin roles with full clearance across the bureau.
 * Viewing footage still needs a grant.
 */
export function staffCall(overrides: Partial<Actor> = {}, via: CallContext['via'] = 'cli'): CallContext {
  return testCall({ userId: 'u-staff', username: 'staff', roles: ['officer', 'clerk', 'supervisor', 'admin'], clearance: 'state-secret', head: true, ...overrides }, via);
}
