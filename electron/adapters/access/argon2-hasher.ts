/**
 * Passwords and PINs hashed with argon2id (@node-rs/argon2: N-API, so the same binary loads in Node and
 * in Electron without a rebuild). Parameters: OWASP's argon2id profile m = 19 MiB, t = 2, p = 1 - about
 * 50 ms per hash on this class of machine, affordable at every sign-in on a 2-core station, and the
 * memory makes GPU guessing dear. The parameters are inside each hash string, so raising them later
 * keeps old hashes verifiable (docs/access-control.md).
 */
import { hash, verify, type Options } from '@node-rs/argon2';
import type { SecretHasher } from '../../core/access/ports.js';

/** argon2id is 2 in the library's (const) enum. */
const ARGON2ID = 2;
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export class Argon2Hasher implements SecretHasher {
  constructor(private readonly options: Options = ARGON2_OPTIONS) {}

  hash(secret: string): Promise<string> {
    return hash(secret, this.options);
  }

  async verify(stored: string, secret: string): Promise<boolean> {
    try {
      return await verify(stored, secret);
    } catch {
      // A malformed stored hash is a refusal, never a crash of the sign-in.
      return false;
    }
  }
}
