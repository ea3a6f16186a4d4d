/**
 * The bandwidth limit: a token bucket over the upload stream. `rate` bytes are added per second up to
 * `burst`; sending n bytes takes n tokens, waiting when the bucket is short. Pure arithmetic over an
 * injected clock, so the maths is tested without waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `bytes` tokens (may go negative) and returns how many milliseconds to wait before sending them. */
  take(bytes: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }
}

/** Passes a stream through the bucket: each piece waits its turn. No limit (0 or undefined) passes it straight on. */
export async function* throttle(source: AsyncIterable<Buffer>, bytesPerSecond: number | undefined, now: () => number = Date.now, sleep: (ms: number) => Promise<void> = defaultSleep): AsyncGenerator<Buffer> {
  if (!bytesPerSecond || bytesPerSecond <= 0) {
    yield* source;
    return;
  }
  const bucket = new TokenBucket(bytesPerSecond, Math.max(64 * 1024, bytesPerSecond / 4), now);
  for await (const piece of source) {
    const wait = bucket.take(piece.length);
    if (wait > 0) await sleep(wait);
    yield piece;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Speed over a sliding window, and the ETA it implies. */
export class SpeedMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 5000,
  ) {}

  add(bytes: number): void {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 1 && (this.samples[0]?.at ?? at) < at - this.windowMs) this.samples.shift();
  }

  speed(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    const bytes = this.samples.slice(1).reduce((sum, s) => sum + s.bytes, 0);
    return Math.round((bytes * 1000) / (last.at - first.at));
  }

  eta(remainingBytes: number): number | undefined {
    const speed = this.speed();
    return speed > 0 ? Math.ceil(remainingBytes / speed) : undefined;
  }
}
