/**
 * `evidence-station devices ...` and `evidence-station cameras`: the device registry and the cameras
 * plugged in, from a terminal. Registry changes go through the contract (same checks, same audit).
 *
 *   devices list
 *   devices register --number <no.> --profile <id> [--serial S] [--officer-badge B --officer-name N]
 *                    [--department D] [--status in-service|repair|retired] [--note T]
 *   devices update --number <no.> [--status ...] [--officer-badge B --officer-name N | --unbind]
 *                  [--department D] [--note T]
 *   devices accept-identity --number <no.> [--note T]
 *   cameras --usb [--wait <seconds>]     identify what is plugged in (no unlock into storage, no dock)
 *
 * Exit codes: 0 done, 2 invalid input (unknown device, bad field), 5 refused (not signed in / not allowed).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CallResult, CommandName, CommandRequest, CommandResponse } from '../contract/index.js';
import type { CallContext } from '../core/commands/handlers.js';
import type { PresentCamera } from '../core/camera/present-camera.js';
import { formatVidPid } from '../core/camera/camera-profile.js';
import type { OpenedStation } from '../adapters/compose.js';
import { openStationFromDataDir } from '../adapters/compose.js';
import { EXIT } from './exit-codes.js';
import { errorText, type Lang } from './messages.js';
import { CAMERA_STATE_WORDS, DEVICE_STATUS_WORDS, deviceErrorText } from './device-words.js';

export interface DeviceCliHelpers {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  dataDir(): string;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  err(text: string): void;
  json(): boolean;
  refused(exitCode: number, message: string): Error;
}

const STATUSES = ['in-service', 'repair', 'retired'] as const;

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) throw new InvalidArgumentError('seconds between 0 and 600');
  return seconds;
}

export function registerDeviceCommands(program: Command, helpers: DeviceCliHelpers): void {
  const { print, lang } = helpers;

  async function call<C extends CommandName>(opened: OpenedStation, context: CallContext, command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    const result: CallResult<C> = await opened.station.execute(command, request, context);
    if (result.ok) return result.value;
    if (helpers.json()) print('', { ok: false, error: result.error });
    const refusedCodes = ['UNAUTHORIZED', 'UNAUTHENTICATED', 'FORBIDDEN'];
    throw helpers.refused(refusedCodes.includes(result.error.code) ? EXIT.refused : EXIT.invalidInput, errorText(lang(), result.error));
  }

  const officerOf = (options: { officerBadge?: string; officerName?: string }) => {
    if (options.officerBadge === undefined && options.officerName === undefined) return undefined;
    if (!options.officerBadge || !options.officerName) throw helpers.refused(EXIT.invalidInput, lang() === 'zh' ? '绑定执法人员需同时给出 --officer-badge 和 --officer-name。' : 'Binding an officer needs both --officer-badge and --officer-name.');
    return { badgeNumber: options.officerBadge, name: options.officerName };
  };

  const describeDevice = (device: CommandResponse<'devices.list'>[number]): string => {
    const words = DEVICE_STATUS_WORDS[lang()];
    const officer = device.officer ? `${device.officer.name}(${device.officer.badgeNumber})` : lang() === 'zh' ? '未绑定' : 'unbound';
    const alarm = device.identityAlarm ? (lang() === 'zh' ? '  ⚠ 身份警报' : '  ⚠ identity alarm') : '';
    return `${device.deviceNumber}  ${words[device.status] ?? device.status}  ${device.profileId}  ${device.serial ?? '-'}  ${officer}  ${device.department ?? '-'}${alarm}`;
  };

  const devices = program.command('devices').description('the device registry (执法记录设备登记)');

  devices
    .command('list')
    .description('list registered cameras')
    .action(async () =>
      helpers.withStation(async (opened, context) => {
        const list = await call(opened, context, 'devices.list', {});
        print(list.length === 0 ? (lang() === 'zh' ? '设备登记簿为空。' : 'The device registry is empty.') : list.map(describeDevice).join('\n'), list);
      }),
    );

  devices
    .command('register')
    .description('register a camera (the clerk)')
    .requiredOption('--number <deviceNumber>', 'device number as the camera reports it')
    .requiredOption('--profile <id>', 'camera profile id (resources/cameras)')
    .option('--serial <serial>', 'product serial')
    .option('--officer-badge <badge>', 'assigned officer: badge number')
    .option('--officer-name <name>', 'assigned officer: name')
    .option('--department <name>', 'department (科室)')
    .addOption(new Option('--status <status>', 'status').choices(STATUSES))
    .option('--note <text>', 'a first maintenance note')
    .action(async (options: { number: string; profile: string; serial?: string; officerBadge?: string; officerName?: string; department?: string; status?: (typeof STATUSES)[number]; note?: string }) =>
      helpers.withStation(async (opened, context) => {
        const officer = officerOf(options);
        const device = await call(opened, context, 'devices.register', {
          deviceNumber: options.number,
          profileId: options.profile,
          ...(options.serial ? { serial: options.serial } : {}),
          ...(officer ? { officer } : {}),
          ...(options.department ? { department: options.department } : {}),
          ...(options.status ? { status: options.status } : {}),
          ...(options.note ? { note: options.note } : {}),
        });
        print(`${lang() === 'zh' ? '已登记：' : 'Registered: '}${describeDevice(device)}`, device);
      }),
    );

  devices
    .command('update')
    .description('change status, officer, department, or add a maintenance note')
    .requiredOption('--number <deviceNumber>', 'device number')
    .addOption(new Option('--status <status>', 'status').choices(STATUSES))
    .option('--officer-badge <badge>', 'assigned officer: badge number')
    .option('--officer-name <name>', 'assigned officer: name')
    .option('--unbind', 'unbind the officer')
    .option('--department <name>', 'department (科室)')
    .option('--note <text>', 'a maintenance note')
    .action(async (options: { number: string; status?: (typeof STATUSES)[number]; officerBadge?: string; officerName?: string; unbind?: boolean; department?: string; note?: string }) =>
      helpers.withStation(async (opened, context) => {
        const officer = options.unbind ? null : officerOf(options);
        const device = await call(opened, context, 'devices.update', {
          deviceNumber: options.number,
          ...(options.status ? { status: options.status } : {}),
          ...(officer !== undefined ? { officer } : {}),
          ...(options.department !== undefined ? { department: options.department } : {}),
          ...(options.note ? { note: options.note } : {}),
        });
        print(`${lang() === 'zh' ? '已更新：' : 'Updated: '}${describeDevice(device)}`, device);
      }),
    );

  devices
    .command('accept-identity')
    .description('accept the identity a camera now reports after an identity alarm')
    .requiredOption('--number <deviceNumber>', 'device number')
    .option('--note <text>', 'why the change is accepted')
    .action(async (options: { number: string; note?: string }) =>
      helpers.withStation(async (opened, context) => {
        const device = await call(opened, context, 'devices.acceptIdentity', { deviceNumber: options.number, ...(options.note ? { note: options.note } : {}) });
        print(`${lang() === 'zh' ? '已确认新身份：' : 'Identity accepted: '}${describeDevice(device)}`, device);
      }),
    );

  program
    .command('cameras')
    .description('the cameras plugged in now (needs --usb; identifies only: no unlock into storage mode, nothing copied)')
    .option('--usb', 'watch the USB bus (needs libusb access: native/linux/udev)')
    .option('--wait <seconds>', 'how long to listen before listing', parseSeconds, 3)
    .action(async (options: { usb?: boolean; wait: number }) => {
      if (!options.usb) throw helpers.refused(EXIT.invalidInput, lang() === 'zh' ? '列出记录仪需要 --usb（读取 USB 总线）。' : 'Listing cameras needs --usb (reads the USB bus).');
      const opened = await openStationFromDataDir({ dataDir: helpers.dataDir(), log: helpers.err, devices: { usb: true, identifyOnly: true } });
      try {
        await new Promise((resolve) => setTimeout(resolve, options.wait * 1000));
        await opened.devices.cameras.idle();
        const present = opened.devices.cameras.present();
        print(present.length === 0 ? (lang() === 'zh' ? '没有发现记录仪。' : 'No camera found.') : present.map((camera) => describeCamera(camera, lang())).join('\n'), present);
      } finally {
        await opened.dispose();
      }
    });
}

function describeCamera(camera: PresentCamera, lang: Lang): string {
  const state = CAMERA_STATE_WORDS[lang][camera.state] ?? camera.state;
  const usb = camera.usb ? `${formatVidPid(camera.usb.vendorId, camera.usb.productId)} ${camera.usb.serial ?? ''}` : (camera.root ?? '');
  const who = camera.identity ? `${camera.identity.deviceNumber}${camera.identity.officerName ? ` ${camera.identity.officerName}` : ''}` : '';
  const battery = camera.battery !== undefined ? ` ${lang === 'zh' ? '电量' : 'battery'} ${camera.battery}%` : '';
  const free = camera.capacity ? ` ${lang === 'zh' ? '剩余' : 'free'} ${Math.round(camera.capacity.freeBytes / 1024 ** 3)} GiB` : '';
  const clock = camera.clockOffsetMs !== undefined ? ` ${lang === 'zh' ? '时钟偏差' : 'clock offset'} ${Math.round(camera.clockOffsetMs / 1000)} s` : '';
  const problem = camera.problem ? `\n  ! ${deviceErrorText(lang, camera.problem.code, camera.problem.params) ?? camera.problem.message}` : '';
  return `${state}  ${camera.profileName ?? camera.profileId ?? '?'}  ${usb}  ${who}${battery}${free}${clock}${problem}`;
}

/** The demo's clerk registers its emulated camera, so the default admission ('registered-only') docks it. */
export async function registerDemoCamera(opened: OpenedStation, identity: { deviceNumber: string; serial?: string; officerNumber?: string; officerName?: string }): Promise<void> {
  const registry = opened.devices.registry;
  if (registry.get(identity.deviceNumber)) return;
  await registry.register(
    {
      deviceNumber: identity.deviceNumber,
      profileId: 'lab-volume-camera',
      ...(identity.serial ? { serial: identity.serial } : {}),
      ...(identity.officerNumber && identity.officerName ? { officer: { badgeNumber: identity.officerNumber, name: identity.officerName } } : {}),
      department: '演示科室',
      note: 'registered by `evidence-station demo`',
    },
    'station:demo',
  );
}
