/** The device registry: durable before audited, nothing half-registered, identity comparison. */
import { describe, expect, it } from 'vitest';
import { judgeAdmission } from '../../electron/core/devices/admission.js';
import { DeviceRegistry } from '../../electron/core/devices/device-registry.js';
import type { AuditEntry } from '../../electron/core/domain/audit.js';
import { StationError } from '../../electron/core/domain/errors.js';
import { MemoryRegistryStore } from '../fakes/camera-devices.js';

function setup() {
  const store = new MemoryRegistryStore();
  const audits: AuditEntry[] = [];
  const registry = new DeviceRegistry(store, { now: () => new Date('2026-11-23T08:00:00Z') }, async (actor, action, target, extra = {}) => {
    audits.push({ actor, action, target, ...extra });
    return { actor, action, target, seq: audits.length, at: '', prevHash: '', hash: '' };
  });
  return { store, audits, registry };
}

const officer = { badgeNumber: '3201008', name: '张伟' };

describe('device registry', () => {
  it('registers, audits without the password, and refuses a second registration of the number or serial', async () => {
    const { registry, audits, store } = setup();
    await registry.open();
    const view = await registry.register({ deviceNumber: 'DSJ-1', profileId: 'lab-volume-camera', serial: 'SN1', officer, department: '执法一科', password: 'secret', note: '新购' }, 'clerk(9)');
    expect(view).toMatchObject({ deviceNumber: 'DSJ-1', status: 'in-service', hasPassword: true, notes: [{ by: 'clerk(9)', text: '新购' }] });
    expect(view).not.toHaveProperty('password');
    expect(JSON.stringify(audits)).not.toContain('secret');
    expect(audits[0]).toMatchObject({ action: 'device.registered', target: 'device:DSJ-1' });
    await expect(registry.register({ deviceNumber: 'DSJ-1', profileId: 'x' }, 'clerk(9)')).rejects.toMatchObject({ code: 'DEVICE_EXISTS' });
    await expect(registry.register({ deviceNumber: 'DSJ-2', profileId: 'x', serial: 'SN1' }, 'clerk(9)')).rejects.toMatchObject({ code: 'DEVICE_EXISTS', params: { deviceNumber: 'DSJ-1' } });
    expect(store.saved).toHaveLength(1);
  });

  it('a failed write leaves nothing registered and nothing audited', async () => {
    const { registry, audits, store } = setup();
    await registry.open();
    store.failNext = new StationError('WRITE_FAILED', 'disk full');
    await expect(registry.register({ deviceNumber: 'DSJ-1', profileId: 'p', officer }, 'clerk(9)')).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(registry.all()).toEqual([]);
    expect(audits).toEqual([]);
  });

  it('updates status, officer (unbind), department and notes with before/after in the audit', async () => {
    const { registry, audits } = setup();
    await registry.open();
    await registry.register({ deviceNumber: 'DSJ-1', profileId: 'p', officer, department: 'A' }, 'clerk(9)');
    const repaired = await registry.update({ deviceNumber: 'DSJ-1', status: 'repair', note: '屏幕损坏送修' }, 'clerk(9)');
    expect(repaired).toMatchObject({ status: 'repair', notes: [{ text: '屏幕损坏送修' }] });
    const unbound = await registry.update({ deviceNumber: 'DSJ-1', officer: null, department: '' }, 'clerk(9)');
    expect(unbound.officer).toBeUndefined();
    expect(unbound.department).toBeUndefined();
    expect(unbound.notes).toHaveLength(1);
    expect(audits.at(-1)).toMatchObject({ action: 'device.updated', before: { officer }, after: { status: 'repair' } });
    await expect(registry.update({ deviceNumber: 'NOPE' }, 'clerk(9)')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('accepting an identity needs a pending alarm; accepting moves serial, number and officer to what the camera reports', async () => {
    const { registry, audits } = setup();
    await registry.open();
    await registry.register({ deviceNumber: 'DSJ-1', profileId: 'p', serial: 'SN1', officer }, 'clerk(9)');
    await expect(registry.acceptIdentity('DSJ-1', 'clerk(9)')).rejects.toMatchObject({ code: 'DEVICE_NO_PENDING_IDENTITY' });
    const reported = { deviceNumber: 'DSJ-1B', serial: 'SN1', officerNumber: '3202015', officerName: '李娜' };
    const verdict = judgeAdmission(registry.all(), reported, 'registered-only');
    expect(verdict).toMatchObject({ admitted: false, code: 'CAMERA_IDENTITY_CHANGED' });
    if (verdict.admitted) return;
    await registry.raiseAlarm('DSJ-1', reported, verdict.differences ?? [], 'station:auto-dock');
    // Raising the same alarm twice writes (and audits) it once.
    await registry.raiseAlarm('DSJ-1', reported, verdict.differences ?? [], 'station:auto-dock');
    expect(audits.filter((a) => a.action === 'device.identity-alarm')).toHaveLength(1);
    const accepted = await registry.acceptIdentity('DSJ-1', 'clerk(9)');
    expect(accepted).toMatchObject({ deviceNumber: 'DSJ-1B', serial: 'SN1', officer: { badgeNumber: '3202015', name: '李娜' } });
    expect(accepted.identityAlarm).toBeUndefined();
    expect(judgeAdmission(registry.all(), reported, 'registered-only')).toMatchObject({ admitted: true });
  });
});

describe('admission', () => {
  const device = { deviceNumber: 'DSJ-1', profileId: 'p', serial: 'SN1', officer, status: 'in-service' as const, notes: [], registeredAt: '', registeredBy: '', updatedAt: '' };

  it('finds the registration by serial first, then by number, and compares only what both sides know', () => {
    expect(judgeAdmission([device], { deviceNumber: 'DSJ-1' }, 'registered-only')).toMatchObject({ admitted: true });
    expect(judgeAdmission([device], { deviceNumber: 'OTHER', serial: 'SN1' }, 'registered-only')).toMatchObject({ code: 'CAMERA_IDENTITY_CHANGED', differences: [{ field: 'deviceNumber', registered: 'DSJ-1', reported: 'OTHER' }] });
    expect(judgeAdmission([device], { deviceNumber: 'DSJ-1', serial: 'SN2' }, 'registered-only')).toMatchObject({ code: 'CAMERA_IDENTITY_CHANGED', differences: [{ field: 'serial' }] });
    expect(judgeAdmission([device], { deviceNumber: 'DSJ-9' }, 'registered-only')).toMatchObject({ code: 'CAMERA_UNREGISTERED' });
    expect(judgeAdmission([device], { deviceNumber: 'DSJ-9' }, 'any-camera')).toMatchObject({ admitted: true });
  });

  it('an identity alarm and a retired camera are refused even when any camera is admitted', () => {
    expect(judgeAdmission([{ ...device, status: 'retired' }], { deviceNumber: 'DSJ-1' }, 'any-camera')).toMatchObject({ code: 'CAMERA_RETIRED' });
    expect(judgeAdmission([{ ...device, identityAlarm: { at: '', reported: { deviceNumber: 'DSJ-1' }, differences: [] } }], { deviceNumber: 'DSJ-1' }, 'any-camera')).toMatchObject({ code: 'CAMERA_IDENTITY_CHANGED' });
    const { officer: _gone, ...unbound } = device;
    void _gone;
    expect(judgeAdmission([unbound], { deviceNumber: 'DSJ-1' }, 'any-camera')).toMatchObject({ admitted: true });
    expect(judgeAdmission([unbound], { deviceNumber: 'DSJ-1' }, 'registered-only')).toMatchObject({ code: 'CAMERA_UNBOUND' });
  });
});
