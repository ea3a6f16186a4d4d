/** Picks the camera-control adapter a profile names, over the transport the device layer opened for it. */
import type { CameraControl } from './camera-control.js';
import { NoControl } from './camera-control.js';
import type { CameraProfile } from './camera-profile.js';
import { AmbarellaControl } from './ambarella-control.js';
import { BulkFrameChannel, ControlFrameChannel, HidFrameChannel } from './frame-channels.js';
import type { CameraTransport } from './transport.js';

/** Which transport each protocol needs; the device layer opens that one. */
export function transportKindFor(profile: CameraProfile): CameraTransport['kind'] | undefined {
  switch (profile.control.protocol) {
    case 'none':
      return undefined;
    case 'ambarella-bulk':
      return 'bulk';
    case 'ambarella-control':
      return 'control';
    case 'hid-report':
      return 'hid';
  }
}

export function cameraControlFor(profile: CameraProfile, transport: CameraTransport | undefined): CameraControl {
  const control = profile.control;
  const wanted = transportKindFor(profile);
  if (wanted === undefined) return new NoControl();
  if (transport === undefined || transport.kind !== wanted) throw new RangeError(`profile ${profile.id} (${control.protocol}) needs a ${wanted} transport, got ${transport?.kind ?? 'none'}`);
  switch (transport.kind) {
    case 'bulk':
      return new AmbarellaControl('ambarella-bulk', new BulkFrameChannel(transport), control);
    case 'control':
      return new AmbarellaControl('ambarella-control', new ControlFrameChannel(transport, control.interface), control);
    case 'hid': {
      const hid = control.hid ?? { reportId: 0, reportLength: 64 };
      return new AmbarellaControl('hid-report', new HidFrameChannel(transport, hid.reportId, hid.reportLength), control);
    }
  }
}
