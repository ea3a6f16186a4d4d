/** A camera at the station right now, as the Dock screen and `cameras.present` show it. */
import type { CameraIdentity } from '../domain/clip.js';
import type { IdentityDifference, RegistrationPrefill } from '../devices/device-model.js';

export const PRESENT_CAMERA_STATES = ['identifying', 'unlocking', 'reading', 'identified', 'waiting-for-disk', 'docking', 'docked', 'refused', 'alarm', 'failed', 'removed'] as const;
export type PresentCameraState = (typeof PRESENT_CAMERA_STATES)[number];

export interface PresentCamera {
  id: string;
  /** 'usb': seen on the bus first (control channel); 'volume': only its mounted volume is known. */
  source: 'usb' | 'volume';
  state: PresentCameraState;
  profileId?: string;
  profileName?: string;
  usb?: { vendorId: number; productId: number; manufacturer?: string; product?: string; serial?: string };
  root?: string;
  identity?: CameraIdentity;
  battery?: number;
  capacity?: { totalBytes: number; freeBytes: number };
  clockOffsetMs?: number;
  clockSync?: { beforeOffsetMs: number; afterOffsetMs: number; at: string };
  /** Why it is refused, failed or in alarm: a stable code, an English line for logs, the words' parameters. */
  problem?: { code: string; message: string; params: Record<string, string | number> };
  differences?: IdentityDifference[];
  /** What the camera reported, for the clerk's one-step "register this camera". */
  registration?: RegistrationPrefill;
  sessionId?: string;
  updatedAt: string;
}
