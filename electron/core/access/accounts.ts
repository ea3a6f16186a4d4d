/**
 * Accounts (issue F item 1): who may sign in, with what, and what they are. Secrets are hashed by the
 * SecretHasher port (argon2id); failures count towards a lockout; the first administrator is created
 * only while no account exists. Auditing is the caller's (access-commands.ts): this service only decides.
 */
import { randomBytes } from 'node:crypto';
import { StationError } from '../domain/errors.js';
import { EMPTY_ACCOUNTS, type AccountsData, type StoredUser } from './accounts-model.js';
import { afterFailure, attemptsLeft, isLocked, type LockoutPolicy } from './lockout.js';
import type { Actor, ConfidentialityLevel, Role } from './model.js';
import { CommittedDocument } from './committed-document.js';
import type { DurableDocument, SecretHasher } from './ports.js';

export interface NewUser {
  username: string;
  displayName: string;
  badgeNumber?: string | undefined;
  department: string;
  roles: Role[];
  clearance: ConfidentialityLevel;
  head?: boolean | undefined;
  password: string;
  pin?: string | undefined;
}

export type UserChanges = Partial<Pick<StoredUser, 'displayName' | 'badgeNumber' | 'department' | 'roles' | 'clearance' | 'head' | 'disabled'>>;

export const MIN_PASSWORD_LENGTH = 8;
const PIN_PATTERN = /^\d{4,8}$/;
const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,32}$/;

export class AccountService {
  private readonly document: CommittedDocument<AccountsData>;
  /** Verified against when a username is unknown, so the answer takes as long as for a known one. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    store: DurableDocument<AccountsData>,
    private readonly hasher: SecretHasher,
  ) {
    this.document = new CommittedDocument(store, EMPTY_ACCOUNTS);
  }

  private get data(): AccountsData {
    return this.document.data;
  }

  open(): Promise<void> {
    return this.document.load();
  }

  needsSetup(): boolean {
    return this.data.users.length === 0;
  }

  list(): StoredUser[] {
    return this.data.users.map((user) => structuredClone(user));
  }

  departments(): string[] {
    return [...this.data.departments];
  }

  get(id: string): StoredUser | undefined {
    const user = this.data.users.find((u) => u.id === id);
    return user ? structuredClone(user) : undefined;
  }

  byBadge(badgeNumber: string): StoredUser | undefined {
    const user = this.data.users.find((u) => u.badgeNumber === badgeNumber);
    return user ? structuredClone(user) : undefined;
  }

  /** The first administrator; refused once any account exists. */
  async setup(input: Omit<NewUser, 'roles' | 'clearance' | 'head' | 'pin'>, now: Date): Promise<StoredUser> {
    return this.document.serial(async () => {
      if (!this.needsSetup()) throw new StationError('SETUP_ALREADY_DONE', 'the station already has accounts; an administrator adds users');
      return this.insert({ ...input, roles: ['admin'], clearance: 'ordinary', head: false }, 'setup', now);
    });
  }

  async create(input: NewUser, by: string, now: Date): Promise<StoredUser> {
    return this.document.serial(() => this.insert(input, by, now));
  }

  async update(id: string, changes: UserChanges): Promise<{ before: StoredUser; after: StoredUser }> {
    return this.document.serial(async () => {
      const before = this.require(id);
      if (changes.badgeNumber !== undefined) this.assertBadgeFree(changes.badgeNumber, id);
      if (changes.roles !== undefined && changes.roles.length === 0) throw new StationError('INVALID_REQUEST', 'a user needs at least one role', { field: 'roles' });
      const after: StoredUser = { ...before, ...stripUndefined(changes) };
      if (before.roles.includes('admin') && (!after.roles.includes('admin') || after.disabled) && this.activeAdmins().filter((u) => u.id !== id).length === 0)
        throw new StationError('FORBIDDEN', 'the last administrator cannot lose the role or be disabled', { action: 'users.manage', reason: 'last-admin' });
      await this.replace(after);
      return { before, after };
    });
  }

  async setPassword(id: string, password: string): Promise<void> {
    assertPassword(password);
    const hash = await this.hasher.hash(password);
    await this.document.serial(async () => this.replace({ ...this.require(id), passwordHash: hash, failedAttempts: 0 }));
  }

  async setPin(id: string, pin: string): Promise<void> {
    assertPin(pin);
    const hash = await this.hasher.hash(pin);
    await this.document.serial(async () => this.replace({ ...this.require(id), pinHash: hash, failedAttempts: 0 }));
  }

  /** An administrator lifts a lockout (audited by the caller). */
  async unlock(id: string): Promise<StoredUser> {
    return this.document.serial(async () => {
      const user = this.require(id);
      const { lockedUntil: _lockedUntil, ...rest } = user;
      const after: StoredUser = { ...rest, failedAttempts: 0 };
      await this.replace(after);
      return after;
    });
  }

  async addDepartment(name: string): Promise<string[]> {
    return this.document.serial(async () => {
      if (!this.data.departments.includes(name)) await this.document.save({ ...this.data, departments: [...this.data.departments, name] });
      return this.departments();
    });
  }

  /** Username + password. Refuses plainly: unknown and wrong look the same; locked and disabled say so. */
  async checkPassword(username: string, password: string, now: Date, policy: LockoutPolicy): Promise<StoredUser> {
    const user = this.data.users.find((u) => u.username === username);
    if (!user) {
      await this.hasher.verify(await this.decoy(), password);
      throw new StationError('LOGIN_FAILED', 'wrong username or password', {});
    }
    return this.checkSecret(user, 'password', password, now, policy);
  }

