/** The device registry's records (R5.5: named staff are responsible for devices and their registration). */
import type { CameraIdentity } from '../domain/clip.js';

export const DEVICE_STATUSES = ['in-service', 'repair', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export interface DeviceOfficer {
  badgeNumber: string;
  name: string;
}

export interface DeviceNote {
  at: string;
  by: string;
  text: string;
}

/** Identity fields the camera reports that the registry compares with what was registered. */
export const COMPARED_IDENTITY_FIELDS = ['deviceNumber', 'serial', 'officerNumber'] as const;
export type ComparedIdentityField = (typeof COMPARED_IDENTITY_FIELDS)[number];

export interface IdentityDifference {
  field: ComparedIdentityField;
  registered: string;
  reported: string;
}

/** Raised when a camera reports an identity other than its registration; cleared only by a clerk. */
export interface IdentityAlarm {
  at: string;
  reported: CameraIdentity;
  differences: IdentityDifference[];
}

export interface RegisteredDevice {
  /** 执法记录设备编号: the registry's key, as the camera reports it. */
  deviceNumber: string;
  profileId: string;
  serial?: string;
  officer?: DeviceOfficer;
  department?: string;
  status: DeviceStatus;
  /** Maintenance notes, oldest first; never edited, only appended. */
  notes: DeviceNote[];
  /** Per-device camera password where the profile's policy is 'registry'. Never leaves the station. */
  password?: string;
  identityAlarm?: IdentityAlarm;
  registeredAt: string;
  registeredBy: string;
  updatedAt: string;
}

/** What a refused camera reported, for the clerk's one-step registration form. */
export interface RegistrationPrefill {
  deviceNumber: string;
  profileId: string;
  serial?: string;
  officerNumber?: string;
  officerName?: string;
  department?: string;
}

/** The registry record as front ends see it: the password stays on the station. */
export type DeviceView = Omit<RegisteredDevice, 'password'> & { hasPassword: boolean };

export function toDeviceView(device: RegisteredDevice): DeviceView {
  const { password, ...rest } = device;
  return { ...rest, hasPassword: password !== undefined && password !== '' };
}
