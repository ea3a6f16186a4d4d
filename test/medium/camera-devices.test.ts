/**
 * The device layer on real files: the Linux sysfs tie of a mounted volume to its USB device (a fake
 * sysfs tree and mountinfo in a temp dir), the durable registry file, and the composed station
 * (openStationFromDataDir with a watched mount root): an unregistered emulated camera is refused,
 * registered in one step through the contract, then docked; a foreign stick is never read.
 */
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import { JsonDeviceRegistryStore } from '../../electron/adapters/devices/json-device-registry-store.js';
import { SysfsVolumeOrigins } from '../../electron/adapters/volume/sysfs-volume-origins.js';
import type { EventPayload } from '../../electron/contract/index.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { testCall } from '../fakes/actors.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'es-devices-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** sys/devices/.../usb1/1-2 (the camera) -> 1-2:1.0/host6/.../block/sdb/sdb1, and sys/dev/block/8:17 linking there. */
async function fakeSysfs(root: string, attributes: Record<string, string>): Promise<void> {
  const usbDevice = path.join(root, 'devices', 'pci0000:00', '0000:00:14.0', 'usb1', '1-2');
  const partition = path.join(usbDevice, '1-2:1.0', 'host6', 'target6:0:0', '6:0:0:0', 'block', 'sdb', 'sdb1');
  await mkdir(partition, { recursive: true });
  for (const [name, value] of Object.entries(attributes)) await writeFile(path.join(usbDevice, name), `${value}\n`);
  await writeFile(path.join(partition, 'partition'), '1\n');
  // The system disk: a block device with no USB ancestor.
  const systemDisk = path.join(root, 'devices', 'pci0000:00', '0000:00:05.0', 'virtio1', 'block', 'vda', 'vda1');
  await mkdir(systemDisk, { recursive: true });
  await mkdir(path.join(root, 'dev', 'block'), { recursive: true });
  await symlink(path.relative(path.join(root, 'dev', 'block'), partition), path.join(root, 'dev', 'block', '8:17'));
  await symlink(path.relative(path.join(root, 'dev', 'block'), systemDisk), path.join(root, 'dev', 'block', '253:1'));
}

describe('sysfs volume origins', () => {
  it('walks from the mounted partition up to the USB device with its serial, bus and address', async () => {
    const sysfsRoot = path.join(work, 'sys');
    await fakeSysfs(sysfsRoot, { idVendor: '1209', idProduct: 'b0c1', serial: 'LAB0002', busnum: '1', devnum: '7', manufacturer: 'EvidenceLab', product: 'DSJ-LAB Recorder' });
    const mountInfoPath = path.join(work, 'mountinfo');
    const cameraMount = path.join(work, 'media', 'NO NAME');
    await writeFile(
      mountInfoPath,
      [`22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw`, `98 22 8:17 / ${cameraMount.replaceAll(' ', '\\040')} rw,nosuid shared:52 - vfat /dev/sdb1 rw`, `99 22 253:1 /srv ${path.join(work, 'bind')} rw - ext4 /dev/vda1 rw`].join('\n'),
    );
    const origins = new SysfsVolumeOrigins({ sysfsRoot, mountInfoPath });
    expect(await origins.usbParentOf(cameraMount)).toEqual({ vendorId: 0x1209, productId: 0xb0c1, serial: 'LAB0002', manufacturer: 'EvidenceLab', product: 'DSJ-LAB Recorder', busNumber: 1, deviceAddress: 7, portPath: '1-2' });
    // A folder on the system disk, a bind mount of the system disk, and a folder that is no mount point: no USB parent.
    expect(await origins.usbParentOf(path.join(work, 'media', 'plain-folder'))).toBeUndefined();
    expect(await origins.usbParentOf(path.join(work, 'bind'))).toBeUndefined();
    expect(await origins.usbParentOf(path.join(cameraMount, 'DCIM'))).toBeUndefined();
    expect(await new SysfsVolumeOrigins({ sysfsRoot, mountInfoPath: path.join(work, 'missing') }).usbParentOf(cameraMount)).toBeUndefined();
  });
});

