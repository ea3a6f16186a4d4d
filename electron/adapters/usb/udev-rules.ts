/**
 * The udev rules that let the station's user open the cameras without root (native/linux/udev/),
 * generated from the camera profiles so the two cannot drift: test/unit/camera-profiles-resources.test.ts
 * checks the checked-in file is exactly this text for resources/cameras.
 */
import { formatVidPid, type CameraProfile } from '../../core/camera/camera-profile.js';

const hex = (value: number) => value.toString(16).padStart(4, '0');

export function udevRulesFor(profiles: readonly CameraProfile[]): string {
  const lines = [
    '# Evidence Station (执法记录采集工作站): camera access for the logged-in user, without root.',
    '# Generated from resources/cameras/*.json by electron/adapters/usb/udev-rules.ts; do not edit by hand.',
    '# Install: sudo cp 70-evidence-station-cameras.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger',
    '# TAG+="uaccess" gives the user at the seat access (systemd-logind); GROUP="plugdev" covers stations run as a service user.',
    '',
  ];
  const seen = new Set<string>();
  const sorted = [...profiles].sort((a, b) => a.id.localeCompare(b.id));
  for (const profile of sorted) {
    for (const ids of [profile.match.usb, profile.storage.storageUsb]) {
      if (!ids) continue;
      const key = `usb:${formatVidPid(ids.vendorId, ids.productId)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`# ${formatVidPid(ids.vendorId, ids.productId)} ${profile.id}${ids === profile.storage.storageUsb ? ' (storage mode)' : ''}`);
      lines.push(`SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="${hex(ids.vendorId)}", ATTR{idProduct}=="${hex(ids.productId)}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`);
    }
    if (profile.control.protocol === 'hid-report' && profile.match.usb) {
      const ids = profile.match.usb;
      const key = `hidraw:${formatVidPid(ids.vendorId, ids.productId)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${hex(ids.vendorId)}", ATTRS{idProduct}=="${hex(ids.productId)}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** VID:PID pairs a rules file grants (what the test checks every profile against). */
export function vidPidsInRules(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/ATTRS?\{idVendor\}=="([0-9a-f]{4})", ATTRS?\{idProduct\}=="([0-9a-f]{4})"/g)) found.add(`${match[1]}:${match[2]}`);
  return found;
}
