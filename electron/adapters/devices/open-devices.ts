/**
 * The device layer's composition (issue B): the device registry (<data>/devices/registry.json), the
 * camera profiles, the camera manager over usb@2 / node-hid / sysfs, and their contract handlers.
 * compose.ts calls this once the station exists and routes the volume watcher's events here.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CameraManager } from '../../core/camera/camera-manager.js';
import type { UsbDeviceSource } from '../../core/camera/ports.js';
import { DeviceRegistry } from '../../core/devices/device-registry.js';
import { createDeviceHandlers } from '../../core/devices/device-commands.js';
import type { Station } from '../../core/station.js';
import { FsVolumeProbe } from '../camera/fs-volume-probe.js';
import { defaultProfilesDir, loadCameraProfiles } from '../camera/camera-profiles-dir.js';
import { NodeUsbDeviceSource } from '../usb/node-usb-device-source.js';
import { NO_VOLUME_ORIGINS, SysfsVolumeOrigins } from '../volume/sysfs-volume-origins.js';
import { JsonDeviceRegistryStore } from './json-device-registry-store.js';

export interface DeviceOptions {
  /** Watch the USB bus and talk to locked cameras (serve --usb, Electron). Off for CLI one-shots and tests. */
  usb?: boolean;
  profilesDir?: string;
  /** Linux volume-to-USB tie: the sysfs root and mountinfo file (tests pass a fake tree). */
  sysfsRoot?: string;
  mountInfoPath?: string;
  /** How long an unlocked camera may take to show its disk before it counts as vanished. */
  volumeTimeoutMs?: number;
  /** CLI `cameras`: identify what is plugged in without unlocking it into storage mode or docking. */
  identifyOnly?: boolean;
  /** Tests: a scripted bus in place of usb@2 (used whatever `usb` says). */
  usbSource?: UsbDeviceSource;
}

export interface OpenedDevices {
  registry: DeviceRegistry;
  cameras: CameraManager;
  volumeAdded(root: string): void;
  volumeRemoved(root: string): void;
  dispose(): Promise<void>;
}

export async function openDevices(station: Station, dataDir: string, options: DeviceOptions, log: (message: string) => void): Promise<OpenedDevices> {
  const ctx = station.context;
  const folder = path.join(dataDir, 'devices');
  await mkdir(folder, { recursive: true });
  const registry = new DeviceRegistry(new JsonDeviceRegistryStore(path.join(folder, 'registry.json')), ctx.ports.clock, ctx.audit);
  await registry.open();
  const profiles = await loadCameraProfiles(options.profilesDir ?? defaultProfilesDir(), log);
  const usbIds = new Set(profiles.flatMap((profile) => [profile.match.usb, profile.storage.storageUsb]).filter((ids) => ids !== undefined).map((ids) => `${ids.vendorId}:${ids.productId}`));
  const usb = options.usbSource ?? (options.usb ? new NodeUsbDeviceSource({ interesting: (vendorId, productId) => usbIds.has(`${vendorId}:${productId}`), log }) : undefined);
  const origins = process.platform === 'linux' || options.sysfsRoot !== undefined ? new SysfsVolumeOrigins({ ...(options.sysfsRoot ? { sysfsRoot: options.sysfsRoot } : {}), ...(options.mountInfoPath ? { mountInfoPath: options.mountInfoPath } : {}) }) : NO_VOLUME_ORIGINS;

  const cameras = new CameraManager({
    profiles,
    registry,
    ...(usb ? { usb } : {}),
    origins,
    probe: new FsVolumeProbe(),
    clock: ctx.ports.clock,
    settings: () => ctx.settings(),
    audit: ctx.audit,
    emit: (camera) => station.events.emit('camera.status', camera),
    notice: (level, code, params) => station.events.emit('station.notice', { level, code, params }),
    dockFolder: (root, actor, arrival) => station.dockFolder(root, actor, arrival),
    ...(options.volumeTimeoutMs !== undefined ? { volumeTimeoutMs: options.volumeTimeoutMs } : {}),
    ...(options.identifyOnly ? { identifyOnly: true } : {}),
    log,
  });
  station.attachHandlers(createDeviceHandlers(registry, () => cameras));
  await cameras.start();
  return {
    registry,
    cameras,
    volumeAdded: (root) => cameras.volumeAdded(root),
    volumeRemoved: (root) => cameras.volumeRemoved(root),
    dispose: () => cameras.close(),
  };
}
