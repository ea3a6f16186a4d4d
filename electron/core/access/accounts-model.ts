/** Accounts as the station stores them (issue F). Secrets are kept only as argon2id hashes. */
import type { ConfidentialityLevel, Role } from './model.js';

export interface StoredUser {
  id: string;
  username: string;
  displayName: string;
  /** 警号; officers sign in at the dock with it (+ PIN). Unique when present. */
  badgeNumber?: string;
  department: string;
  roles: Role[];
  clearance: ConfidentialityLevel;
  /** The bureau's head (负责人). */
  head: boolean;
  passwordHash: string;
  /** Officers' dock PIN, hashed like the password. */
  pinHash?: string;
  /** Failed sign-ins in a row (password or PIN); reset by a success or an administrator. */
  failedAttempts: number;
  /** While in the future, every sign-in is refused without checking the secret. */
  lockedUntil?: string;
  disabled: boolean;
  createdAt: string;
  createdBy: string;
}

export interface AccountsData {
  users: StoredUser[];
  /** 科室 the administrator has named; a user's department must be one of them. */
  departments: string[];
}

export const EMPTY_ACCOUNTS: AccountsData = { users: [], departments: [] };

/** What leaves the station about a user: never a hash. */
export type PublicUser = Omit<StoredUser, 'passwordHash' | 'pinHash'> & { hasPin: boolean };

export function publicUser(user: StoredUser): PublicUser {
  const { passwordHash: _password, pinHash, ...rest } = user;
  return { ...rest, hasPin: pinHash !== undefined };
}
