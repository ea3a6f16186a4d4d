/**
 * The camera device layer and the device registry (issue B, R1.4, R5.5): the contract's commands,
 * event and schemas. Merged into index.ts's commands/events. See docs/cameras.md.
 */
import { z } from 'zod';
import { CameraIdentity, humanText } from './schemas.js';

export const DeviceStatus = z.enum(['in-service', 'repair', 'retired']);
export const DeviceOfficer = z.object({ badgeNumber: humanText(32).pipe(z.string().min(1)), name: humanText(64).pipe(z.string().min(1)) });

const deviceNumber = humanText(64).pipe(z.string().min(1).regex(/^[^;#/\\]+$/, 'DEVICE_NUMBER_CHARS'));

export const IdentityDifference = z.object({ field: z.enum(['deviceNumber', 'serial', 'officerNumber']), registered: z.string(), reported: z.string() });

export const DeviceView = z.object({
  deviceNumber: z.string(),
  profileId: z.string(),
  serial: z.string().optional(),
  officer: z.object({ badgeNumber: z.string(), name: z.string() }).optional(),
  department: z.string().optional(),
  status: DeviceStatus,
  notes: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })),
  hasPassword: z.boolean(),
  identityAlarm: z.object({ at: z.string(), reported: CameraIdentity, differences: z.array(IdentityDifference) }).optional(),
  registeredAt: z.string(),
  registeredBy: z.string(),
  updatedAt: z.string(),
});

export const RegistrationPrefill = z.object({
  deviceNumber: z.string(),
  profileId: z.string(),
  serial: z.string().optional(),
  officerNumber: z.string().optional(),
  officerName: z.string().optional(),
  department: z.string().optional(),
});

export const PresentCameraState = z.enum(['identifying', 'unlocking', 'reading', 'identified', 'waiting-for-disk', 'docking', 'docked', 'refused', 'alarm', 'failed', 'removed']);

export const PresentCamera = z.object({
  id: z.string(),
  source: z.enum(['usb', 'volume']),
  state: PresentCameraState,
  profileId: z.string().optional(),
  profileName: z.string().optional(),
  usb: z.object({ vendorId: z.number(), productId: z.number(), manufacturer: z.string().optional(), product: z.string().optional(), serial: z.string().optional() }).optional(),
  root: z.string().optional(),
  identity: CameraIdentity.optional(),
  battery: z.number().optional(),
  capacity: z.object({ totalBytes: z.number(), freeBytes: z.number() }).optional(),
  clockOffsetMs: z.number().optional(),
  clockSync: z.object({ beforeOffsetMs: z.number(), afterOffsetMs: z.number(), at: z.string() }).optional(),
  problem: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
  differences: z.array(IdentityDifference).optional(),
  registration: RegistrationPrefill.optional(),
  sessionId: z.string().optional(),
  updatedAt: z.string(),
});

const note = humanText(2000).pipe(z.string().min(1));
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const password = z.string().max(64).regex(/^[^;#\u0000-\u001f\u007f]*$/, 'PASSWORD_CHARS');

export const devicesCommands = {
  /** The registry, sorted by device number. */
  'devices.list': { request: z.object({}).strict(), response: z.array(DeviceView) },
  /** Registers a camera (the clerk's one step from a refusal, or by hand). Audited. */
  'devices.register': {
    request: z
      .object({
        deviceNumber,
        profileId: z.string().min(1).max(64),
        serial: humanText(64).optional(),
        officer: DeviceOfficer.optional(),
        department: humanText(100).optional(),
        status: DeviceStatus.optional(),
        note: note.optional(),
        password: password.optional(),
      })
      .strict(),
    response: DeviceView,
  },
  /** Status, officer (null unbinds), department, a maintenance note, the per-device password. Audited with before/after. */
  'devices.update': {
    request: z
      .object({
        deviceNumber,
        status: DeviceStatus.optional(),
        officer: DeviceOfficer.nullable().optional(),
        department: humanText(100).optional(),
        note: note.optional(),
        password: password.optional(),
      })
      .strict(),
    response: DeviceView,
  },
  /** Accepts the identity a camera now reports after an identity alarm. Audited. */
  'devices.acceptIdentity': { request: z.object({ deviceNumber, note: note.optional() }).strict(), response: DeviceView },
  /** Cameras at the station now and their state (unlocking, waiting for disk, refused, alarm, ...). */
  'cameras.present': { request: z.object({}).strict(), response: z.array(PresentCamera) },
} as const;

export const devicesEvents = {
  /** A camera arrived, changed state, was refused, raised an alarm, or left ('removed'). */
  'camera.status': PresentCamera,
} as const;

export type DevicesCommandName = keyof typeof devicesCommands;
