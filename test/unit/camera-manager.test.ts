/**
 * The camera manager end to end above the transport boundary: scripted USB devices, scripted volumes,
 * the real profiles matching, protocol adapters, device registry, admission and audit. Checks every
 * bad camera ends with a clear problem and nothing half-done: no dock, no registry entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraManager } from '../../electron/core/camera/camera-manager.js';
import { CameraProfileSchema, type CameraProfileInput } from '../../electron/core/camera/camera-profile.js';
import type { PresentCamera } from '../../electron/core/camera/present-camera.js';
import type { UsbDeviceInfo } from '../../electron/core/camera/ports.js';
import { DeviceRegistry } from '../../electron/core/devices/device-registry.js';
import type { AuditEntry } from '../../electron/core/domain/audit.js';
import type { DockArrival } from '../../electron/core/domain/dock.js';
import { DEFAULT_SETTINGS, type AgencySettings } from '../../electron/core/domain/settings.js';
import { FakeUsbBus, FakeVolumes, MemoryRegistryStore } from '../fakes/camera-devices.js';
import { ScriptedBulkDevice } from '../fakes/camera-transports.js';

const STATION_NOW = new Date('2026-11-23T10:00:00Z');
const lockedUsb = { usb: { vendorId: '1209', productId: 'b0c2', manufacturer: '^EvidenceLab$' }, deviceInfo: { productSerial: '^LAB\\d{4}$' } };
const PROFILES = [
  { id: 'lab-locked-recorder', name: '实验室加密记录仪', match: lockedUsb, control: { protocol: 'ambarella-bulk', timeoutMs: 300 }, storage: { appears: 'after-unlock', storageUsb: { vendorId: '1209', productId: 'b0c1' } }, password: { policy: 'registry', default: '000000' } },
  { id: 'lab-plain-recorder', name: '实验室记录仪', match: { usb: { vendorId: '1209', productId: 'b0c1' } }, control: { protocol: 'none' }, storage: { appears: 'mass-storage' } },
  { id: 'lab-volume-camera', name: '仿真记录仪', priority: 5, match: { volume: { requires: ['EVIDENCE/DEVICE.JSON'] } }, control: { protocol: 'none' }, storage: { appears: 'mass-storage' } },
  { id: 'generic-dcim-camera', name: '通用记录仪', match: { volume: { requires: ['DCIM'] } }, control: { protocol: 'none' }, storage: { appears: 'mass-storage' } },
].map((profile) => CameraProfileSchema.parse(profile as CameraProfileInput));

const LOCKED: UsbDeviceInfo = { key: '1-5', vendorId: 0x1209, productId: 0xb0c2, manufacturer: 'EvidenceLab', product: 'DSJ-LAB Locked Recorder', serial: 'LAB0002', busNumber: 1, deviceAddress: 5 };
const STORAGE: UsbDeviceInfo = { key: '1-6', vendorId: 0x1209, productId: 0xb0c1, manufacturer: 'EvidenceLab', product: 'DSJ-LAB Recorder', serial: 'LAB0002', busNumber: 1, deviceAddress: 6 };
const GDV = '@Gdv;OK;LAB0002;DSJ-LAB-0002;3201008;张伟;320100;南京市自然资源局;#';

/** The conversation up to the storage-mode command, as a registered camera has it. */
function unlockScript(options: { password?: string; clock?: string; atEnd?: ConstructorParameters<typeof ScriptedBulkDevice>[0] } = {}) {
  return [
    { out: `@Ver;8;${options.password ?? '000000'};#` },
    { in: '@Ver;OK;#' },
    { out: '@Gdv;#' },
    { in: GDV },
    { out: '@Bat;#' },
    { in: '@Bat;OK;76;#' },
    { out: '@Cap;#' },
    { in: '@Cap;OK;30000;10000;#' },
    { out: '@Gtm;#' },
    { in: `@Gtm;OK;${options.clock ?? '20261123180005'};#` },
    ...(options.atEnd ?? [{ out: '@ATH;#' }, { in: '@ATH;OK;#' }]),
  ];
}

