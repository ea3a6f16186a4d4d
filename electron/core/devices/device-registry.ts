/**
 * The device registry service: register, update, accept a changed identity, raise an identity alarm.
 * Every change is durable before it is audited (who, what, before/after), and nothing is changed
 * in memory unless the store took it, so a failed write leaves no half-registered device.
 */
import type { CameraIdentity } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { Clock } from '../ports.js';
import { toDeviceView, type DeviceOfficer, type DeviceStatus, type DeviceView, type IdentityDifference, type RegisteredDevice } from './device-model.js';
import type { DeviceRegistryStore } from './ports.js';

export interface RegisterDeviceInput {
  deviceNumber: string;
  profileId: string;
  serial?: string;
  officer?: DeviceOfficer;
  department?: string;
  status?: DeviceStatus;
  note?: string;
  password?: string;
}

export interface UpdateDeviceInput {
  deviceNumber: string;
  status?: DeviceStatus;
  /** null unbinds the officer. */
  officer?: DeviceOfficer | null;
  department?: string;
  note?: string;
  /** Empty string removes a per-device password. */
  password?: string;
}

type Audit = (actor: string, action: string, target: string, extra?: Omit<AuditEntry, 'actor' | 'action' | 'target'>) => Promise<AuditRecord>;

export const deviceTarget = (deviceNumber: string) => `device:${deviceNumber}`;

