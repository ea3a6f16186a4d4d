/**
 * One station object per docked camera: identity, volume and control channel (docs/cameras.md).
 *
 *   USB attach -> profile match -> unlock -> device info, battery, capacity, clock -> admission
 *     -> clock sync (if the agency allows, audited) -> storage mode -> wait for its volume (timeout)
 *   volume mounted -> tie to a waiting camera (sysfs parent / serial / timing) or match a profile
 *     -> admission -> dock (station.dockFolder with what the camera told)
 *
 * A camera that answers garbage, never answers, refuses the password or vanishes before its disk
 * mounts ends 'failed' with a typed problem: no dock session is started and no registry entry is
 * written. Refused cameras stay listed; registering them re-judges and docks them.
 */
import path from 'node:path';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { CameraIdentity } from '../domain/clip.js';
import type { DockArrival } from '../domain/dock.js';
import { StationError } from '../domain/errors.js';
import type { AgencySettings } from '../domain/settings.js';
import { judgeAdmission, type AdmissionVerdict } from '../devices/admission.js';
import { deviceTarget, type DeviceRegistry } from '../devices/device-registry.js';
import type { RegistrationPrefill } from '../devices/device-model.js';
import type { Clock } from '../ports.js';
import { CameraControlError } from './camera-errors.js';
import type { CameraControl, CameraDeviceInfo } from './camera-control.js';
import { deviceInfoConfirms, formatVidPid, matchUsbProfiles, matchVolumeProfiles, type CameraProfile, type UsbDescriptor } from './camera-profile.js';
import { cameraControlFor, transportKindFor } from './open-camera-control.js';
import type { PresentCamera, PresentCameraState } from './present-camera.js';
import type { UsbDeviceInfo, UsbDeviceSource, UsbEvent, VolumeOrigins, VolumeProbe, VolumeProbeResult } from './ports.js';

/** Who the audit log names when a camera docked itself by being plugged in. */
export const CAMERA_ACTOR = 'station:auto-dock';
export const DEFAULT_VOLUME_TIMEOUT_MS = 60_000;
const LAB_DEFAULT_PASSWORD = '000000';

type Audit = (actor: string, action: string, target: string, extra?: Omit<AuditEntry, 'actor' | 'action' | 'target'>) => Promise<AuditRecord>;

export interface CameraManagerOptions {
  profiles: readonly CameraProfile[];
  registry: DeviceRegistry;
  /** Absent when USB is off (CLI one-shots, tests): volumes still dock through their profiles. */
  usb?: UsbDeviceSource;
  origins: VolumeOrigins;
  probe: VolumeProbe;
  clock: Clock;
  settings(): AgencySettings;
  audit: Audit;
  emit(camera: PresentCamera): void;
  notice(level: 'info' | 'warning' | 'error', code: string, params: Record<string, string | number>): void;
  dockFolder(root: string, actor: string, arrival: DockArrival): Promise<string>;
  volumeTimeoutMs?: number;
  /** Only identify cameras (CLI `cameras`): no clock sync, no storage mode, nothing docked. */
  identifyOnly?: boolean;
  log?: (message: string) => void;
}

/** What the control channel told, kept until the camera's volume is docked. */
interface Told {
  identity: CameraIdentity;
  battery?: number;
  capacity?: { totalBytes: number; freeBytes: number };
  clockOffsetMs?: number;
  clockSync?: { beforeOffsetMs: number; afterOffsetMs: number; at: string };
}

interface Tracked {
  view: PresentCamera;
  profile?: CameraProfile;
  usb?: UsbDeviceInfo;
  /** Key of the mass-storage device it re-enumerated as after the storage-mode command. */
  storageKey?: string;
  storageSwitched: boolean;
  /** USB parent of its volume (sysfs), for volume-first cameras. */
  volumeParent?: UsbDescriptor;
  told?: Told;
  timer?: ReturnType<typeof setTimeout>;
  /** The last refusal code audited, so re-judging does not repeat the record. */
  auditedRefusal?: string;
}