  /** Badge + PIN (or a scanned badge alone, when the agency allows it: `pin` undefined). */
  async checkBadge(badgeNumber: string, pin: string | undefined, now: Date, policy: LockoutPolicy): Promise<StoredUser> {
    const user = this.data.users.find((u) => u.badgeNumber === badgeNumber);
    if (!user) {
      if (pin !== undefined) await this.hasher.verify(await this.decoy(), pin);
      throw new StationError('LOGIN_FAILED', 'wrong badge number or PIN', {});
    }
    if (pin === undefined) {
      this.assertUsable(user, now);
      return structuredClone(user);
    }
    return this.checkSecret(user, 'pin', pin, now, policy);
  }

  /** Re-checks a signed-in person's secret (unlocking an idle session); failures count like a login's. */
  async checkSecretOf(userId: string, kind: 'password' | 'pin', secret: string, now: Date, policy: LockoutPolicy): Promise<StoredUser> {
    return this.checkSecret(this.require(userId), kind, secret, now, policy);
  }

  actorFor(user: StoredUser): Omit<Actor, 'sessionId'> {
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      ...(user.badgeNumber ? { badgeNumber: user.badgeNumber } : {}),
      roles: [...user.roles],
      department: user.department,
      clearance: user.clearance,
      head: user.head,
    };
  }

  private async checkSecret(user: StoredUser, kind: 'password' | 'pin', secret: string, now: Date, policy: LockoutPolicy): Promise<StoredUser> {
    this.assertUsable(user, now);
    const hash = kind === 'password' ? user.passwordHash : user.pinHash;
    const good = hash !== undefined && (await this.hasher.verify(hash, secret));
    return this.document.serial(async () => {
      const current = this.require(user.id);
      if (good) {
        const { lockedUntil: _lockedUntil, ...rest } = current;
        const after: StoredUser = { ...rest, failedAttempts: 0 };
        if (current.failedAttempts !== 0 || current.lockedUntil !== undefined) await this.replace(after);
        return structuredClone(after);
      }
      const failed = afterFailure(current, now, policy);
      const { lockedUntil: _lockedUntil, ...rest } = current;
      await this.replace({ ...rest, ...failed });
      if (failed.lockedUntil) throw new StationError('ACCOUNT_LOCKED', 'too many failed attempts: the account is locked', { until: failed.lockedUntil, userId: user.id, failures: failed.failedAttempts });
      throw new StationError('LOGIN_FAILED', kind === 'password' ? 'wrong username or password' : 'wrong badge number or PIN', { attemptsLeft: attemptsLeft(failed, policy), userId: user.id });
    });
  }

  private assertUsable(user: StoredUser, now: Date): void {
    if (user.disabled) throw new StationError('ACCOUNT_DISABLED', 'this account is disabled', { userId: user.id });
    if (isLocked(user, now)) throw new StationError('ACCOUNT_LOCKED', 'the account is locked after repeated failed attempts', { until: user.lockedUntil ?? '', userId: user.id });
  }

  private async insert(input: NewUser, by: string, now: Date): Promise<StoredUser> {
    if (!USERNAME_PATTERN.test(input.username)) throw new StationError('INVALID_REQUEST', 'a username is 2-32 letters, digits, dot, dash or underscore', { field: 'username' });
    if (this.data.users.some((u) => u.username === input.username)) throw new StationError('USER_EXISTS', `the username ${input.username} is taken`, { username: input.username });
    if (input.badgeNumber) this.assertBadgeFree(input.badgeNumber, undefined);
    if (input.roles.length === 0) throw new StationError('INVALID_REQUEST', 'a user needs at least one role', { field: 'roles' });
    assertPassword(input.password);
    if (input.pin !== undefined) assertPin(input.pin);
    const user: StoredUser = {
      id: `u-${randomBytes(6).toString('hex')}`,
      username: input.username,
      displayName: input.displayName,
      ...(input.badgeNumber ? { badgeNumber: input.badgeNumber } : {}),
      department: input.department,
      roles: [...new Set(input.roles)],
      clearance: input.clearance,
      head: input.head ?? false,
      passwordHash: await this.hasher.hash(input.password),
      ...(input.pin !== undefined ? { pinHash: await this.hasher.hash(input.pin) } : {}),
      failedAttempts: 0,
      disabled: false,
      createdAt: now.toISOString(),
      createdBy: by,
    };
    const departments = this.data.departments.includes(user.department) ? this.data.departments : [...this.data.departments, user.department];
    await this.document.save({ users: [...this.data.users, user], departments });
    return structuredClone(user);
  }

  private assertBadgeFree(badgeNumber: string, exceptId: string | undefined): void {
    if (this.data.users.some((u) => u.badgeNumber === badgeNumber && u.id !== exceptId)) throw new StationError('USER_EXISTS', `badge number ${badgeNumber} belongs to another account`, { badgeNumber });
  }

  private activeAdmins(): StoredUser[] {
    return this.data.users.filter((u) => u.roles.includes('admin') && !u.disabled);
  }

  private require(id: string): StoredUser {
    const user = this.data.users.find((u) => u.id === id);
    if (!user) throw new StationError('USER_NOT_FOUND', `no user ${id}`, { id });
    return structuredClone(user);
  }

  private async replace(user: StoredUser): Promise<void> {
    await this.document.save({ ...this.data, users: this.data.users.map((u) => (u.id === user.id ? user : u)) });
  }



  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.decoyHash;
  }
}

function assertPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new StationError('PASSWORD_WEAK', `a password has at least ${MIN_PASSWORD_LENGTH} characters`, { min: MIN_PASSWORD_LENGTH });
}

function assertPin(pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new StationError('PIN_INVALID', 'a PIN is 4 to 8 digits', {});
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