export class DeviceRegistry {
  private devices: RegisteredDevice[] = [];
  private readonly listeners = new Set<(device: RegisteredDevice) => void>();
  /** One change at a time: each reads, writes the whole file and audits before the next begins. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DeviceRegistryStore,
    private readonly clock: Clock,
    private readonly audit: Audit,
  ) {}

  async open(): Promise<void> {
    this.devices = await this.store.load();
  }

  all(): readonly RegisteredDevice[] {
    return this.devices;
  }

  list(): DeviceView[] {
    return [...this.devices].sort((a, b) => a.deviceNumber.localeCompare(b.deviceNumber)).map(toDeviceView);
  }

  get(deviceNumber: string): RegisteredDevice | undefined {
    return this.devices.find((device) => device.deviceNumber === deviceNumber);
  }

  /** Called after every change (the camera manager re-judges cameras it refused). */
  onChange(listener: (device: RegisteredDevice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  register(input: RegisterDeviceInput, actor: string): Promise<DeviceView> {
    return this.serialised(async () => {
      if (this.get(input.deviceNumber)) throw new StationError('DEVICE_EXISTS', `device ${input.deviceNumber} is already registered`, { deviceNumber: input.deviceNumber });
      const sameSerial = input.serial ? this.devices.find((device) => device.serial === input.serial) : undefined;
      if (sameSerial) throw new StationError('DEVICE_EXISTS', `serial ${input.serial} is already registered as ${sameSerial.deviceNumber}`, { deviceNumber: sameSerial.deviceNumber, serial: input.serial ?? '' });
      const now = this.clock.now().toISOString();
      const device: RegisteredDevice = {
        deviceNumber: input.deviceNumber,
        profileId: input.profileId,
        ...(input.serial ? { serial: input.serial } : {}),
        ...(input.officer ? { officer: input.officer } : {}),
        ...(input.department ? { department: input.department } : {}),
        status: input.status ?? 'in-service',
        notes: input.note ? [{ at: now, by: actor, text: input.note }] : [],
        ...(input.password ? { password: input.password } : {}),
        registeredAt: now,
        registeredBy: actor,
        updatedAt: now,
      };
      await this.commit([...this.devices, device]);
      await this.audit(actor, 'device.registered', deviceTarget(device.deviceNumber), { after: auditView(device) });
      this.changed(device);
      return toDeviceView(device);
    });
  }

  update(input: UpdateDeviceInput, actor: string): Promise<DeviceView> {
    return this.serialised(async () => {
      const before = this.require(input.deviceNumber);
      const now = this.clock.now().toISOString();
      const after: RegisteredDevice = { ...before, updatedAt: now, notes: input.note ? [...before.notes, { at: now, by: actor, text: input.note }] : before.notes };
      if (input.status !== undefined) after.status = input.status;
      if (input.officer === null) delete after.officer;
      else if (input.officer !== undefined) after.officer = input.officer;
      if (input.department !== undefined) {
        if (input.department === '') delete after.department;
        else after.department = input.department;
      }
      if (input.password !== undefined) {
        if (input.password === '') delete after.password;
        else after.password = input.password;
      }
      await this.commit(this.devices.map((device) => (device === before ? after : device)));
      await this.audit(actor, 'device.updated', deviceTarget(after.deviceNumber), { before: auditView(before), after: auditView(after) });
      this.changed(after);
      return toDeviceView(after);
    });
  }

  /** Records an identity alarm on the registration (durable, audited) unless the same one is already raised. */
  raiseAlarm(deviceNumber: string, reported: CameraIdentity, differences: IdentityDifference[], actor: string): Promise<RegisteredDevice> {
    return this.serialised(async () => {
      const before = this.require(deviceNumber);
      if (before.identityAlarm && JSON.stringify(before.identityAlarm.differences) === JSON.stringify(differences)) return before;
      const after: RegisteredDevice = { ...before, identityAlarm: { at: this.clock.now().toISOString(), reported, differences } };
      await this.commit(this.devices.map((device) => (device === before ? after : device)));
      await this.audit(actor, 'device.identity-alarm', deviceTarget(deviceNumber), { before: { identityAlarm: before.identityAlarm ?? null }, after: { identityAlarm: after.identityAlarm } });
      return after;
    });
  }

  /** The clerk accepts what the camera now reports: serial, device number and officer follow it; the alarm clears. */
  acceptIdentity(deviceNumber: string, actor: string, note?: string): Promise<DeviceView> {
    return this.serialised(async () => {
      const before = this.require(deviceNumber);
      const alarm = before.identityAlarm;
      if (!alarm) throw new StationError('DEVICE_NO_PENDING_IDENTITY', `device ${deviceNumber} has no identity change to accept`, { deviceNumber });
      const now = this.clock.now().toISOString();
      const reported = alarm.reported;
      const newNumber = reported.deviceNumber && reported.deviceNumber !== before.deviceNumber ? reported.deviceNumber : before.deviceNumber;
      if (newNumber !== before.deviceNumber && this.get(newNumber)) throw new StationError('DEVICE_EXISTS', `device ${newNumber} is already registered`, { deviceNumber: newNumber });
      const { identityAlarm: _cleared, ...rest } = before;
      void _cleared;
      const after: RegisteredDevice = {
        ...rest,
        deviceNumber: newNumber,
        ...(reported.serial ? { serial: reported.serial } : {}),
        ...(reported.officerNumber && reported.officerNumber !== before.officer?.badgeNumber ? { officer: { badgeNumber: reported.officerNumber, name: reported.officerName ?? '' } } : {}),
        notes: [...before.notes, { at: now, by: actor, text: note ?? `identity accepted: ${alarm.differences.map((d) => `${d.field} ${d.registered} -> ${d.reported}`).join(', ')}` }],
        updatedAt: now,
      };
      await this.commit(this.devices.map((device) => (device === before ? after : device)));
      await this.audit(actor, 'device.identity-accepted', deviceTarget(before.deviceNumber), { before: auditView(before), after: auditView(after), detail: { differences: alarm.differences } });
      this.changed(after);
      return toDeviceView(after);
    });
  }

  private require(deviceNumber: string): RegisteredDevice {
    const device = this.get(deviceNumber);
    if (!device) throw new StationError('DEVICE_NOT_FOUND', `no registered device ${deviceNumber}`, { deviceNumber });
    return device;
  }

  /** Store first: memory follows only a durable write. */
  private async commit(next: RegisteredDevice[]): Promise<void> {
    await this.store.save(next);
    this.devices = next;
  }

  private changed(device: RegisteredDevice): void {
    for (const listener of this.listeners) {
      try {
        listener(device);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The audit log never holds a camera password, only whether one is set. */
function auditView(device: RegisteredDevice): Omit<RegisteredDevice, 'password'> & { hasPassword: boolean } {
  return toDeviceView(device);
}