export class CameraManager {
  private readonly cameras = new Map<string, Tracked>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly log: (message: string) => void;
  private readonly volumeTimeoutMs: number;
  private stopUsb: (() => Promise<void>) | undefined;
  private stopRegistry: (() => void) | undefined;
  private sequence = 0;
  private closed = false;

  constructor(private readonly options: CameraManagerOptions) {
    this.log = options.log ?? (() => undefined);
    this.volumeTimeoutMs = options.volumeTimeoutMs ?? DEFAULT_VOLUME_TIMEOUT_MS;
  }

  async start(): Promise<void> {
    this.stopRegistry = this.options.registry.onChange(() => this.track(this.reconsider()));
    if (this.options.usb) this.stopUsb = await this.options.usb.watch((event) => this.track(this.onUsb(event)));
  }

  /** Cameras at the station now (the removed ones are gone from the list). */
  present(): PresentCamera[] {
    return [...this.cameras.values()].map((tracked) => tracked.view);
  }

  volumeAdded(root: string): void {
    this.track(this.onVolumeAdded(root));
  }

  volumeRemoved(root: string): void {
    for (const tracked of this.cameras.values()) if (tracked.view.root === root) this.remove(tracked);
  }

  /** Resolves when no camera work is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopRegistry?.();
    await this.stopUsb?.();
    await this.idle();
    for (const tracked of this.cameras.values()) if (tracked.timer) clearTimeout(tracked.timer);
  }

  private track(work: Promise<unknown>): void {
    const guarded = work.catch((error: unknown) => this.log(`camera manager: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  // ---- USB ----------------------------------------------------------------------------------------

  private async onUsb(event: UsbEvent): Promise<void> {
    if (event.type === 'detach') return this.onDetach(event.key);
    const device = event.device;
    // The storage-mode half of a camera we unlocked: same serial string, a new place on the bus.
    const switched = [...this.cameras.values()].find((t) => t.storageSwitched && t.view.state === 'waiting-for-disk' && t.usb?.serial !== undefined && t.usb.serial === device.serial);
    if (switched) {
      switched.storageKey = device.key;
      this.log(`camera ${switched.usb?.serial ?? ''} came back as ${formatVidPid(device.vendorId, device.productId)} (storage mode)`);
      return;
    }
    // Its volume was docked before the bus event reached us.
    if ([...this.cameras.values()].some((t) => t.volumeParent && sameDevice(t.volumeParent, device))) return;
    const profile = matchUsbProfiles(this.options.profiles, device)[0];
    // Not a camera (keyboard, hub, a stick): nothing to show; a stick's volume is judged when it mounts.
    if (!profile) return;
    const tracked: Tracked = { view: this.newView('usb', `usb:${device.key}`, profile, device), profile, usb: device, storageSwitched: false };
    this.cameras.set(tracked.view.id, tracked);
    this.emit(tracked);
    if (transportKindFor(profile) === undefined) return this.waitForDisk(tracked);
    await this.talk(tracked, profile, device);
  }

  private onDetach(key: string): void {
    for (const tracked of this.cameras.values()) {
      const isControl = tracked.usb?.key === key;
      if (!isControl && tracked.storageKey !== key) continue;
      // Leaving the bus after the storage-mode command is what the camera is supposed to do.
      if (isControl && tracked.storageSwitched) continue;
      if (tracked.view.root !== undefined) continue; // the volume's removal ends it
      if (tracked.view.state === 'waiting-for-disk') this.fail(tracked, 'CAMERA_VANISHED_BEFORE_MOUNT', 'the camera left before its disk appeared', {});
      else if (tracked.view.state === 'refused' || tracked.view.state === 'alarm' || tracked.view.state === 'failed') this.remove(tracked);
      // While talking, the transfer in progress fails with CAMERA_GONE and says so itself.
    }
  }

  private async talk(tracked: Tracked, profile: CameraProfile, device: UsbDeviceInfo): Promise<void> {
    const usb = this.options.usb;
    if (!usb) return;
    let control: CameraControl | undefined;
    try {
      const kind = transportKindFor(profile);
      try {
        control = cameraControlFor(profile, kind === undefined ? undefined : await usb.open(device.key, kind, profile));
      } catch (error) {
        if (error instanceof StationError) throw error;
        throw new CameraControlError('CAMERA_GONE', `could not open the camera: ${describe(error)}`, 'the device opened', describe(error), { command: 'open' });
      }
      if (profile.password.policy !== 'none') {
        this.setState(tracked, 'unlocking');
        await control.unlock(this.passwordFor(profile, device));
      }
      this.setState(tracked, 'reading');
      const info = await control.deviceInfo();
      if (!deviceInfoConfirms(profile, info?.productSerial)) {
        this.refuseForeign(tracked, `${formatVidPid(device.vendorId, device.productId)} did not answer as a ${profile.id} camera`);
        return;
      }
      const identity = identityFromInfo(info, device);
      const battery = await unlessUnsupported(() => control?.battery());
      const capacity = await unlessUnsupported(() => control?.capacity());
      const cameraClock = await control.readClock();
      const told: Told = { identity, ...(battery !== undefined ? { battery } : {}), ...(capacity !== undefined ? { capacity } : {}) };
      if (cameraClock) told.clockOffsetMs = cameraClock.getTime() - this.options.clock.now().getTime();
      tracked.told = told;
      Object.assign(tracked.view, { identity, battery, capacity, clockOffsetMs: told.clockOffsetMs });

      const verdict = judgeAdmission(this.options.registry.all(), identity, this.options.settings().cameraAdmission);
      if (!verdict.admitted) {
        await this.refuse(tracked, verdict, identity);
        return;
      }
      clearRefusal(tracked);
      if (this.options.identifyOnly) {
        this.setState(tracked, 'identified');
        return;
      }
      if (this.options.settings().syncCameraClock && told.clockOffsetMs !== undefined) await this.syncClock(tracked, control, told);
      if (profile.storage.appears === 'after-unlock') {
        await control.switchToStorage();
        tracked.storageSwitched = true;
      }
      await this.audit('camera.identified', identity.deviceNumber, { detail: { profile: profile.id, usb: formatVidPid(device.vendorId, device.productId), identity, battery: battery ?? null, capacity: capacity ?? null, clockOffsetMs: told.clockOffsetMs ?? null } });
      this.waitForDisk(tracked);
    } catch (error) {
      this.failWith(tracked, error);
    } finally {
      await control?.close();
    }
  }

  private async syncClock(tracked: Tracked, control: CameraControl, told: Told): Promise<void> {
    const beforeOffsetMs = told.clockOffsetMs ?? 0;
    const at = this.options.clock.now();
    await control.setClock(at);
    const after = await control.readClock();
    const afterOffsetMs = after ? after.getTime() - this.options.clock.now().getTime() : 0;
    told.clockSync = { beforeOffsetMs, afterOffsetMs, at: at.toISOString() };
    // Footage already on the camera was recorded on the old clock: the dock records that offset, not the new one.
    tracked.view.clockSync = told.clockSync;
    await this.audit('camera.clock-synced', told.identity.deviceNumber, { before: { clockOffsetMs: beforeOffsetMs }, after: { clockOffsetMs: afterOffsetMs }, detail: { at: at.toISOString() } });
  }

  private passwordFor(profile: CameraProfile, device: UsbDescriptor): string {
    const fallback = profile.password.default ?? LAB_DEFAULT_PASSWORD;
    if (profile.password.policy !== 'registry') return fallback;
    const registered = this.options.registry.all().find((entry) => entry.serial !== undefined && entry.serial === device.serial);
    return registered?.password ?? fallback;
  }

  private waitForDisk(tracked: Tracked): void {
    this.setState(tracked, 'waiting-for-disk');
    if (tracked.timer) clearTimeout(tracked.timer);
    tracked.timer = setTimeout(() => {
      if (tracked.view.state === 'waiting-for-disk' && tracked.view.root === undefined)
        this.fail(tracked, 'CAMERA_VANISHED_BEFORE_MOUNT', `no disk of the camera appeared within ${this.volumeTimeoutMs} ms`, { timeoutMs: this.volumeTimeoutMs });
    }, this.volumeTimeoutMs);
    tracked.timer.unref?.();
  }

  // ---- volumes ------------------------------------------------------------------------------------

  private async onVolumeAdded(root: string): Promise<void> {
    if ([...this.cameras.values()].some((t) => t.view.root === root)) return;
    const parent = await this.options.origins.usbParentOf(root).catch(() => undefined);
    let probe: VolumeProbeResult;
    try {
      probe = await this.options.probe.probe(root);
    } catch (error) {
      // Unmounted before it could be looked at: nothing to show, nothing to dock; a waiting camera keeps waiting (or times out).
      this.log(`volume ${root} could not be read: ${describe(error)}`);
      return;
    }
    let tracked = this.waitingCameraFor(parent, probe);
    if (tracked) {
      if (tracked.timer) clearTimeout(tracked.timer);
      tracked.view.root = root;
      if (parent) tracked.volumeParent = parent;
    } else {
      const profile = (parent ? matchUsbProfiles(this.options.profiles, parent)[0] : undefined) ?? matchVolumeProfiles(this.options.profiles, probe.markers)[0];
      tracked = { view: this.newView('volume', `volume:${root}`, profile, parent), storageSwitched: false, ...(profile ? { profile } : {}), ...(parent ? { volumeParent: parent } : {}) };
      tracked.view.root = root;
      this.cameras.set(tracked.view.id, tracked);
      if (!profile) {
        this.refuseForeign(tracked, parent ? `USB ${formatVidPid(parent.vendorId, parent.productId)} matches no camera profile` : 'the volume holds no DCIM folder and no camera identity file');
        return;
      }
    }
    const identity: CameraIdentity = { deviceNumber: path.basename(root), ...probe.identity, ...tracked.told?.identity };
    tracked.view.identity = identity;
    await this.admitAndDock(tracked, identity);
  }

  /** The camera (unlocked, or plain and seen on the bus) this volume belongs to. */
  private waitingCameraFor(parent: UsbDescriptor | undefined, probe: VolumeProbeResult): Tracked | undefined {
    const waiting = [...this.cameras.values()].filter((t) => t.view.state === 'waiting-for-disk' && t.view.root === undefined);
    if (parent) {
      // Linux: sysfs names the USB device the disk hangs off; its serial string is the camera's.
      const tied = waiting.find((t) => t.usb !== undefined && (sameDevice(t.usb, parent) || (t.usb.serial !== undefined && t.usb.serial === parent.serial)));
      if (tied) return tied;
    }
    const serial = probe.identity?.serial;
    const deviceNumber = probe.identity?.deviceNumber;
    const byIdentity = waiting.find((t) => (serial !== undefined && (t.usb?.serial === serial || t.told?.identity.serial === serial)) || (deviceNumber !== undefined && t.told?.identity.deviceNumber === deviceNumber));
    if (byIdentity) return byIdentity;
    // Elsewhere (macOS, Windows): by timing, only when it cannot be ambiguous - one camera waiting and the volume's parent unknown.
    if (!parent && waiting.length === 1) {
      const only = waiting[0];
      if (only) this.log(`tied ${only.view.id} to its volume by timing (the only camera waiting for a disk)`);
      return only;
    }
    return undefined;
  }

