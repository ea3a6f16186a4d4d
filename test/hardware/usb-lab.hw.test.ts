/**
 * The lab itself, before any station code: the emulated locked camera follows the vendor protocol
 * of docs/camera-protocols.md (bulk and control-transfer variants), then re-enumerates as mass
 * storage with the same serial, and its volume reads back byte for byte. usb@2 drives it directly
 * inside the QEMU guest (test/hardware/guest/scenario-lab-proof.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cameraSourceHashes } from './support/camera-files.js';
import { runGuest } from './support/usb-lab.js';

const state = inject('usbLab');
const CLOCK_OFFSET_MS = 125_000;

interface LabProofResults {
  locked: { vendorId: number; productId: number; manufacturer: string; product: string; serial: string; interfaces: { class: number; subclass: number; protocol: number; endpoints: { address: number; type: number; maxPacket: number }[] }[] };
  exchanges: { via: string; request: string; reply: string; guestNowMs: number }[];
  lockedDetached: boolean;
  storage: { vendorId: number; productId: number; serial: string; interfaces: { class: number }[] };
  files: Record<string, string>;
}

/** `YYYYMMDDhhmmss` on a +08:00 wall clock to an instant. */
function shanghaiInstant(text: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text)!.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - 8 * 3_600_000;
}

describe('the USB camera lab (QEMU guest, usb@2 directly)', () => {
  it('plays the locked camera per the vendor protocol, then re-enumerates it as mass storage with the same serial', async (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    const workDir = mkdtempSync(path.join(tmpdir(), 'usb-lab-proof-'));
    // Kept when the test fails: the console log and the guest's results are in it.
    ctx.onTestFinished((finished) => {
      if (finished.task.result?.state === 'pass') rmSync(workDir, { recursive: true, force: true });
    });
    const run = await runGuest<LabProofResults>({ lab: state.lab, scenario: 'lab-proof', workDir, cameras: ['LAB0002'], clockOffsetsMs: { LAB0002: CLOCK_OFFSET_MS } });
    const results = run.results;
    expect(results?.ok, `guest failed: ${results?.error ?? 'no results'}; console log: ${run.consoleLogPath}`).toBe(true);
    if (!results) return;

    expect(results.locked).toMatchObject({ vendorId: 0x1209, productId: 0xb0c2, manufacturer: 'EvidenceLab', product: 'DSJ-LAB Locked Recorder', serial: 'LAB0002' });
    expect(results.locked.interfaces).toHaveLength(1);
    const [vendorInterface] = results.locked.interfaces;
    expect(vendorInterface).toMatchObject({ class: 0xff, subclass: 0, protocol: 0 });
    expect(vendorInterface!.endpoints.map((e) => ({ in: (e.address & 0x80) !== 0, type: e.type, maxPacket: e.maxPacket })).sort((a, b) => Number(a.in) - Number(b.in))).toEqual([
      { in: false, type: 2, maxPacket: 512 },
      { in: true, type: 2, maxPacket: 512 },
    ]);

    const replies = results.exchanges.map((e) => `${e.via} ${e.request} -> ${e.reply}`);
    expect(replies.slice(0, 4)).toEqual([
      'bulk @Gdv;# -> @Gdv;ERR;NOLOGIN;#',
      'bulk @Ver;8;123456;# -> @Ver;ERR;PASSWORD;#',
      'bulk @Ver;8;000000;# -> @Ver;OK;#',
      'bulk @Gdv;# -> @Gdv;OK;LAB0002;DSJ-LAB-0002;3201009;李娜;320100;实验大队;#',
    ]);
    expect(replies.slice(5)).toEqual([
      'bulk @Bat;# -> @Bat;OK;87;#',
      'bulk @Cap;# -> @Cap;OK;16;9;#',
      'bulk @Xyz;# -> @Xyz;ERR;BADCMD;#',
      'control @Bat;# -> @Bat;OK;87;#',
      expect.stringMatching(/^control @Gtm;# -> @Gtm;OK;\d{14};#$/),
      'bulk @ATH;# -> @ATH;OK;#',
    ]);
    // The camera's clock is ahead by the configured error; readings have one-second resolution.
    for (const exchange of results.exchanges.filter((e) => e.request === '@Gtm;#')) {
      const reading = /^@Gtm;OK;(\d{14});#$/.exec(exchange.reply)![1]!;
      expect(Math.abs(shanghaiInstant(reading) - exchange.guestNowMs - CLOCK_OFFSET_MS)).toBeLessThan(2_000);
    }

    expect(results.lockedDetached).toBe(true);
    expect(results.storage).toMatchObject({ vendorId: 0x1209, productId: 0xb0c1, serial: 'LAB0002' });
    expect(results.storage.interfaces.map((i) => i.class)).toEqual([0x08]);
    expect(results.files).toEqual(cameraSourceHashes(state.lab, 'LAB0002'));
  });
});
