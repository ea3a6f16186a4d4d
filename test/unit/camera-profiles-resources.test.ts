/** The shipped camera profiles parse, match what they claim, and every VID/PID has its udev rule. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVidPid, matchUsbProfiles, matchVolumeProfiles, parseProfiles } from '../../electron/core/camera/camera-profile.js';
import { udevRulesFor, vidPidsInRules } from '../../electron/adapters/usb/udev-rules.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'resources', 'cameras');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
const { profiles, problems } = parseProfiles(files);
const rulesText = readFileSync(path.join(root, 'native', 'linux', 'udev', '70-evidence-station-cameras.rules'), 'utf8');

describe('resources/cameras', () => {
  it('every profile file is valid', () => {
    expect(problems).toEqual([]);
    expect(profiles).toHaveLength(files.length);
  });

  it('has the lab plain, locked (bulk), control-transfer, HID and volume-only profiles', () => {
    expect(profiles.map((p) => p.control.protocol).sort()).toEqual(expect.arrayContaining(['none', 'ambarella-bulk', 'ambarella-control', 'hid-report']));
    const lab = { manufacturer: 'EvidenceLab', serial: 'LAB0002' };
    expect(matchUsbProfiles(profiles, { vendorId: 0x1209, productId: 0xb0c2, product: 'DSJ-LAB Locked Recorder', ...lab })[0]?.id).toBe('lab-locked-recorder');
    expect(matchUsbProfiles(profiles, { vendorId: 0x1209, productId: 0xb0c1, product: 'DSJ-LAB Recorder', ...lab })[0]?.id).toBe('lab-plain-recorder');
    expect(matchVolumeProfiles(profiles, { hasDcim: true, hasDeviceFile: true })[0]?.id).toBe('lab-volume-camera');
    expect(matchVolumeProfiles(profiles, { hasDcim: true, hasDeviceFile: false })[0]?.id).toBe('generic-dcim-camera');
    expect(matchVolumeProfiles(profiles, { hasDcim: false, hasDeviceFile: false })).toEqual([]);
  });

  it('VID/PID alone is not an identity: another vendor string does not match a lab profile', () => {
    expect(matchUsbProfiles(profiles, { vendorId: 0x1209, productId: 0xb0c2, manufacturer: 'Someone Else', product: 'DSJ-LAB Locked Recorder' })).toEqual([]);
    expect(matchUsbProfiles(profiles, { vendorId: 0x1209, productId: 0xb0c2 })).toEqual([]);
  });

  it('the udev rules file is exactly what the profiles generate, and grants every VID/PID', () => {
    expect(rulesText).toBe(udevRulesFor(profiles));
    const granted = vidPidsInRules(rulesText);
    for (const profile of profiles) {
      for (const ids of [profile.match.usb, profile.storage.storageUsb]) if (ids) expect(granted, profile.id).toContain(formatVidPid(ids.vendorId, ids.productId));
    }
  });
});

describe('profile checks', () => {
  it('a broken profile is reported by file name and left out; the others still load', () => {
    const result = parseProfiles([
      { name: 'a.json', text: '{ not json' },
      { name: 'b.json', text: JSON.stringify({ id: 'b', name: 'B', match: {}, control: { protocol: 'none' }, storage: { appears: 'mass-storage' } }) },
      { name: 'c.json', text: JSON.stringify({ id: 'c-hid', name: 'C', match: { usb: { vendorId: '12', productId: 'zz' } }, control: { protocol: 'hid-report' }, storage: { appears: 'mass-storage' } }) },
      { name: 'd.json', text: JSON.stringify({ id: 'dd', name: 'D', match: { volume: { requires: ['DCIM'] } }, control: { protocol: 'none' }, storage: { appears: 'mass-storage' }, fileNamePatterns: ['('] }) },
      { name: 'e.json', text: files[0]?.text ?? '' },
    ]);
    expect(result.problems.map((p) => p.file)).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
    expect(result.profiles).toHaveLength(1);
  });
});