  private async admitAndDock(tracked: Tracked, identity: CameraIdentity): Promise<void> {
    const verdict = judgeAdmission(this.options.registry.all(), identity, this.options.settings().cameraAdmission);
    if (!verdict.admitted) {
      await this.refuse(tracked, verdict, identity);
      return;
    }
    const root = tracked.view.root;
    if (root === undefined) return;
    this.setState(tracked, 'docking');
    const told = tracked.told;
    const arrival: DockArrival = {
      // The registry's department is the clerk's word on where the camera belongs; it wins over the camera's own.
      identity: { ...identity, ...(verdict.device?.department ? { department: verdict.device.department } : {}) },
      ...(told?.clockOffsetMs !== undefined ? { clockOffsetMs: told.clockOffsetMs } : {}),
      ...(tracked.profile
        ? {
            device: {
              profileId: tracked.profile.id,
              clockSource: told?.clockOffsetMs !== undefined ? ('control' as const) : ('volume' as const),
              ...(told?.battery !== undefined ? { battery: told.battery } : {}),
              ...(told?.capacity ? { totalBytes: told.capacity.totalBytes, freeBytes: told.capacity.freeBytes } : {}),
              ...(told?.clockSync ? { clockSync: told.clockSync } : {}),
            },
          }
        : {}),
    };
    try {
      const sessionId = await this.options.dockFolder(root, CAMERA_ACTOR, arrival);
      tracked.view.sessionId = sessionId;
      clearRefusal(tracked);
      this.setState(tracked, 'docked');
    } catch (error) {
      this.failWith(tracked, error);
    }
  }