describe('registry file', () => {
  it('survives a reopen, and a damaged file is an error naming it, never an empty registry', async () => {
    const file = path.join(work, 'registry', 'registry.json');
    await mkdir(path.dirname(file), { recursive: true });
    const store = new JsonDeviceRegistryStore(file);
    expect(await store.load()).toEqual([]);
    const device = { deviceNumber: 'DSJ-1', profileId: 'p', status: 'in-service' as const, notes: [], password: 'x', registeredAt: 'a', registeredBy: 'b', updatedAt: 'c' };
    await store.save([device]);
    expect(await new JsonDeviceRegistryStore(file).load()).toEqual([device]);
    await writeFile(file, '{"version":1,"devices":[{"deviceNumber":');
    await expect(new JsonDeviceRegistryStore(file).load()).rejects.toThrow(/registry\.json/);
  });
});

describe('the composed station with the device layer', () => {
  let opened: OpenedStation;
  let mountRoot: string;
  const statuses: EventPayload<'camera.status'>[] = [];
  const clerk = testCall({ roles: ['clerk'], username: 'clerk1', displayName: '王档案', department: '档案室' });

  beforeAll(async () => {
    mountRoot = path.join(work, 'watched');
    await mkdir(mountRoot, { recursive: true });
    opened = await openStationFromDataDir({ dataDir: path.join(work, 'data'), watchRoots: [mountRoot], devices: { sysfsRoot: path.join(work, 'empty-sys'), mountInfoPath: path.join(work, 'no-mountinfo') } });
    opened.station.events.on('camera.status', (camera) => statuses.push(camera));
  });

  afterAll(async () => {
    await opened.dispose();
  });

  async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('refuses an unregistered camera, registers it in one step from the prefill, then docks it', async () => {
    const staging = path.join(work, 'staging-cam');
    const camera = await writeSimulatedCamera(staging, { deviceNumber: 'DSJ-A8-0042', clipCount: 1, clipSeconds: 1 });
    const root = path.join(mountRoot, 'CAM42');
    await rename(staging, root);

    const refused = await waitFor('the refusal', () => statuses.find((s) => s.root === root && s.state === 'refused'));
    expect(refused.problem?.code).toBe('CAMERA_UNREGISTERED');
    expect(refused.registration).toMatchObject({ deviceNumber: 'DSJ-A8-0042', profileId: 'lab-volume-camera', serial: camera.identity.serial, officerNumber: '3201008', officerName: '张伟' });
    expect(opened.station.context.docks.open().filter((s) => s.sourceRoot === root)).toEqual([]);
    const present = await opened.station.execute('cameras.present', {}, clerk);
    expect(present.ok && present.value.map((c) => c.state)).toEqual(['refused']);

    const prefill = refused.registration;
    if (!prefill) throw new Error('no prefill');
    const registered = await opened.station.execute(
      'devices.register',
      { deviceNumber: prefill.deviceNumber, profileId: prefill.profileId, serial: prefill.serial, officer: { badgeNumber: prefill.officerNumber ?? '', name: prefill.officerName ?? '' }, department: '执法一科' },
      clerk,
    );
    expect(registered.ok).toBe(true);

    const docked = await waitFor('the dock', () => statuses.find((s) => s.root === root && s.state === 'docked'));
    const session = await opened.station.whenDocked(docked.sessionId ?? '');
    expect(session.camera).toMatchObject({ deviceNumber: 'DSJ-A8-0042', department: '执法一科' });
    expect(session.device).toEqual({ profileId: 'lab-volume-camera', clockSource: 'volume' });
    expect(session.clipIds.length).toBeGreaterThan(0);
    const audit = await readFile(path.join(work, 'data', 'audit', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"action":"camera.refused"');
    expect(audit).toContain('"action":"device.registered"');
    await opened.station.idle();
  });

  it('never reads a foreign stick', async () => {
    const staging = path.join(work, 'staging-stick');
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, 'report.docx'), 'not evidence');
    const root = path.join(mountRoot, 'STICK');
    await rename(staging, root);
    const refused = await waitFor('the refusal', () => statuses.find((s) => s.root === root && s.state === 'refused'));
    expect(refused.problem?.code).toBe('CAMERA_FOREIGN_DEVICE');
    expect(opened.station.context.docks.open().some((s) => s.sourceRoot === root)).toBe(false);
  });
});

