/**
 * The contract handlers of the device registry and the present cameras (contract/devices.ts),
 * attached by the composition root once the registry and the camera manager exist.
 */
import type { DevicesCommandName } from '../../contract/devices.js';
import type { CommandHandlers } from '../commands/handlers.js';
import { requireOperator } from '../commands/handlers.js';
import type { CameraManager } from '../camera/camera-manager.js';
import type { DeviceRegistry } from './device-registry.js';

export function createDeviceHandlers(registry: DeviceRegistry, cameras: () => CameraManager | undefined): Pick<CommandHandlers, DevicesCommandName> {
  return {
    'devices.list': async () => registry.list(),

    'devices.register': async (request, call) => {
      // access: device.register (clerk/admin; issue F wires the permission check here)
      const operator = requireOperator(call);
      return registry.register(request, operator);
    },

    'devices.update': async (request, call) => {
      // access: device.register (clerk/admin; issue F wires the permission check here)
      const operator = requireOperator(call);
      return registry.update(request, operator);
    },

    'devices.acceptIdentity': async (request, call) => {
      // access: device.register (clerk/admin; issue F wires the permission check here)
      const operator = requireOperator(call);
      return registry.acceptIdentity(request.deviceNumber, operator, request.note);
    },

    'cameras.present': async () => cameras()?.present() ?? [],
  };
}
