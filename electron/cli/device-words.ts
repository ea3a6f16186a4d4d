/** zh/en words of the device layer's codes and states for the command line (the renderer has its own, in i18n). */
import type { Lang } from './messages.js';

type Params = Record<string, string | number>;

export const DEVICE_ERRORS: Record<string, Record<Lang, (p: Params) => string>> = {
  CAMERA_WRONG_PASSWORD: { zh: () => '记录仪拒绝了密码：请在设备登记中核对该记录仪的密码。', en: () => 'The camera refused the password: check its password in the device registry.' },
  CAMERA_NO_ANSWER: { zh: (p) => `记录仪在 ${p.timeoutMs ?? ''} 毫秒内没有应答（${p.command ?? ''}）：请重新插拔。`, en: (p) => `The camera did not answer ${p.command ?? ''} within ${p.timeoutMs ?? ''} ms: plug it in again.` },
  CAMERA_GARBAGE_ANSWER: { zh: (p) => `记录仪的应答无法识别（${p.command ?? ''}：收到 ${p.actual ?? ''}）：型号可能不符或设备故障。`, en: (p) => `The camera's answer to ${p.command ?? ''} is not understood (got ${p.actual ?? ''}): wrong profile or a faulty device.` },
  CAMERA_GONE: { zh: () => '记录仪在通信过程中被拔出或断开，未做任何登记和采集：请重新插入。', en: () => 'The camera was unplugged while the station talked to it; nothing was registered or copied: plug it in again.' },
  CAMERA_REFUSED_COMMAND: { zh: (p) => `记录仪拒绝了命令 ${p.command ?? ''}（${p.errorCode ?? ''}）。`, en: (p) => `The camera refused ${p.command ?? ''} (${p.errorCode ?? ''}).` },
  CAMERA_VANISHED_BEFORE_MOUNT: { zh: () => '记录仪已解锁，但其存储盘没有出现（可能已被拔出）：未做任何采集，请重新插入。', en: () => 'The camera was unlocked but its disk never appeared (unplugged?): nothing was copied; plug it in again.' },
  CAMERA_UNREGISTERED: { zh: (p) => `记录仪 ${p.deviceNumber ?? ''} 未在设备登记簿中登记，已拒绝采集。请档案管理员登记后重新接入。`, en: (p) => `Camera ${p.deviceNumber ?? ''} is not in the device registry and was refused. A clerk can register it.` },
  CAMERA_UNBOUND: { zh: (p) => `记录仪 ${p.deviceNumber ?? ''} 已登记但未绑定执法人员，已拒绝采集。`, en: (p) => `Camera ${p.deviceNumber ?? ''} is registered but bound to no officer; refused.` },
  CAMERA_RETIRED: { zh: (p) => `记录仪 ${p.deviceNumber ?? ''} 已报废，不再采集。`, en: (p) => `Camera ${p.deviceNumber ?? ''} is retired; refused.` },
  CAMERA_IN_REPAIR: { zh: (p) => `记录仪 ${p.deviceNumber ?? ''} 登记为维修中，已拒绝采集。`, en: (p) => `Camera ${p.deviceNumber ?? ''} is registered as in repair; refused.` },
  CAMERA_IDENTITY_CHANGED: { zh: (p) => `警报：记录仪 ${p.deviceNumber ?? ''} 报告的身份与登记不符，暂不采集，须由档案管理员确认。`, en: (p) => `ALARM: camera ${p.deviceNumber ?? ''} reports an identity other than its registration; not ingested until a clerk accepts it.` },
  CAMERA_FOREIGN_DEVICE: { zh: () => '这不是记录仪（不符合任何记录仪型号），不会读取其中任何文件。', en: () => 'This is not a camera (it matches no camera profile); nothing on it is read.' },
  DEVICE_NOT_FOUND: { zh: (p) => `设备登记簿中没有 ${p.deviceNumber ?? ''}。`, en: (p) => `No device ${p.deviceNumber ?? ''} in the registry.` },
  DEVICE_EXISTS: { zh: (p) => `${p.serial ? `序列号 ${p.serial}` : `设备 ${p.deviceNumber ?? ''}`} 已经登记（${p.deviceNumber ?? ''}）。`, en: (p) => `${p.serial ? `Serial ${p.serial}` : `Device ${p.deviceNumber ?? ''}`} is already registered (${p.deviceNumber ?? ''}).` },
  DEVICE_NO_PENDING_IDENTITY: { zh: (p) => `设备 ${p.deviceNumber ?? ''} 没有待确认的身份变更。`, en: (p) => `Device ${p.deviceNumber ?? ''} has no identity change to accept.` },
};

export const DEVICE_STATUS_WORDS: Record<Lang, Record<string, string>> = {
  zh: { 'in-service': '在用', repair: '维修', retired: '报废' },
  en: { 'in-service': 'in service', repair: 'in repair', retired: 'retired' },
};

export const CAMERA_STATE_WORDS: Record<Lang, Record<string, string>> = {
  zh: { identifying: '识别中', unlocking: '解锁中', reading: '读取信息', identified: '已识别', 'waiting-for-disk': '等待存储盘', docking: '开始采集', docked: '采集中', refused: '已拒绝', alarm: '身份警报', failed: '失败', removed: '已拔出' },
  en: { identifying: 'identifying', unlocking: 'unlocking', reading: 'reading info', identified: 'identified', 'waiting-for-disk': 'waiting for disk', docking: 'docking', docked: 'docked', refused: 'refused', alarm: 'identity alarm', failed: 'failed', removed: 'removed' },
};

export function deviceErrorText(lang: Lang, code: string, params: Params): string | undefined {
  return DEVICE_ERRORS[code]?.[lang](params);
}
