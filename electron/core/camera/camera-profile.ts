/**
 * Camera profiles (resources/cameras/*.json): how to recognise a kind of camera, how to talk to it,
 * where its files are. One zod schema gives the type and the check every profile file passes at load.
 * VID/PID alone is not an identity (vendors reuse them for non-camera devices): a profile can also
 * require string descriptors and a device-info answer over its control channel.
 */
import { z } from 'zod';

const hexId = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'four hex digits, e.g. "1209"')
  .transform((text) => Number.parseInt(text, 16));

/** A regular expression source, checked to compile. */
const pattern = z.string().min(1).max(300).refine((source) => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const CONTROL_PROTOCOLS = ['none', 'ambarella-bulk', 'ambarella-control', 'hid-report'] as const;
export type ControlProtocol = (typeof CONTROL_PROTOCOLS)[number];

/** The protocol's function set (GA/T 947.4) mapped to the vendor's command names. */
const CommandNames = z
  .object({
    login: z.string().default('Ver'),
    loginLevel: z.string().default('8'),
    deviceInfo: z.string().default('Gdv'),
    readClock: z.string().default('Gtm'),
    setDate: z.string().default('Sdt'),
    setTime: z.string().default('Stm'),
    battery: z.string().default('Bat'),
    capacity: z.string().default('Cap'),
    storageMode: z.string().default('ATH'),
  })
  .strict();

export const DEVICE_INFO_FIELDS = ['productSerial', 'deviceNumber', 'officerNumber', 'officerName', 'unitNumber', 'unitName'] as const;
export type DeviceInfoField = (typeof DEVICE_INFO_FIELDS)[number];

const UsbMatch = z
  .object({
    vendorId: hexId,
    productId: hexId,
    manufacturer: pattern.optional(),
    product: pattern.optional(),
    serial: pattern.optional(),
  })
  .strict();

export const CameraProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
    name: z.string().min(1).max(100),
    nameEn: z.string().min(1).max(100).optional(),
    /** Higher wins when several profiles match the same device. */
    priority: z.number().int().default(0),
    match: z
      .object({
        usb: UsbMatch.optional(),
        /** Volume-only cameras (no USB parent known): what the mounted volume must hold. */
        volume: z.object({ requires: z.array(z.enum(['DCIM', 'EVIDENCE/DEVICE.JSON'])).min(1) }).strict().optional(),
        /** The camera must answer device info (with a product serial matching this, if given) before it counts as this profile. */
        deviceInfo: z.object({ productSerial: pattern.optional() }).strict().optional(),
      })
      .strict()
      .refine((match) => match.usb !== undefined || match.volume !== undefined, 'a profile matches by usb, by volume, or both'),
    control: z
      .object({
        protocol: z.enum(CONTROL_PROTOCOLS),
        interface: z.number().int().min(0).max(255).default(0),
        timeoutMs: z.number().int().min(50).max(60_000).default(2000),
        /** Zone of the camera's wall clock (no zone on the wire). Fixed offset; the lab and GA/T cameras use +08:00. */
        clockUtcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/).default('+08:00'),
        commands: CommandNames.default(CommandNames.parse({})),
        deviceInfoFields: z.array(z.enum(DEVICE_INFO_FIELDS)).default([...DEVICE_INFO_FIELDS]),
        hid: z.object({ reportId: z.number().int().min(0).max(255).default(0), reportLength: z.number().int().min(8).max(1024).default(64) }).strict().optional(),
      })
      .strict()
      .refine((control) => control.protocol !== 'hid-report' || control.hid !== undefined, 'hid-report needs control.hid { reportId, reportLength }'),
    storage: z
      .object({
        /** 'mass-storage': the disk is there on plug-in; 'after-unlock': only after the storage-mode command. */
        appears: z.enum(['mass-storage', 'after-unlock']),
        /** The USB identity the camera re-enumerates with in storage mode (same serial string). */
        storageUsb: z.object({ vendorId: hexId, productId: hexId }).strict().optional(),
        mediaFolders: z.array(z.string().min(1)).default(['DCIM']),
        identityFile: z.string().optional(),
      })
      .strict(),
    fileNamePatterns: z.array(pattern).default([]),
    password: z
      .object({
        /** 'none': no login; 'profile': the profile's default; 'registry': per device in the registry, else the default. */
        policy: z.enum(['none', 'profile', 'registry']),
        default: z.string().max(64).optional(),
      })
      .strict()
      .default({ policy: 'none' }),
  })
  .strict();