  // ---- refusals and failures ----------------------------------------------------------------------

  private async refuse(tracked: Tracked, verdict: Extract<AdmissionVerdict, { admitted: false }>, identity: CameraIdentity): Promise<void> {
    const registration: RegistrationPrefill = {
      deviceNumber: identity.deviceNumber,
      profileId: tracked.profile?.id ?? 'unknown',
      ...(identity.serial ? { serial: identity.serial } : {}),
      ...(identity.officerNumber ? { officerNumber: identity.officerNumber } : {}),
      ...(identity.officerName ? { officerName: identity.officerName } : {}),
      ...((identity.department ?? identity.unitName) ? { department: identity.department ?? identity.unitName } : {}),
    };
    tracked.view.registration = registration;
    const params: Record<string, string | number> = { deviceNumber: verdict.device?.deviceNumber ?? identity.deviceNumber, ...(identity.serial ? { serial: identity.serial } : {}) };
    if (verdict.code === 'CAMERA_IDENTITY_CHANGED' && verdict.device) {
      tracked.view.differences = verdict.differences ?? [];
      tracked.view.problem = { code: verdict.code, message: REFUSAL_TEXT[verdict.code], params };
      await this.options.registry.raiseAlarm(verdict.device.deviceNumber, identity, verdict.differences ?? [], CAMERA_ACTOR);
      this.setState(tracked, 'alarm');
      if (tracked.auditedRefusal !== verdict.code) this.options.notice('error', verdict.code, params);
    } else {
      tracked.view.problem = { code: verdict.code, message: REFUSAL_TEXT[verdict.code], params };
      this.setState(tracked, 'refused');
    }
    if (tracked.auditedRefusal !== verdict.code) {
      tracked.auditedRefusal = verdict.code;
      await this.audit('camera.refused', params.deviceNumber as string, { detail: { code: verdict.code, identity, root: tracked.view.root ?? null, differences: verdict.differences ?? [] } });
    }
  }

