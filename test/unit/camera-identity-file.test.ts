import { describe, expect, it } from 'vitest';
import { clockOffsetMs, parseClockFile, parseDeviceFile, parseZonedDateTime } from '../../electron/adapters/camera/camera-identity-file.js';

const DEVICE_JSON = JSON.stringify({
  deviceNumber: 'DSJ-A8-0007',
  serial: 'SN00080007',
  model: 'DSJ-A8',
  officerNumber: '3201008',
  officerName: '张伟',
  unitName: '市城市管理综合执法局',
  department: '第一执法大队',
  clockAt: '2025-03-01T18:15:30+08:00',
});

describe('parseDeviceFile', () => {
  it('reads identity and the camera clock at writing', () => {
    expect(parseDeviceFile(DEVICE_JSON)).toEqual({
      identity: {
        deviceNumber: 'DSJ-A8-0007',
        serial: 'SN00080007',
        model: 'DSJ-A8',
        officerNumber: '3201008',
        officerName: '张伟',
        unitName: '市城市管理综合执法局',
        department: '第一执法大队',
      },
      clockAt: new Date('2025-03-01T10:15:30Z'),
    });
  });

  it('tolerates a byte-order mark', () => {
    expect(parseDeviceFile(`\uFEFF${DEVICE_JSON}`)?.identity.deviceNumber).toBe('DSJ-A8-0007');
  });

  it('has no identity without a usable device number', () => {
    expect(parseDeviceFile('{}')).toBeUndefined();
    expect(parseDeviceFile('{"deviceNumber": 7}')).toBeUndefined();
    expect(parseDeviceFile('{"deviceNumber": "  "}')).toBeUndefined();
    expect(parseDeviceFile('["DSJ"]')).toBeUndefined();
    expect(parseDeviceFile('not json')).toBeUndefined();
  });

  it('drops fields that are not short single-line text', () => {
    const parsed = parseDeviceFile(JSON.stringify({ deviceNumber: 'D1', officerName: 'evil\u0007\nname', model: 'x'.repeat(500), serial: 42, clockAt: 'yesterday' }));
    expect(parsed).toEqual({ identity: { deviceNumber: 'D1' } });
  });
});

describe('parseClockFile', () => {
  it('reads a zoned ISO time from the first non-empty line', () => {
    expect(parseClockFile('\n2025-03-01T18:15:30+08:00\r\nignored')).toEqual(new Date('2025-03-01T10:15:30Z'));
    expect(parseClockFile('2025-03-01T10:15:30.123456Z')).toEqual(new Date('2025-03-01T10:15:30.123Z'));
  });

  it('refuses a time without zone, which would silently be read in the station zone', () => {
    expect(parseClockFile('2025-03-01T18:15:30')).toBeUndefined();
    expect(parseClockFile('')).toBeUndefined();
    expect(parseZonedDateTime('2025-13-45T99:99:99Z')).toBeUndefined();
  });
});

describe('clockOffsetMs', () => {
  it('is camera minus station: positive when the camera is ahead', () => {
    expect(clockOffsetMs(new Date('2025-03-01T10:16:00Z'), new Date('2025-03-01T10:15:30Z'))).toBe(30_000);
    expect(clockOffsetMs(new Date('2025-03-01T10:15:00Z'), new Date('2025-03-01T10:15:30Z'))).toBe(-30_000);
  });
});