describe('camera manager', () => {
  let bus: FakeUsbBus;
  let volumes: FakeVolumes;
  let store: MemoryRegistryStore;
  let registry: DeviceRegistry;
  let audits: AuditEntry[];
  let docked: { root: string; arrival: DockArrival }[];
  let statuses: PresentCamera[];
  let settings: AgencySettings;
  let manager: CameraManager;

  const audit = async (actor: string, action: string, target: string, extra: Omit<AuditEntry, 'actor' | 'action' | 'target'> = {}) => {
    const entry = { actor, action, target, ...extra };
    audits.push(entry);
    return { ...entry, seq: audits.length, at: STATION_NOW.toISOString(), prevHash: '', hash: '' };
  };

  async function start(options: { volumeTimeoutMs?: number; usb?: boolean } = {}) {
    manager = new CameraManager({
      profiles: PROFILES,
      registry,
      ...(options.usb === false ? {} : { usb: bus }),
      origins: volumes,
      probe: volumes,
      clock: { now: () => STATION_NOW },
      settings: () => settings,
      audit,
      emit: (camera) => statuses.push(camera),
      notice: () => undefined,
      dockFolder: async (root, _actor, arrival) => {
        docked.push({ root, arrival });
        return `session-${docked.length}`;
      },
      volumeTimeoutMs: options.volumeTimeoutMs ?? 5000,
    });
    await manager.start();
  }

  async function registerLab0002(extra: Partial<Parameters<DeviceRegistry['register']>[0]> = {}) {
    await registry.register({ deviceNumber: 'DSJ-LAB-0002', profileId: 'lab-locked-recorder', serial: 'LAB0002', officer: { badgeNumber: '3201008', name: '张伟' }, department: '执法一科', ...extra }, 'clerk(1)');
  }

  const only = () => {
    const present = manager.present();
    expect(present).toHaveLength(1);
    return present[0] as PresentCamera;
  };

  beforeEach(async () => {
    bus = new FakeUsbBus();
    volumes = new FakeVolumes();
    store = new MemoryRegistryStore();
    audits = [];
    docked = [];
    statuses = [];
    settings = { ...DEFAULT_SETTINGS };
    registry = new DeviceRegistry(store, { now: () => STATION_NOW }, audit);
    await registry.open();
  });

  afterEach(async () => {
    await manager?.close();
  });

  it('unlocks a registered locked camera, reads identity, battery, storage and clock, switches it to storage and docks its volume', async () => {
    await registerLab0002();
    await start();
    const device = new ScriptedBulkDevice(unlockScript());
    bus.plug(LOCKED, () => device);
    await manager.idle();
    expect(device.finished()).toBe(true);
    expect(device.closed).toBe(true);
    expect(only().state).toBe('waiting-for-disk');

    bus.unplug(LOCKED.key); // leaves the bus after @ATH, as it must
    bus.plug(STORAGE);
    volumes.parents.set('/media/u/LAB0002', STORAGE);
    volumes.contents.set('/media/u/LAB0002', { markers: { hasDcim: true, hasDeviceFile: false } });
    manager.volumeAdded('/media/u/LAB0002');
    await manager.idle();

    expect(docked).toHaveLength(1);
    const { root, arrival } = docked[0] ?? { root: '', arrival: {} };
    expect(root).toBe('/media/u/LAB0002');
    expect(arrival.identity).toMatchObject({ deviceNumber: 'DSJ-LAB-0002', serial: 'LAB0002', officerNumber: '3201008', officerName: '张伟', unitNumber: '320100', unitName: '南京市自然资源局', department: '执法一科' });
    // 18:00:05 at +08:00 is 10:00:05 UTC: the camera is 5 s ahead.
    expect(arrival.clockOffsetMs).toBe(5000);
    expect(arrival.device).toEqual({ profileId: 'lab-locked-recorder', battery: 76, totalBytes: 30000 * 1024 * 1024, freeBytes: 10000 * 1024 * 1024, clockSource: 'control' });
    expect(only()).toMatchObject({ state: 'docked', sessionId: 'session-1', battery: 76 });
    expect(audits.map((a) => a.action)).toContain('camera.identified');
  });

  it('syncs the camera clock when the agency allows it, and audits before and after', async () => {
    settings = { ...settings, syncCameraClock: true };
    await registerLab0002();
    await start();
    const device = new ScriptedBulkDevice(
      unlockScript({ clock: '20261123175900', atEnd: [{ out: '@Sdt;20261123;#' }, { in: '@Sdt;OK;#' }, { out: '@Stm;180000;#' }, { in: '@Stm;OK;#' }, { out: '@Gtm;#' }, { in: '@Gtm;OK;20261123180000;#' }, { out: '@ATH;#' }, { in: '@ATH;OK;#' }] }),
    );
    bus.plug(LOCKED, () => device);
    await manager.idle();
    expect(device.finished()).toBe(true);
    const synced = audits.find((a) => a.action === 'camera.clock-synced');
    expect(synced).toMatchObject({ target: 'device:DSJ-LAB-0002', before: { clockOffsetMs: -60_000 }, after: { clockOffsetMs: 0 } });
    expect(only().clockSync).toMatchObject({ beforeOffsetMs: -60_000, afterOffsetMs: 0 });
    // Footage on the camera was recorded on the old clock: that offset is the one kept for the dock.
    expect(only().clockOffsetMs).toBe(-60_000);
  });

  it('refuses an unregistered camera before switching it (no @ATH), offers its registration, and docks it once registered', async () => {
    await start();
    const first = new ScriptedBulkDevice(unlockScript({ atEnd: [] }));
    bus.plug(LOCKED, () => first);
    await manager.idle();
    expect(first.finished()).toBe(true);
    expect(only()).toMatchObject({ state: 'refused', problem: { code: 'CAMERA_UNREGISTERED' }, registration: { deviceNumber: 'DSJ-LAB-0002', profileId: 'lab-locked-recorder', serial: 'LAB0002', officerNumber: '3201008', officerName: '张伟', department: '南京市自然资源局' } });
    expect(store.saves).toBe(0);
    expect(audits.filter((a) => a.action === 'camera.refused')).toHaveLength(1);

    // The clerk's one step: register from the prefill. The manager talks to it again and switches it.
    const second = new ScriptedBulkDevice(unlockScript());
    bus.rescript(LOCKED.key, () => second);
    await registerLab0002();
    await manager.idle();
    expect(second.finished()).toBe(true);
    expect(only()).toMatchObject({ state: 'waiting-for-disk', identity: { deviceNumber: 'DSJ-LAB-0002' } });
    expect(only().problem).toBeUndefined();
  });

  it('uses the per-device password from the registry; a wrong one fails clearly and changes nothing', async () => {
    await registerLab0002({ password: '135790' });
    const savesBefore = store.saves;
    await start();
    bus.plug(LOCKED, () => new ScriptedBulkDevice([{ out: '@Ver;8;135790;#' }, { in: '@Ver;ERR;PASSWORD;#' }]));
    await manager.idle();
    expect(only()).toMatchObject({ state: 'failed', problem: { code: 'CAMERA_WRONG_PASSWORD', params: { actual: '@Ver;ERR;PASSWORD;#' } } });
    expect(docked).toHaveLength(0);
    expect(store.saves).toBe(savesBefore);
    expect(audits.map((a) => a.action)).toContain('camera.failed');
  });

  it.each([
    ['garbage', [{ out: '@Ver;8;000000;#' }, { in: '\u0000\u00ff@@@' }], 'CAMERA_GARBAGE_ANSWER'],
    ['no answer', [{ out: '@Ver;8;000000;#' }, { fail: 'timeout', on: 'in' }], 'CAMERA_NO_ANSWER'],
    ['device gone', [{ out: '@Ver;8;000000;#' }, { in: '@Ver;OK;#' }, { fail: 'gone', on: 'out' }], 'CAMERA_GONE'],
  ] as const)('a camera that answers %s ends failed with the matching code, nothing docked or registered', async (_name, script, code) => {
    await start();
    bus.plug(LOCKED, () => new ScriptedBulkDevice([...script]));
    await manager.idle();
    expect(only()).toMatchObject({ state: 'failed', problem: { code } });
    expect(docked).toHaveLength(0);
    expect(registry.all()).toHaveLength(0);
  });

  it('a camera whose disk never appears after unlock fails as vanished; a late volume is then docked as a camera of its own only if admitted', async () => {
    await registerLab0002();
    await start({ volumeTimeoutMs: 30 });
    bus.plug(LOCKED, () => new ScriptedBulkDevice(unlockScript()));
    await manager.idle();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(only()).toMatchObject({ state: 'failed', problem: { code: 'CAMERA_VANISHED_BEFORE_MOUNT' } });
    expect(docked).toHaveLength(0);
  });

  it('a camera unplugged between unlock and mount fails as vanished at once', async () => {
    await registerLab0002();
    await start();
    bus.plug(LOCKED, () => new ScriptedBulkDevice(unlockScript()));
    await manager.idle();
    bus.unplug(LOCKED.key);
    bus.plug(STORAGE);
    bus.unplug(STORAGE.key);
    expect(only()).toMatchObject({ state: 'failed', problem: { code: 'CAMERA_VANISHED_BEFORE_MOUNT' } });
    expect(docked).toHaveLength(0);
  });

  it('docks a registered volume-only camera through its identity file; refuses an unregistered one with the registration prefill', async () => {
    await registry.register({ deviceNumber: 'DSJ-A8-0007', profileId: 'lab-volume-camera', serial: 'SN00080007', officer: { badgeNumber: '3201008', name: '张伟' } }, 'clerk(1)');
    await start({ usb: false });
    volumes.contents.set('/m/A', { markers: { hasDcim: true, hasDeviceFile: true }, identity: { deviceNumber: 'DSJ-A8-0007', serial: 'SN00080007', officerNumber: '3201008', officerName: '张伟' } });
    volumes.contents.set('/m/B', { markers: { hasDcim: true, hasDeviceFile: true }, identity: { deviceNumber: 'DSJ-A8-0099', serial: 'SN00080099', officerNumber: '3201010' } });
    manager.volumeAdded('/m/A');
    manager.volumeAdded('/m/B');
    await manager.idle();
    expect(docked.map((d) => d.root)).toEqual(['/m/A']);
    expect(docked[0]?.arrival.device).toEqual({ profileId: 'lab-volume-camera', clockSource: 'volume' });
    const refused = manager.present().find((camera) => camera.root === '/m/B');
    expect(refused).toMatchObject({ state: 'refused', profileId: 'lab-volume-camera', problem: { code: 'CAMERA_UNREGISTERED' }, registration: { deviceNumber: 'DSJ-A8-0099', serial: 'SN00080099', officerNumber: '3201010', profileId: 'lab-volume-camera' } });

    manager.volumeRemoved('/m/B');
    expect(manager.present().some((camera) => camera.root === '/m/B')).toBe(false);
    expect(statuses.at(-1)).toMatchObject({ root: '/m/B', state: 'removed' });
  });

  it('a volume that is gone before it can be looked at is neither refused as foreign nor docked', async () => {
    await start({ usb: false });
    manager.volumeAdded('/m/GONE'); // the fake has no such volume: its probe fails like an unmounted folder
    await manager.idle();
    expect(manager.present()).toEqual([]);
    expect(docked).toHaveLength(0);
  });

  it('never ingests a foreign stick, whatever the admission setting', async () => {
    settings = { ...settings, cameraAdmission: 'any-camera' };
    await start({ usb: false });
    volumes.contents.set('/m/STICK', { markers: { hasDcim: false, hasDeviceFile: false } });
    manager.volumeAdded('/m/STICK');
    await manager.idle();
    expect(only()).toMatchObject({ state: 'refused', problem: { code: 'CAMERA_FOREIGN_DEVICE' } });
    expect(only().registration).toBeUndefined();
    expect(docked).toHaveLength(0);
  });

  it("'any-camera' docks an unregistered camera; retired, in-repair and unbound cameras are refused by default", async () => {
    await registry.register({ deviceNumber: 'R-1', profileId: 'lab-volume-camera', status: 'retired', officer: { badgeNumber: '1', name: '甲' } }, 'clerk(1)');
    await registry.register({ deviceNumber: 'P-1', profileId: 'lab-volume-camera', status: 'repair', officer: { badgeNumber: '2', name: '乙' } }, 'clerk(1)');
    await registry.register({ deviceNumber: 'U-1', profileId: 'lab-volume-camera' }, 'clerk(1)');
    await start({ usb: false });
    for (const name of ['R-1', 'P-1', 'U-1']) volumes.contents.set(`/m/${name}`, { markers: { hasDcim: true, hasDeviceFile: true }, identity: { deviceNumber: name } });
    for (const name of ['R-1', 'P-1', 'U-1']) manager.volumeAdded(`/m/${name}`);
    await manager.idle();
    expect(Object.fromEntries(manager.present().map((camera) => [camera.identity?.deviceNumber, camera.problem?.code]))).toEqual({ 'R-1': 'CAMERA_RETIRED', 'P-1': 'CAMERA_IN_REPAIR', 'U-1': 'CAMERA_UNBOUND' });
    expect(docked).toHaveLength(0);

    settings = { ...settings, cameraAdmission: 'any-camera' };
    volumes.contents.set('/m/NEW', { markers: { hasDcim: true, hasDeviceFile: false } });
    manager.volumeAdded('/m/NEW');
    await manager.idle();
    expect(docked.map((d) => d.root)).toEqual(['/m/NEW']);
    expect(docked[0]?.arrival.identity?.deviceNumber).toBe('NEW');
  });

  it('raises an identity alarm (durable, audited) when the camera reports another officer, and docks after the clerk accepts', async () => {
    await registry.register({ deviceNumber: 'DSJ-A8-0007', profileId: 'lab-volume-camera', serial: 'SN00080007', officer: { badgeNumber: '3201008', name: '张伟' } }, 'clerk(1)');
    await start({ usb: false });
    volumes.contents.set('/m/A', { markers: { hasDcim: true, hasDeviceFile: true }, identity: { deviceNumber: 'DSJ-A8-0007', serial: 'SN00080007', officerNumber: '3202015', officerName: '李娜' } });
    manager.volumeAdded('/m/A');
    await manager.idle();
    expect(only()).toMatchObject({ state: 'alarm', problem: { code: 'CAMERA_IDENTITY_CHANGED' }, differences: [{ field: 'officerNumber', registered: '3201008', reported: '3202015' }] });
    expect(docked).toHaveLength(0);
    expect(store.saved[0]?.identityAlarm?.differences).toEqual([{ field: 'officerNumber', registered: '3201008', reported: '3202015' }]);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['device.identity-alarm', 'camera.refused']));

    const accepted = await registry.acceptIdentity('DSJ-A8-0007', 'clerk(1)');
    expect(accepted.officer).toEqual({ badgeNumber: '3202015', name: '李娜' });
    expect(accepted.identityAlarm).toBeUndefined();
    await manager.idle();
    expect(docked.map((d) => d.root)).toEqual(['/m/A']);
    expect(only().state).toBe('docked');
  });

  it('ties a volume to the only camera waiting for a disk when the platform cannot say (timing)', async () => {
    await registerLab0002();
    await start();
    bus.plug(LOCKED, () => new ScriptedBulkDevice(unlockScript()));
    await manager.idle();
    volumes.contents.set('/Volumes/NO NAME', { markers: { hasDcim: true, hasDeviceFile: false } });
    manager.volumeAdded('/Volumes/NO NAME');
    await manager.idle();
    expect(docked).toHaveLength(1);
    expect(docked[0]?.arrival.identity?.deviceNumber).toBe('DSJ-LAB-0002');
  });

  it('a plain mass-storage camera seen on the bus docks with its volume (sysfs tie) and no control channel', async () => {
    await registry.register({ deviceNumber: 'LAB-1', profileId: 'lab-plain-recorder', serial: 'LAB0001', officer: { badgeNumber: '3201008', name: '张伟' } }, 'clerk(1)');
    await start();
    const plain = { ...STORAGE, key: '2-3', serial: 'LAB0001' };
    bus.plug(plain);
    await manager.idle();
    expect(only().state).toBe('waiting-for-disk');
    volumes.parents.set('/media/u/LAB', plain);
    volumes.contents.set('/media/u/LAB', { markers: { hasDcim: true, hasDeviceFile: true }, identity: { deviceNumber: 'LAB-1', serial: 'LAB0001', officerNumber: '3201008' } });
    manager.volumeAdded('/media/u/LAB');
    await manager.idle();
    expect(bus.opened).toEqual([]);
    expect(docked[0]?.arrival).toMatchObject({ identity: { deviceNumber: 'LAB-1' }, device: { profileId: 'lab-plain-recorder', clockSource: 'volume' } });
  });
});
