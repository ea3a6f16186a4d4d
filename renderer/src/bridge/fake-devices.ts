/**
 * The fake station's device registry and present cameras (contract/devices.ts), in memory, with the
 * station's admission rule (judgeAdmission from the core, browser-safe): a camera docked by folder
 * whose path names a scenario shows that case on the Dock screen instead of docking -
 *   "unregistered" (refused, one-step registration), "alarm" (identity changed), "stick" (foreign),
 *   "password" / "silent" / "garbage" / "vanish" (wrong password, no answer, garbage, vanished before mount).
 * Registering or accepting re-judges the refused cameras and docks the admitted ones.
 */
import type { CommandResponse, EventName, EventPayload, ParsedRequest } from '../../../electron/contract/index.js';
import type { DevicesCommandName } from '../../../electron/contract/devices.js';
import type { CameraIdentity } from '../contract-types.js';

type Params = Record<string, string | number>;
type DeviceView = CommandResponse<'devices.list'>[number];
type PresentCamera = CommandResponse<'cameras.present'>[number];

export type FakeDevicesHandlers = { [C in DevicesCommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };

export interface FakeDevicesDeps {
  now: () => Date;
  requireOperator: () => string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  record: (actor: string, action: string, target: string, extra?: { before?: unknown; after?: unknown; detail?: unknown }) => void;
  fail: (code: string, message: string, params?: Params) => Error;
}

type Dock = (root: string, camera: CameraIdentity) => string;

const FAILURES: Record<string, { code: string; params: Params }> = {
  password: { code: 'CAMERA_WRONG_PASSWORD', params: { command: 'Ver', expected: '@Ver;OK;#', actual: '@Ver;ERR;PASSWORD;#' } },
  silent: { code: 'CAMERA_NO_ANSWER', params: { command: 'Gdv', timeoutMs: 2000, expected: 'an answer', actual: 'nothing' } },
  garbage: { code: 'CAMERA_GARBAGE_ANSWER', params: { command: 'Gdv', expected: '@Gdv;OK;...;#', actual: '\\xff\\x00@@' } },
  vanish: { code: 'CAMERA_VANISHED_BEFORE_MOUNT', params: { timeoutMs: 60000 } },
};

export function createFakeDevices(deps: FakeDevicesDeps): { handlers: FakeDevicesHandlers; arrive(root: string, camera: CameraIdentity, dock: Dock): string | undefined } {
  const devices = new Map<string, DeviceView>();
  const present = new Map<string, PresentCamera & { identity: CameraIdentity; dock: Dock }>();
  let sequence = 0;

  const stamp = () => deps.now().toISOString();
  const publish = (camera: PresentCamera & { dock?: Dock }) => {
    const { dock: _dock, ...view } = camera;
    void _dock;
    deps.emit('camera.status', structuredClone(view));
  };

  /** The station's verdict for what a camera reports (core/devices/admission.ts, simplified to the fake's data). */
  function judge(identity: CameraIdentity): { code?: string; differences?: PresentCamera['differences'] } {
    const device = [...devices.values()].find((d) => (identity.serial && d.serial === identity.serial) || d.deviceNumber === identity.deviceNumber);
    if (!device) return { code: 'CAMERA_UNREGISTERED' };
    const differences: NonNullable<PresentCamera['differences']> = [];
    if (device.officer && identity.officerNumber && device.officer.badgeNumber !== identity.officerNumber) differences.push({ field: 'officerNumber', registered: device.officer.badgeNumber, reported: identity.officerNumber });
    if (device.deviceNumber !== identity.deviceNumber) differences.push({ field: 'deviceNumber', registered: device.deviceNumber, reported: identity.deviceNumber });
    if (differences.length > 0) {
      device.identityAlarm = { at: stamp(), reported: identity, differences };
      return { code: 'CAMERA_IDENTITY_CHANGED', differences };
    }
    if (device.status === 'retired') return { code: 'CAMERA_RETIRED' };
    if (device.status === 'repair') return { code: 'CAMERA_IN_REPAIR' };
    if (!device.officer) return { code: 'CAMERA_UNBOUND' };
    return {};
  }

  function admitOrRefuse(camera: PresentCamera & { identity: CameraIdentity; dock: Dock }): void {
    const verdict = judge(camera.identity);
    if (verdict.code) {
      camera.state = verdict.code === 'CAMERA_IDENTITY_CHANGED' ? 'alarm' : 'refused';
      camera.problem = { code: verdict.code, message: verdict.code, params: { deviceNumber: camera.identity.deviceNumber } };
      camera.registration = { deviceNumber: camera.identity.deviceNumber, profileId: camera.profileId ?? 'lab-volume-camera', ...pick(camera.identity) };
      if (verdict.differences) camera.differences = verdict.differences;
    } else {
      delete camera.problem;
      delete camera.registration;
      delete camera.differences;
      camera.sessionId = camera.dock(camera.root ?? '/media/usb', camera.identity);
      camera.state = 'docked';
    }
    camera.updatedAt = stamp();
    publish(camera);
  }

  function reconsider(): void {
    for (const camera of present.values()) if (camera.state === 'refused' || camera.state === 'alarm') if (camera.problem?.code !== 'CAMERA_FOREIGN_DEVICE') admitOrRefuse(camera);
  }

  function save(device: DeviceView, actor: string, action: string, before?: DeviceView): DeviceView {
    device.updatedAt = stamp();
    devices.set(device.deviceNumber, device);
    deps.record(actor, action, `device:${device.deviceNumber}`, { ...(before ? { before } : {}), after: device });
    reconsider();
    return structuredClone(device);
  }

  function required(deviceNumber: string): DeviceView {
    const device = devices.get(deviceNumber);
    if (!device) throw deps.fail('DEVICE_NOT_FOUND', `no device ${deviceNumber}`, { deviceNumber });
    return device;
  }

  const handlers: FakeDevicesHandlers = {
    'devices.list': () => [...devices.values()].sort((a, b) => a.deviceNumber.localeCompare(b.deviceNumber)).map((d) => structuredClone(d)),
    'devices.register': (request) => {
      // access: device.register (the real station checks the clerk/admin role here)
      const actor = deps.requireOperator();
      if (devices.has(request.deviceNumber) || (request.serial && [...devices.values()].some((d) => d.serial === request.serial)))
        throw deps.fail('DEVICE_EXISTS', `device ${request.deviceNumber} is already registered`, { deviceNumber: request.deviceNumber });
      const at = stamp();
      return save(
        {
          deviceNumber: request.deviceNumber,
          profileId: request.profileId,
          ...(request.serial ? { serial: request.serial } : {}),
          ...(request.officer ? { officer: request.officer } : {}),
          ...(request.department ? { department: request.department } : {}),
          status: request.status ?? 'in-service',
          notes: request.note ? [{ at, by: actor, text: request.note }] : [],
          hasPassword: Boolean(request.password),
          registeredAt: at,
          registeredBy: actor,
          updatedAt: at,
        },
        actor,
        'device.registered',
      );
    },
    'devices.update': (request) => {
      const actor = deps.requireOperator();
      const before = structuredClone(required(request.deviceNumber));
      const device = structuredClone(before);
      if (request.status) device.status = request.status;
      if (request.officer === null) delete device.officer;
      else if (request.officer) device.officer = request.officer;
      if (request.department !== undefined) device.department = request.department || undefined;
      if (request.note) device.notes = [...device.notes, { at: stamp(), by: actor, text: request.note }];
      return save(device, actor, 'device.updated', before);
    },
    'devices.acceptIdentity': (request) => {
      const actor = deps.requireOperator();
      const before = structuredClone(required(request.deviceNumber));
      const alarm = before.identityAlarm;
      if (!alarm) throw deps.fail('DEVICE_NO_PENDING_IDENTITY', 'no identity change to accept', { deviceNumber: request.deviceNumber });
      const device = structuredClone(before);
      delete device.identityAlarm;
      if (alarm.reported.officerNumber) device.officer = { badgeNumber: alarm.reported.officerNumber, name: alarm.reported.officerName ?? '' };
      device.notes = [...device.notes, { at: stamp(), by: actor, text: request.note ?? 'identity accepted' }];
      return save(device, actor, 'device.identity-accepted', before);
    },
    'cameras.present': () =>
      [...present.values()].map((camera) => {
        const { dock: _dock, ...view } = camera;
        void _dock;
        return structuredClone(view);
      }),
  };

  /** A camera arrives by folder; undefined when a scenario stops it before docking (it stays listed). */
  function arrive(root: string, camera: CameraIdentity, dock: Dock): string | undefined {
    const scenario = ['unregistered', 'alarm', 'stick', ...Object.keys(FAILURES)].find((word) => root.toLowerCase().includes(word));
    if (!scenario) return dock(root, camera);
    const identity: CameraIdentity = scenario === 'alarm' ? { ...camera, officerNumber: '999999', officerName: '未知' } : camera;
    const view: PresentCamera & { identity: CameraIdentity; dock: Dock } = { id: `fake-${++sequence}`, source: 'volume', state: 'identifying', profileId: 'lab-volume-camera', profileName: '仿真记录仪', root, identity, dock, updatedAt: stamp() };
    present.set(view.id, view);
    if (scenario === 'stick') {
      view.state = 'refused';
      delete view.profileId;
      delete view.profileName;
      view.problem = { code: 'CAMERA_FOREIGN_DEVICE', message: 'not a camera', params: { reason: 'no DCIM folder' } };
      publish(view);
      return undefined;
    }
    const failure = FAILURES[scenario];
    if (failure) {
      view.source = 'usb';
      view.state = 'failed';
      view.problem = { code: failure.code, message: failure.code, params: failure.params };
      publish(view);
      return undefined;
    }
    if (scenario === 'alarm' && !devices.has(camera.deviceNumber)) {
      const at = stamp();
      devices.set(camera.deviceNumber, { deviceNumber: camera.deviceNumber, profileId: 'lab-volume-camera', ...(camera.serial ? { serial: camera.serial } : {}), officer: { badgeNumber: camera.officerNumber ?? '0', name: camera.officerName ?? '' }, status: 'in-service', notes: [], hasPassword: false, registeredAt: at, registeredBy: 'station', updatedAt: at });
    }
    admitOrRefuse(view);
    return view.sessionId;
  }

  return { handlers, arrive };
}

function pick(identity: CameraIdentity): { serial?: string; officerNumber?: string; officerName?: string; department?: string } {
  return {
    ...(identity.serial ? { serial: identity.serial } : {}),
    ...(identity.officerNumber ? { officerNumber: identity.officerNumber } : {}),
    ...(identity.officerName ? { officerName: identity.officerName } : {}),
    ...(identity.department ? { department: identity.department } : {}),
  };
}