export type CameraProfile = z.output<typeof CameraProfileSchema>;
export type CameraProfileInput = z.input<typeof CameraProfileSchema>;

/** What the bus tells about a device before anyone talks to it. */
export interface UsbDescriptor {
  vendorId: number;
  productId: number;
  manufacturer?: string;
  product?: string;
  serial?: string;
  /** Where it sits, for tying its volume to it (Linux sysfs) and for telling two identical cameras apart. */
  busNumber?: number;
  deviceAddress?: number;
  portPath?: string;
}

export function formatVidPid(vendorId: number, productId: number): string {
  return `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
}

function matchesPattern(source: string | undefined, value: string | undefined): boolean {
  if (source === undefined) return true;
  return value !== undefined && new RegExp(source, 'u').test(value);
}

/** Profiles whose USB part matches the descriptor, best first (priority, then the more specific). */
export function matchUsbProfiles(profiles: readonly CameraProfile[], device: UsbDescriptor): CameraProfile[] {
  const specificity = (profile: CameraProfile) => ['manufacturer', 'product', 'serial'].filter((key) => profile.match.usb?.[key as 'serial'] !== undefined).length;
  return profiles
    .filter((profile) => {
      const usb = profile.match.usb;
      if (!usb || usb.vendorId !== device.vendorId || usb.productId !== device.productId) return false;
      return matchesPattern(usb.manufacturer, device.manufacturer) && matchesPattern(usb.product, device.product) && matchesPattern(usb.serial, device.serial);
    })
    .sort((a, b) => b.priority - a.priority || specificity(b) - specificity(a));
}

/** What a mounted volume holds, as far as profile matching cares. */
export interface VolumeMarkers {
  hasDcim: boolean;
  hasDeviceFile: boolean;
}

/** Volume-only profiles that match what the volume holds, best first. */
export function matchVolumeProfiles(profiles: readonly CameraProfile[], markers: VolumeMarkers): CameraProfile[] {
  const has = { DCIM: markers.hasDcim, 'EVIDENCE/DEVICE.JSON': markers.hasDeviceFile };
  return profiles
    .filter((profile) => profile.match.volume?.requires.every((marker) => has[marker]) === true)
    .sort((a, b) => b.priority - a.priority || (b.match.volume?.requires.length ?? 0) - (a.match.volume?.requires.length ?? 0));
}

/** Whether a device-info answer confirms a profile that asks for one. */
export function deviceInfoConfirms(profile: CameraProfile, productSerial: string | undefined): boolean {
  const wanted = profile.match.deviceInfo;
  if (!wanted) return true;
  return productSerial !== undefined && productSerial !== '' && matchesPattern(wanted.productSerial, productSerial);
}

/** The profiles of a folder, checked one by one: a broken file is reported by name, never half-used. */
export function parseProfiles(files: readonly { name: string; text: string }[]): { profiles: CameraProfile[]; problems: { file: string; problem: string }[] } {
  const profiles: CameraProfile[] = [];
  const problems: { file: string; problem: string }[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch (error) {
      problems.push({ file: file.name, problem: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const parsed = CameraProfileSchema.safeParse(json);
    if (!parsed.success) {
      problems.push({ file: file.name, problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
      continue;
    }
    if (profiles.some((profile) => profile.id === parsed.data.id)) {
      problems.push({ file: file.name, problem: `duplicate profile id ${parsed.data.id}` });
      continue;
    }
    profiles.push(parsed.data);
  }
  return { profiles, problems };
}