describe('camera profiles folder', () => {
  it('is found from the source tree and from the build layout alike', async () => {
    const { defaultProfilesDir } = await import('../../electron/adapters/camera/camera-profiles-dir.js');
    expect(defaultProfilesDir()).toBe(path.resolve(import.meta.dirname, '../../resources/cameras'));
    expect(defaultProfilesDir(path.resolve(import.meta.dirname, '../../dist/node/electron/adapters/camera'))).toBe(path.resolve(import.meta.dirname, '../../resources/cameras'));
  });
});

describe('a locked camera through the composed station', () => {
  it('unlocks over the control channel, docks its volume, and keeps battery, storage and the measured clock on the dock session', async () => {
    const { FakeUsbBus } = await import('../fakes/camera-devices.js');
    const { ScriptedBulkDevice } = await import('../fakes/camera-transports.js');
    const bus = new FakeUsbBus();
    const dataDir = path.join(work, 'data-locked');
    const mountRoot = path.join(work, 'watched-locked');
    await mkdir(mountRoot, { recursive: true });
    const opened = await openStationFromDataDir({ dataDir, watchRoots: [mountRoot], devices: { usbSource: bus, sysfsRoot: path.join(work, 'empty-sys'), mountInfoPath: path.join(work, 'no-mountinfo') } });
    try {
      await opened.devices.registry.register({ deviceNumber: 'DSJ-LAB-0002', profileId: 'lab-locked-recorder', serial: 'LAB0002', officer: { badgeNumber: '3201008', name: '张伟' }, department: '执法一科' }, 'clerk(1)');
      const now = new Date();
      const wall = new Date(now.getTime() + 8 * 3_600_000 + 90_000); // camera 90 s ahead, wall clock at +08:00
      const reading = wall.toISOString().slice(0, 19).replace(/[-:T]/g, '');
      const device = new ScriptedBulkDevice([
        { out: '@Ver;8;000000;#' },
        { in: '@Ver;OK;#' },
        { out: '@Gdv;#' },
        { in: '@Gdv;OK;LAB0002;DSJ-LAB-0002;3201008;张伟;320100;南京市自然资源局;#' },
        { out: '@Bat;#' },
        { in: '@Bat;OK;64;#' },
        { out: '@Cap;#' },
        { in: '@Cap;OK;30000;12000;#' },
        { out: '@Gtm;#' },
        { in: `@Gtm;OK;${reading};#` },
        { out: '@ATH;#' },
        { in: '@ATH;OK;#' },
      ]);
      bus.plug({ key: '1-4', vendorId: 0x1209, productId: 0xb0c2, manufacturer: 'EvidenceLab', product: 'DSJ-LAB Locked Recorder', serial: 'LAB0002' }, () => device);
      await opened.devices.cameras.idle();
      expect(device.finished()).toBe(true);

      // Its disk mounts (written aside, moved in at once); no sysfs here, so it is tied by timing.
      const staging = path.join(work, 'staging-locked');
      await writeSimulatedCamera(staging, { deviceNumber: 'DSJ-LAB-0002', clipCount: 1, clipSeconds: 1 });
      await rename(staging, path.join(mountRoot, 'NO NAME'));
      const until = Date.now() + 20_000;
      let sessionId: string | undefined;
      while (!sessionId && Date.now() < until) {
        sessionId = opened.devices.cameras.present().find((camera) => camera.state === 'docked')?.sessionId;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const session = await opened.station.whenDocked(sessionId ?? 'none');
      expect(session.camera).toMatchObject({ deviceNumber: 'DSJ-LAB-0002', serial: 'LAB0002', officerName: '张伟', unitName: '南京市自然资源局', department: '执法一科' });
      expect(session.device).toMatchObject({ profileId: 'lab-locked-recorder', battery: 64, totalBytes: 30000 * 1024 * 1024, freeBytes: 12000 * 1024 * 1024, clockSource: 'control' });
      // Measured over the control channel (1 s resolution, a little time passes while talking).
      expect(session.clockOffsetMs).toBeGreaterThan(87_000);
      expect(session.clockOffsetMs).toBeLessThan(91_000);
      await opened.station.idle();
    } finally {
      await opened.dispose();
    }
  });
});
