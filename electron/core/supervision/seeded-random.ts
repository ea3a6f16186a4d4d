/**
 * A reproducible random stream from a recorded seed: HMAC-SHA256(seed, stream name + block counter),
 * read as 32-bit numbers (an HMAC-DRBG in counter mode). The seed itself comes from the OS CSPRNG, so
 * nobody can steer a draw; recording it lets anyone re-run the draw and get the same sample.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export class SeededRandom {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(
    private readonly seed: string,
    /** Independent streams from one seed (one per officer), so one officer's draw never shifts another's. */
    private readonly stream: string,
  ) {}

  private nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      this.block = createHmac('sha256', Buffer.from(this.seed, 'utf8')).update(`${this.stream}\u0000${this.counter++}`).digest();
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % n;
    }
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
