/** Speed and ETA from byte counts over a sliding window, so one slow file doesn't freeze the estimate. */
export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  sample(atMs: number, bytesDone: number): void {
    this.samples.push({ at: atMs, bytes: bytesDone });
    while (this.samples.length > 2 && atMs - (this.samples[0]?.at ?? atMs) > this.windowMs) this.samples.shift();
  }

  /** Bytes per second; 0 until two samples at different times exist. */
  speed(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  etaSeconds(bytesLeft: number): number | undefined {
    const speed = this.speed();
    return speed > 0 ? Math.ceil(bytesLeft / speed) : undefined;
  }
}
