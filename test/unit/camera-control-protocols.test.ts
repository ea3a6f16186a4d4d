/**
 * The camera-control adapters, byte for byte against scripted fake devices at the transport boundary
 * (docs/camera-protocols.md): login, device info with UTF-8 names, clock, battery, capacity, storage
 * mode; and every bad camera: wrong password, no answer, garbage, device gone.
 */
import { describe, expect, it } from 'vitest';
import { CameraControlError } from '../../electron/core/camera/camera-errors.js';
import { CameraProfileSchema, type CameraProfileInput } from '../../electron/core/camera/camera-profile.js';
import { cameraControlFor } from '../../electron/core/camera/open-camera-control.js';
import { hidReports, ScriptedBulkDevice, ScriptedControlDevice, ScriptedHidDevice } from '../fakes/camera-transports.js';

function profile(protocol: 'ambarella-bulk' | 'ambarella-control' | 'hid-report', extra: Partial<CameraProfileInput['control']> = {}) {
  return CameraProfileSchema.parse({
    id: `lab-${protocol}`,
    name: '实验室记录仪',
    match: { usb: { vendorId: '1209', productId: 'b0c2' } },
    control: { protocol, timeoutMs: 500, ...(protocol === 'hid-report' ? { hid: { reportId: 0, reportLength: 64 } } : {}), ...extra },
    storage: { appears: 'after-unlock' },
    password: { policy: 'profile', default: '000000' },
  });
}

async function failure(promise: Promise<unknown>): Promise<CameraControlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CameraControlError);
  return error as CameraControlError;
}

