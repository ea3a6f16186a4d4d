/**
 * The access documents on disk, each one JSON file written through the catalogue's durable adapter
 * (temp file, fsync, rename, fsync folder), shape-checked on read:
 *   <data>/accounts/users.json     accounts and departments (0600: it holds password hashes)
 *   <data>/access/grants.json      viewing grants
 *   <data>/access/case-levels.json confidentiality set on cases
 */
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { EMPTY_ACCOUNTS, type AccountsData } from '../../core/access/accounts-model.js';
import { EMPTY_GRANTS, type GrantsData } from '../../core/access/grants-model.js';
import type { AccessPorts, CaseLevels, DurableDocument } from '../../core/access/ports.js';
import { ConfidentialityLevel } from '../../contract/schemas.js';
import { Grant, PublicUser } from '../../contract/access.js';
import { DurableJsonFile } from '../catalogue/durable-json-adapter.js';
import { Argon2Hasher } from './argon2-hasher.js';

/** An account as stored: the public view's fields plus the hashes it is never sent out with. */
const StoredUser = PublicUser.omit({ hasPin: true }).extend({ passwordHash: z.string(), pinHash: z.string().optional() });
const AccountsFile = z.object({ users: z.array(StoredUser), departments: z.array(z.string()) });
const GrantsFile = z.object({ grants: z.array(Grant) });
const CaseLevelsFile = z.record(z.string(), ConfidentialityLevel);

class JsonDocument<T> implements DurableDocument<T> {
  private readonly db: Low<T>;

  constructor(
    private readonly file: string,
    check: (value: unknown) => T,
    empty: T,
    private readonly mode?: number,
  ) {
    this.db = new Low(new DurableJsonFile(file, check), structuredClone(empty));
  }

  async load(): Promise<T> {
    await this.db.read();
    return structuredClone(this.db.data);
  }

  async save(data: T): Promise<void> {
    this.db.data = structuredClone(data);
    await this.db.write();
    if (this.mode !== undefined) await chmod(this.file, this.mode);
  }
}

export async function openAccessPorts(dataDir: string): Promise<AccessPorts> {
  const accountsDir = path.join(dataDir, 'accounts');
  const accessDir = path.join(dataDir, 'access');
  await mkdir(accountsDir, { recursive: true, mode: 0o700 });
  await mkdir(accessDir, { recursive: true });
  return {
    accounts: new JsonDocument<AccountsData>(path.join(accountsDir, 'users.json'), (v) => AccountsFile.parse(v) as AccountsData, EMPTY_ACCOUNTS, 0o600),
    grants: new JsonDocument<GrantsData>(path.join(accessDir, 'grants.json'), (v) => GrantsFile.parse(v) as GrantsData, EMPTY_GRANTS),
    caseLevels: new JsonDocument<CaseLevels>(path.join(accessDir, 'case-levels.json'), (v) => CaseLevelsFile.parse(v) as CaseLevels, {}),
    hasher: new Argon2Hasher(),
  };
}