  private refuseForeign(tracked: Tracked, reason: string): void {
    tracked.view.problem = { code: 'CAMERA_FOREIGN_DEVICE', message: `not a camera: ${reason}; nothing is read from it`, params: { reason } };
    this.setState(tracked, 'refused');
    this.log(`refused ${tracked.view.root ?? tracked.view.id}: ${reason}`);
    this.options.notice('warning', 'CAMERA_FOREIGN_DEVICE', { root: tracked.view.root ?? '', reason });
  }

  private failWith(tracked: Tracked, error: unknown): void {
    if (error instanceof StationError) this.fail(tracked, error.code, error.message, error.params);
    else this.fail(tracked, 'INTERNAL', describe(error), {});
  }

  private fail(tracked: Tracked, code: string, message: string, params: Record<string, string | number>): void {
    if (tracked.timer) clearTimeout(tracked.timer);
    tracked.view.problem = { code, message, params };
    this.setState(tracked, 'failed');
    this.log(`camera ${tracked.view.id} failed: ${code} ${message}`);
    this.options.notice('error', code, { device: tracked.view.identity?.deviceNumber ?? tracked.usb?.serial ?? tracked.view.id, ...params });
    this.track(this.audit('camera.failed', tracked.view.identity?.deviceNumber ?? tracked.usb?.serial ?? tracked.view.id, { detail: { code, message, ...params } }));
  }

