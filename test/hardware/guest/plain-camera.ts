/**
 * A plain mass-storage lab camera (1209:b0c1, "EvidenceLab" / "DSJ-LAB Recorder"): its FAT image
 * behind a configfs mass-storage function. Before plugging in, the camera writes EVIDENCE/CLOCK.TXT
 * with its own (deliberately wrong) clock, as a real camera does on entering USB storage mode.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Gadget } from './gadget.js';

/** ISO 8601 with +08:00, the way the lab cameras write their clock. */
export function shanghaiIso(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

export class PlainCamera {
  private readonly gadget: Gadget;

  constructor(
    readonly serial: string,
    private readonly image: string,
    private readonly clockOffsetMs: number,
  ) {
    this.gadget = new Gadget({ name: `plain-${serial}`, vendorId: 0x1209, productId: 0xb0c1, manufacturer: 'EvidenceLab', product: 'DSJ-LAB Recorder', serial });
    this.gadget.addMassStorage(image);
  }

  /** Writes CLOCK.TXT (camera time now) into the image; the disk must not be exposed while it does. */
  writeClockFile(): Date {
    const cameraNow = new Date(Date.now() + this.clockOffsetMs);
    const folder = mkdtempSync(path.join(tmpdir(), 'lab-clock-'));
    const file = path.join(folder, 'CLOCK.TXT');
    writeFileSync(file, `${shanghaiIso(cameraNow)}\r\n`);
    execFileSync('mcopy', ['-o', '-i', this.image, file, '::EVIDENCE/CLOCK.TXT'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
    rmSync(folder, { recursive: true });
    return cameraNow;
  }

  plugIn(): void {
    this.gadget.bind();
  }

  pullCable(): void {
    this.gadget.unbind();
  }
}
