/** The fake station's device registry and camera scenarios keep the real admission order and messages' codes. */
import { describe, expect, it } from 'vitest';
import { createFakeDevices } from '../../renderer/src/bridge/fake-devices.js';

function setup() {
  const events: { event: string; payload: unknown }[] = [];
  const docked: string[] = [];
  const devices = createFakeDevices({
    now: () => new Date('2026-11-23T08:00:00Z'),
    requireOperator: () => '陈静(3209020)',
    emit: (event, payload) => events.push({ event, payload }),
    record: () => undefined,
    fail: (code, message) => Object.assign(new Error(message), { code }),
  });
  const dock = (root: string) => {
    docked.push(root);
    return `s-${docked.length}`;
  };
  return { devices, events, docked, dock };
}

const camera = { deviceNumber: 'DSJ-X1-0001', serial: 'SNX1', officerNumber: '3201008', officerName: '张伟' };

describe('fake devices', () => {
  it('refuses an unregistered camera, then docks it once registered from the prefill', () => {
    const { devices, docked, dock } = setup();
    expect(devices.arrive('/media/unregistered-1', camera, dock)).toBeUndefined();
    const [refused] = devices.handlers['cameras.present']({});
    expect(refused).toMatchObject({ state: 'refused', problem: { code: 'CAMERA_UNREGISTERED' }, registration: { deviceNumber: 'DSJ-X1-0001', officerNumber: '3201008' } });
    devices.handlers['devices.register']({ deviceNumber: 'DSJ-X1-0001', profileId: 'lab-volume-camera', serial: 'SNX1', officer: { badgeNumber: '3201008', name: '张伟' } });
    expect(docked).toEqual(['/media/unregistered-1']);
    expect(devices.handlers['cameras.present']({})[0]).toMatchObject({ state: 'docked', sessionId: 's-1' });
  });

  it('shows each bad camera with its code and never docks it', () => {
    const { devices, docked, dock } = setup();
    for (const word of ['password', 'silent', 'garbage', 'vanish', 'stick']) devices.arrive(`/media/${word}`, camera, dock);
    expect(devices.handlers['cameras.present']({}).map((c) => c.problem?.code)).toEqual(['CAMERA_WRONG_PASSWORD', 'CAMERA_NO_ANSWER', 'CAMERA_GARBAGE_ANSWER', 'CAMERA_VANISHED_BEFORE_MOUNT', 'CAMERA_FOREIGN_DEVICE']);
    expect(docked).toEqual([]);
  });

  it('raises an identity alarm and docks after the clerk accepts', () => {
    const { devices, docked, dock } = setup();
    devices.arrive('/media/alarm', camera, dock);
    expect(devices.handlers['cameras.present']({})[0]).toMatchObject({ state: 'alarm', differences: [{ field: 'officerNumber', registered: '3201008', reported: '999999' }] });
    devices.handlers['devices.acceptIdentity']({ deviceNumber: 'DSJ-X1-0001' });
    expect(docked).toEqual(['/media/alarm']);
  });
});