  /** After a registry change: cameras refused for registration reasons are judged again. */
  private async reconsider(): Promise<void> {
    for (const tracked of [...this.cameras.values()]) {
      if (this.closed || (tracked.view.state !== 'refused' && tracked.view.state !== 'alarm') || tracked.view.problem?.code === 'CAMERA_FOREIGN_DEVICE') continue;
      if (tracked.view.root !== undefined && tracked.view.identity) await this.admitAndDock(tracked, tracked.view.identity);
      else if (tracked.usb && tracked.profile && transportKindFor(tracked.profile) !== undefined) await this.talk(tracked, tracked.profile, tracked.usb);
    }
  }

  // ---- views --------------------------------------------------------------------------------------

  private newView(source: PresentCamera['source'], id: string, profile: CameraProfile | undefined, usb: UsbDescriptor | undefined): PresentCamera {
    return {
      id: `${id}#${++this.sequence}`,
      source,
      state: 'identifying',
      ...(profile ? { profileId: profile.id, profileName: profile.name } : {}),
      ...(usb ? { usb: { vendorId: usb.vendorId, productId: usb.productId, ...pick(usb, ['manufacturer', 'product', 'serial']) } } : {}),
      updatedAt: this.options.clock.now().toISOString(),
    };
  }

  private setState(tracked: Tracked, state: PresentCameraState): void {
    tracked.view.state = state;
    this.emit(tracked);
  }

  private remove(tracked: Tracked): void {
    if (tracked.timer) clearTimeout(tracked.timer);
    this.cameras.delete(tracked.view.id);
    tracked.view.state = 'removed';
    this.emit(tracked);
  }

  private emit(tracked: Tracked): void {
    tracked.view.updatedAt = this.options.clock.now().toISOString();
    // Emitted as a copy: listeners keep what they got, the next change is a new event.
    this.options.emit(structuredClone(stripUndefined(tracked.view)));
  }

  private audit(action: string, deviceNumber: string, extra: Omit<AuditEntry, 'actor' | 'action' | 'target'>): Promise<AuditRecord> {
    return this.options.audit(CAMERA_ACTOR, action, deviceTarget(deviceNumber), extra);
  }
}

const REFUSAL_TEXT: Record<Extract<AdmissionVerdict, { admitted: false }>['code'], string> = {
  CAMERA_UNREGISTERED: 'the camera is not in the device registry; a clerk can register it',
  CAMERA_UNBOUND: 'the camera is registered but bound to no officer',
  CAMERA_RETIRED: 'the camera is retired',
  CAMERA_IN_REPAIR: 'the camera is registered as in repair',
  CAMERA_IDENTITY_CHANGED: 'the camera reports an identity other than its registration',
};

/** Admitted after all (registered, accepted): the refusal's leftovers go. */
function clearRefusal(tracked: Tracked): void {
  delete tracked.view.problem;
  delete tracked.view.registration;
  delete tracked.view.differences;
  delete tracked.auditedRefusal;
}

function identityFromInfo(info: CameraDeviceInfo | undefined, device: UsbDeviceInfo): CameraIdentity {
  const serial = info?.productSerial ?? device.serial;
  return {
    deviceNumber: info?.deviceNumber ?? serial ?? device.key,
    ...(serial ? { serial } : {}),
    ...(device.product ? { model: device.product } : {}),
    ...pick(info ?? {}, ['officerNumber', 'officerName', 'unitName', 'unitNumber']),
  };
}

/** Battery and capacity are optional functions: a camera that answers BADCMD simply does not tell. */
async function unlessUnsupported<T>(ask: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof CameraControlError && error.code === 'CAMERA_REFUSED_COMMAND' && error.params.errorCode === 'BADCMD') return undefined;
    throw error;
  }
}

function sameDevice(a: UsbDescriptor, b: UsbDescriptor): boolean {
  if (a.vendorId !== b.vendorId || a.productId !== b.productId) return false;
  if (a.serial !== undefined && b.serial !== undefined) return a.serial === b.serial;
  return a.busNumber !== undefined && a.busNumber === b.busNumber && a.deviceAddress === b.deviceAddress;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined && value[key] !== '') out[key] = value[key];
  return out;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
