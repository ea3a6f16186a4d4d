/** The device layer's ports: what the camera manager needs from the bus and the mounted volumes. */
import type { CameraIdentity } from '../domain/clip.js';
import type { CameraProfile, UsbDescriptor, VolumeMarkers } from './camera-profile.js';
import type { CameraTransport } from './transport.js';

/** A USB device on the bus, keyed by where it sits (stable while it stays plugged in). */
export interface UsbDeviceInfo extends UsbDescriptor {
  key: string;
}

export type UsbEvent = { type: 'attach'; device: UsbDeviceInfo } | { type: 'detach'; key: string };

export interface UsbDeviceSource {
  /** Reports every device present now as 'attach', then attaches and detaches as they happen. */
  watch(listener: (event: UsbEvent) => void): Promise<() => Promise<void>>;
  /** Opens the transport a profile's protocol needs on the device with `key`. */
  open(key: string, kind: CameraTransport['kind'], profile: CameraProfile): Promise<CameraTransport>;
}

/** Ties a mounted volume to the USB device that produced it, where the platform can tell (Linux: sysfs). */
export interface VolumeOrigins {
  usbParentOf(root: string): Promise<UsbDescriptor | undefined>;
}

export interface VolumeProbeResult {
  markers: VolumeMarkers;
  /** From the volume's identity file, if it has a usable one. */
  identity?: CameraIdentity;
}

/** A quick look at a mounted volume (no walk): what it holds and who it says it is. */
export interface VolumeProbe {
  probe(root: string): Promise<VolumeProbeResult>;
}
