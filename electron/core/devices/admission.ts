/**
 * Whether a docked camera may be ingested (docs/cameras.md "Admission"). Pure. Order matters: an
 * identity that changed since registration is an alarm before anything else, because a camera
 * carrying another camera's registration is exactly what the registry exists to catch.
 */
import type { CameraErrorCode } from '../domain/errors.js';
import type { CameraAdmission } from '../domain/settings.js';
import type { CameraIdentity } from '../domain/clip.js';
import type { IdentityDifference, RegisteredDevice } from './device-model.js';

export type AdmissionVerdict =
  | { admitted: true; device?: RegisteredDevice }
  | { admitted: false; code: Extract<CameraErrorCode, 'CAMERA_UNREGISTERED' | 'CAMERA_UNBOUND' | 'CAMERA_RETIRED' | 'CAMERA_IN_REPAIR' | 'CAMERA_IDENTITY_CHANGED'>; device?: RegisteredDevice; differences?: IdentityDifference[] };

/** The registration a reported identity belongs to: by serial first (harder to change), else by device number. */
export function findRegistration(devices: readonly RegisteredDevice[], reported: Pick<CameraIdentity, 'deviceNumber' | 'serial'>): RegisteredDevice | undefined {
  const bySerial = reported.serial ? devices.find((device) => device.serial === reported.serial) : undefined;
  return bySerial ?? (reported.deviceNumber ? devices.find((device) => device.deviceNumber === reported.deviceNumber) : undefined);
}

export function identityDifferences(device: RegisteredDevice, reported: CameraIdentity): IdentityDifference[] {
  const differences: IdentityDifference[] = [];
  const compare = (field: IdentityDifference['field'], registered: string | undefined, value: string | undefined) => {
    // Only what both sides know can differ: a camera that tells no serial is not a changed serial.
    if (registered !== undefined && registered !== '' && value !== undefined && value !== '' && registered !== value) differences.push({ field, registered, reported: value });
  };
  compare('deviceNumber', device.deviceNumber, reported.deviceNumber);
  compare('serial', device.serial, reported.serial);
  compare('officerNumber', device.officer?.badgeNumber, reported.officerNumber);
  return differences;
}

export function judgeAdmission(devices: readonly RegisteredDevice[], reported: CameraIdentity, mode: CameraAdmission): AdmissionVerdict {
  const device = findRegistration(devices, reported);
  if (!device) return mode === 'any-camera' ? { admitted: true } : { admitted: false, code: 'CAMERA_UNREGISTERED' };
  const differences = identityDifferences(device, reported);
  if (differences.length > 0 || device.identityAlarm) return { admitted: false, code: 'CAMERA_IDENTITY_CHANGED', device, differences: differences.length > 0 ? differences : (device.identityAlarm?.differences ?? []) };
  if (device.status === 'retired') return { admitted: false, code: 'CAMERA_RETIRED', device };
  if (device.status === 'repair') return { admitted: false, code: 'CAMERA_IN_REPAIR', device };
  if (!device.officer && mode === 'registered-only') return { admitted: false, code: 'CAMERA_UNBOUND', device };
  return { admitted: true, device };
}