describe('ambarella-bulk', () => {
  it('logs in, reads device info with Chinese names, clock, battery and capacity, switches to storage', async () => {
    const device = new ScriptedBulkDevice([
      { out: '@Ver;8;000000;#' },
      { in: '@Ver;OK;#' },
      { out: '@Gdv;#' },
      { in: '@Gdv;OK;LAB0002;DSJ-LAB-0002;3201008;张伟;320100;南京市自然资源局;#' },
      { out: '@Gtm;#' },
      { in: '@Gtm;OK;20261123183015;#' },
      { out: '@Bat;#' },
      { in: '@Bat;OK;87;#' },
      { out: '@Cap;#' },
      { in: '@Cap;OK;30208;12000;#' },
      { out: '@ATH;#' },
      { in: '@ATH;OK;#' },
    ]);
    const control = cameraControlFor(profile('ambarella-bulk'), device);
    await control.unlock('000000');
    expect(await control.deviceInfo()).toEqual({ productSerial: 'LAB0002', deviceNumber: 'DSJ-LAB-0002', officerNumber: '3201008', officerName: '张伟', unitNumber: '320100', unitName: '南京市自然资源局' });
    // 18:30:15 at +08:00 is 10:30:15 UTC.
    expect((await control.readClock())?.toISOString()).toBe('2026-11-23T10:30:15.000Z');
    expect(await control.battery()).toBe(87);
    expect(await control.capacity()).toEqual({ totalBytes: 30208 * 1024 * 1024, freeBytes: 12000 * 1024 * 1024 });
    await control.switchToStorage();
    await control.close();
    expect(device.finished()).toBe(true);
    expect(device.closed).toBe(true);
    expect(new Set(device.timeouts)).toEqual(new Set([500]));
  });

  it('sets the camera clock as date then time, both from one instant on the camera zone', async () => {
    const device = new ScriptedBulkDevice([{ out: '@Sdt;20261124;#' }, { in: '@Sdt;OK;#' }, { out: '@Stm;001500;#' }, { in: '@Stm;OK;#' }]);
    await cameraControlFor(profile('ambarella-bulk'), device).setClock(new Date('2026-11-23T16:15:00Z'));
    expect(device.finished()).toBe(true);
  });

  it('a wrong password is CAMERA_WRONG_PASSWORD with expected and actual', async () => {
    const device = new ScriptedBulkDevice([{ out: '@Ver;8;123456;#' }, { in: '@Ver;ERR;PASSWORD;#' }]);
    const error = await failure(cameraControlFor(profile('ambarella-bulk'), device).unlock('123456'));
    expect(error.code).toBe('CAMERA_WRONG_PASSWORD');
    expect(error.expected).toBe('@Ver;OK;#');
    expect(error.actual).toBe('@Ver;ERR;PASSWORD;#');
  });

  it('a password that would break the frame is refused before anything is sent', async () => {
    const device = new ScriptedBulkDevice([]);
    const error = await failure(cameraControlFor(profile('ambarella-bulk'), device).unlock('00;#00'));
    expect(error.code).toBe('CAMERA_WRONG_PASSWORD');
    expect(device.finished()).toBe(true);
  });

  it('a command before login is CAMERA_REFUSED_COMMAND naming NOLOGIN', async () => {
    const device = new ScriptedBulkDevice([{ out: '@Gdv;#' }, { in: '@Gdv;ERR;NOLOGIN;#' }]);
    const error = await failure(cameraControlFor(profile('ambarella-bulk'), device).deviceInfo());
    expect(error.code).toBe('CAMERA_REFUSED_COMMAND');
    expect(error.params.errorCode).toBe('NOLOGIN');
  });

  it('no answer is CAMERA_NO_ANSWER with the timeout', async () => {
    const device = new ScriptedBulkDevice([{ out: '@Ver;8;000000;#' }, { fail: 'timeout', on: 'in' }]);
    const error = await failure(cameraControlFor(profile('ambarella-bulk'), device).unlock('000000'));
    expect(error.code).toBe('CAMERA_NO_ANSWER');
    expect(error.params.timeoutMs).toBe(500);
  });

  it('a device that leaves the bus mid-command is CAMERA_GONE', async () => {
    const device = new ScriptedBulkDevice([{ fail: 'gone', on: 'out' }]);
    expect((await failure(cameraControlFor(profile('ambarella-bulk'), device).battery())).code).toBe('CAMERA_GONE');
  });

  it.each([
    ['binary noise', Uint8Array.from([0xff, 0x00, 0x13, 0x37])],
    ['invalid UTF-8', Uint8Array.from([0x40, 0x47, 0x64, 0x76, 0x3b, 0x4f, 0x4b, 0x3b, 0xc3, 0x28, 0x3b, 0x23])],
    ['no terminator', '@Bat;OK;87'],
    ['the answer to another command', '@Cap;OK;87;#'],
    ['an unknown status', '@Bat;MAYBE;87;#'],
    ['two frames in one transfer', '@Bat;OK;87;#@Bat;OK;88;#'],
    ['a percentage over 100', '@Bat;OK;187;#'],
    ['a missing field', '@Bat;OK;#'],
    ['an empty transfer', ''],
  ])('garbage (%s) is CAMERA_GARBAGE_ANSWER showing what came', async (_name, answer) => {
    const device = new ScriptedBulkDevice([{ out: '@Bat;#' }, { in: answer }]);
    const error = await failure(cameraControlFor(profile('ambarella-bulk'), device).battery());
    expect(error.code).toBe('CAMERA_GARBAGE_ANSWER');
    expect(error.expected).toContain('@Bat;OK');
  });

  it.each(['20260231120000', '2026112318301', 'now'])('a clock reading that is no real time (%s) is garbage', async (reading) => {
    const device = new ScriptedBulkDevice([{ out: '@Gtm;#' }, { in: `@Gtm;OK;${reading};#` }]);
    expect((await failure(cameraControlFor(profile('ambarella-bulk'), device).readClock())).code).toBe('CAMERA_GARBAGE_ANSWER');
  });

  it('free storage larger than the total is garbage', async () => {
    const device = new ScriptedBulkDevice([{ out: '@Cap;#' }, { in: '@Cap;OK;100;200;#' }]);
    expect((await failure(cameraControlFor(profile('ambarella-bulk'), device).capacity())).code).toBe('CAMERA_GARBAGE_ANSWER');
  });

  it('uses the command names and field order the profile gives', async () => {
    const vendor = profile('ambarella-bulk', { commands: { login: 'Login', loginLevel: '1', deviceInfo: 'Info', readClock: 'Gtm', setDate: 'Sdt', setTime: 'Stm', battery: 'Bat', capacity: 'Cap', storageMode: 'Usb' }, deviceInfoFields: ['deviceNumber', 'productSerial'] });
    const device = new ScriptedBulkDevice([{ out: '@Login;1;pw;#' }, { in: '@Login;OK;#' }, { out: '@Info;#' }, { in: '@Info;OK;DSJ-9;SN9;#' }, { out: '@Usb;#' }, { in: '@Usb;OK;#' }]);
    const control = cameraControlFor(vendor, device);
    await control.unlock('pw');
    expect(await control.deviceInfo()).toEqual({ deviceNumber: 'DSJ-9', productSerial: 'SN9' });
    await control.switchToStorage();
    expect(device.finished()).toBe(true);
  });
});

