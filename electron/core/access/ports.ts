/** The I/O issue F needs, behind ports like the rest of the core: durable documents and the password hasher. */
import type { AccountsData } from './accounts-model.js';
import type { GrantsData } from './grants-model.js';
import type { ConfidentialityLevel } from './model.js';

/** One JSON document kept durably (temp file, fsync, rename, fsync folder). */
export interface DurableDocument<T> {
  load(): Promise<T>;
  save(data: T): Promise<void>;
}

/** A memory-hard hash of a password or PIN (argon2id in electron/adapters/access). */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
}

/** Confidentiality set on a case (案号), applying to every clip labelled with it. */
export type CaseLevels = Record<string, ConfidentialityLevel>;

export interface AccessPorts {
  accounts: DurableDocument<AccountsData>;
  grants: DurableDocument<GrantsData>;
  caseLevels: DurableDocument<CaseLevels>;
  hasher: SecretHasher;
}
