/** Pure parsers of the device layer's platform input: mountinfo lines, libusb errors, camera clock text. */
import { describe, expect, it } from 'vitest';
import { mountHolding, parseMountInfo } from '../../electron/adapters/volume/mountinfo.js';
import { toTransportError } from '../../electron/adapters/usb/libusb-errors.js';
import { formatCameraClock, parseCameraClock } from '../../electron/core/camera/camera-clock.js';

const MOUNTINFO = [
  '22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw',
  '98 22 8:17 / /media/clerk/NO\\040NAME rw,nosuid,nodev,relatime shared:52 - vfat /dev/sdb1 rw,uid=1000,gid=1000,fmask=0022',
  '99 22 8:33 / /run/media/clerk/CAM rw,nosuid - exfat /dev/sdc1 rw',
].join('\n');

describe('mountinfo', () => {
  it('parses device numbers, escaped mount points, type and source', () => {
    const entries = parseMountInfo(MOUNTINFO);
    expect(entries[1]).toEqual({ major: 8, minor: 17, mountPoint: '/media/clerk/NO NAME', fsType: 'vfat', source: '/dev/sdb1' });
    expect(mountHolding(entries, '/media/clerk/NO NAME')?.minor).toBe(17);
    expect(mountHolding(entries, '/media/clerk/NO NAME/DCIM')?.minor).toBe(17);
    expect(mountHolding(entries, '/home/clerk')?.mountPoint).toBe('/');
    expect(parseMountInfo('garbage line\n\n')).toEqual([]);
  });
});

describe('libusb errors', () => {
  it.each([
    [-7, 'timeout'],
    [2, 'timeout'],
    [-4, 'gone'],
    [5, 'gone'],
    [-1, 'gone'],
    [-9, 'io'],
  ])('errno %i is %s', (errno, failure) => {
    expect(toTransportError(Object.assign(new Error('LIBUSB'), { errno }), 'bulk IN').failure).toBe(failure);
  });
});

describe('camera clock text', () => {
  it('round-trips on the camera zone and refuses impossible readings', () => {
    const at = new Date('2026-12-31T16:30:45Z');
    expect(formatCameraClock(at, '+08:00')).toEqual({ date: '20270101', time: '003045' });
    expect(parseCameraClock('20270101003045', '+08:00')?.toISOString()).toBe('2026-12-31T16:30:45.000Z');
    expect(parseCameraClock('20270101003045', '-05:30')?.toISOString()).toBe('2027-01-01T06:00:45.000Z');
    expect(parseCameraClock('20261301000000', '+08:00')).toBeUndefined();
    expect(parseCameraClock('2026010100000x', '+08:00')).toBeUndefined();
  });
});

describe('windows drive letters', () => {
  it('reports new and removed letters, never A:, B: or C:', async () => {
    const { candidateRoots, diffDrives, WindowsDrivePoller } = await import('../../electron/adapters/volume/windows-drive-poller.js');
    expect(candidateRoots()).not.toContain('C:\\');
    expect(candidateRoots()[0]).toBe('D:\\');
    expect(diffDrives(new Set(['D:\\', 'E:\\']), ['E:\\', 'F:\\'])).toEqual({ added: ['F:\\'], removed: ['D:\\'] });
    const mounted = new Set(['D:\\']);
    const events: string[] = [];
    const stop = await new WindowsDrivePoller(5, async (root) => mounted.has(root)).watch((event) => events.push(`${event.type} ${event.root}`));
    mounted.add('G:\\');
    await expect.poll(() => events).toEqual(['added G:\\']);
    mounted.delete('G:\\');
    await expect.poll(() => events).toEqual(['added G:\\', 'removed G:\\']);
    await stop();
  });
});