describe('ambarella-control (vendor control transfers)', () => {
  const out = (data: string) => ({ out: { bmRequestType: 0x41, bRequest: 0x01, wValue: 0, wIndex: 0, data } });
  const answer = (text: string) => ({ in: { bmRequestType: 0xc1, bRequest: 0x02, wValue: 0, wIndex: 0, length: 512, answer: text } });

  it('sends each frame as control OUT 0x41/0x01 and reads the answer with control IN 0xC1/0x02 of 512', async () => {
    const device = new ScriptedControlDevice([out('@Ver;8;000000;#'), answer('@Ver;OK;#'), out('@Gdv;#'), answer('@Gdv;OK;LAB0003;DSJ-LAB-0003;3201009;李娜;320100;执法大队;#')]);
    const control = cameraControlFor(profile('ambarella-control'), device);
    await control.unlock('000000');
    expect((await control.deviceInfo())?.officerName).toBe('李娜');
    expect(device.finished()).toBe(true);
  });

  it('puts the interface number in wIndex', async () => {
    const device = new ScriptedControlDevice([{ out: { bmRequestType: 0x41, bRequest: 0x01, wValue: 0, wIndex: 2, data: '@Bat;#' } }, { in: { bmRequestType: 0xc1, bRequest: 0x02, wValue: 0, wIndex: 2, length: 512, answer: '@Bat;OK;5;#' } }]);
    expect(await cameraControlFor(profile('ambarella-control', { interface: 2 }), device).battery()).toBe(5);
  });

  it('wrong password, no answer and gone map like the bulk variant', async () => {
    const wrong = new ScriptedControlDevice([out('@Ver;8;1;#'), answer('@Ver;ERR;PASSWORD;#')]);
    expect((await failure(cameraControlFor(profile('ambarella-control'), wrong).unlock('1'))).code).toBe('CAMERA_WRONG_PASSWORD');
    const silent = new ScriptedControlDevice([out('@Ver;8;1;#'), { fail: 'timeout' }]);
    expect((await failure(cameraControlFor(profile('ambarella-control'), silent).unlock('1'))).code).toBe('CAMERA_NO_ANSWER');
    const gone = new ScriptedControlDevice([{ fail: 'gone' }]);
    expect((await failure(cameraControlFor(profile('ambarella-control'), gone).unlock('1'))).code).toBe('CAMERA_GONE');
  });
});

describe('hid-report', () => {
  it('cuts long frames into reports and collects a multi-report answer until #', async () => {
    const info = '@Gdv;OK;LAB0004;DSJ-LAB-0004;3201010;王小明;320100;南京市自然资源和规划局执法支队;#';
    expect(new TextEncoder().encode(info).length).toBeGreaterThan(62);
    const device = new ScriptedHidDevice([
      ...hidReports('@Ver;8;000000;#', 0, 64).map((write) => ({ write })),
      ...hidReports('@Ver;OK;#', 0, 64, false).map((read) => ({ read })),
      ...hidReports('@Gdv;#', 0, 64).map((write) => ({ write })),
      ...hidReports(info, 0, 64, false).map((read) => ({ read })),
    ]);
    const control = cameraControlFor(profile('hid-report'), device);
    await control.unlock('000000');
    expect((await control.deviceInfo())?.unitName).toBe('南京市自然资源和规划局执法支队');
    expect(device.finished()).toBe(true);
  });

  it('checks the report ID of numbered reports', async () => {
    const numbered = profile('hid-report', { hid: { reportId: 3, reportLength: 32 } });
    const good = new ScriptedHidDevice([...hidReports('@Bat;#', 3, 32).map((write) => ({ write })), ...hidReports('@Bat;OK;64;#', 3, 32).map((read) => ({ read }))]);
    expect(await cameraControlFor(numbered, good).battery()).toBe(64);
    const wrongId = new ScriptedHidDevice([...hidReports('@Bat;#', 3, 32).map((write) => ({ write })), ...hidReports('@Bat;OK;64;#', 4, 32).map((read) => ({ read }))]);
    expect((await failure(cameraControlFor(numbered, wrongId).battery())).code).toBe('CAMERA_GARBAGE_ANSWER');
  });

  it('a report claiming more bytes than it holds is garbage; silence and unplugging are typed', async () => {
    const bogus = new Uint8Array(63);
    bogus[0] = 200;
    const device = new ScriptedHidDevice([...hidReports('@Bat;#', 0, 64).map((write) => ({ write })), { read: bogus }]);
    expect((await failure(cameraControlFor(profile('hid-report'), device).battery())).code).toBe('CAMERA_GARBAGE_ANSWER');
    const silent = new ScriptedHidDevice([...hidReports('@Bat;#', 0, 64).map((write) => ({ write })), { fail: 'timeout' }]);
    expect((await failure(cameraControlFor(profile('hid-report'), silent).battery())).code).toBe('CAMERA_NO_ANSWER');
    const gone = new ScriptedHidDevice([{ fail: 'gone' }]);
    expect((await failure(cameraControlFor(profile('hid-report'), gone).battery())).code).toBe('CAMERA_GONE');
  });
});

describe('none', () => {
  it('plain mass storage talks not at all', async () => {
    const control = cameraControlFor(CameraProfileSchema.parse({ id: 'plain', name: '普通', match: { usb: { vendorId: '1209', productId: 'b0c1' } }, control: { protocol: 'none' }, storage: { appears: 'mass-storage' } }), undefined);
    expect(control.talks).toBe(false);
    await control.unlock('x');
    expect(await control.deviceInfo()).toBeUndefined();
    expect(await control.readClock()).toBeUndefined();
  });
});
