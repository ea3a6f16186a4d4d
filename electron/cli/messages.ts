/**
 * The command line's words, zh-CN and English, keyed by the station's error codes. The language comes
 * from --lang, else LANG/LC_ALL (zh* -> Chinese), else Chinese: the station's users are Chinese officers.
 */
import type { CommandResponse } from '../contract/index.js';
import { DEVICE_ERRORS } from './device-words.js';
import { ACCESS_ERRORS } from './access-messages.js';

export type Lang = 'zh' | 'en';

export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const source = flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? 'zh';
  return source.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

const gib = (bytes: string | number | undefined) => `${(Number(bytes ?? 0) / 1024 ** 3).toFixed(2)} GB`;

const ERRORS: Record<string, Text> = {
  LABEL_REJECTED: { zh: () => '标注未通过校验，请按提示修改后重试。', en: () => 'The label was not accepted; correct the fields below and try again.' },
  CASE_NUMBER_INVALID: { zh: (p) => `案号“${p.value}”格式不正确，示例：${p.example}`, en: (p) => `Case number "${p.value}" does not match the agency format, e.g. ${p.example}` },
  FIELD_REQUIRED: { zh: (p) => `必填项未填写：${FIELD_NAMES.zh[String(p.field)] ?? p.field}`, en: (p) => `Required field missing: ${FIELD_NAMES.en[String(p.field)] ?? p.field}` },
  PATTERN_INVALID: { zh: () => '本单位案号规则配置有误，请联系管理员。', en: () => 'The agency case-number pattern is misconfigured; ask the administrator.' },
  SESSION_HAS_UNLABELLED: { zh: (p) => `还有 ${p.count} 个文件未标注案号、当事人、承办人，不能结束本次采集。`, en: (p) => `${p.count} clips still need case number, party and handler; the session cannot be closed.` },
  LATE_REASON_REQUIRED: { zh: (p) => `${p.count} 个文件超过上交时限，请先填写迟交原因。`, en: (p) => `${p.count} clips were handed in late; give the reason first.` },
  SESSION_BUSY: { zh: () => '该记录仪正在采集或数据目录正被另一个工作站进程使用。', en: () => 'That camera is still being copied, or another station process uses this data folder.' },
  SESSION_NOT_FOUND: { zh: (p) => `找不到采集记录 ${p.sessionId}。`, en: (p) => `No dock session ${p.sessionId}.` },
  CLIP_NOT_FOUND: { zh: (p) => `找不到文件 ${p.id}。`, en: (p) => `No clip ${p.id}.` },
  DISK_FULL: { zh: (p) => `存储空间不足：需要 ${gib(p.needed)}，可用 ${gib(p.free)}。已复制的文件均已保存，请释放空间后重新接入记录仪。`, en: (p) => `Not enough space: ${gib(p.needed)} needed, ${gib(p.free)} free. Files already copied are kept; free space and dock the camera again.` },
  SOURCE_VANISHED: { zh: () => '记录仪在复制过程中被拔出或文件消失。已完成校验的文件已保存，请重新接入记录仪完成采集。', en: () => 'The camera was unplugged or a file vanished during the copy. Verified files are kept; dock the camera again to finish.' },
  UNAUTHORIZED: { zh: () => '请先登记操作人员。', en: () => 'Identify yourself first.' },
  INVALID_REQUEST: { zh: (p) => `请求无效（${p.command ?? ''}）。`, en: (p) => `Invalid request (${p.command ?? ''}).` },
  SETTING_INVALID: { zh: (p) => `设置项无效：${p.setting}`, en: (p) => `Invalid setting: ${p.setting}` },
  CONTROL_CHARS: { zh: () => '包含不可见的控制字符。', en: () => 'Contains invisible control characters.' },
};

const FIELD_NAMES: Record<Lang, Record<string, string>> = {
  zh: { caseNumber: '案号', party: '当事人', handler: '承办人', stage: '执法环节', location: '地点' },
  en: { caseNumber: 'case number', party: 'party', handler: 'handler', stage: 'stage', location: 'location' },
};

export function errorText(lang: Lang, error: { code: string; message: string; params: Params; fields?: Record<string, { code: string; params: Params }> }): string {
  const main = ERRORS[error.code]?.[lang](error.params) ?? DEVICE_ERRORS[error.code]?.[lang](error.params) ?? ACCESS_ERRORS[error.code]?.[lang](error.params) ?? `${error.code}: ${error.message}`;
  const fieldLines = Object.entries(error.fields ?? {}).map(([field, problem]) => {
    const text = ERRORS[problem.code]?.[lang]({ field, ...problem.params }) ?? problem.code;
    return `  - ${FIELD_NAMES[lang][field] ?? field}: ${text}`;
  });
  return [main, ...fieldLines].join('\n');
}

/** The audit verifier's problem kinds in words; its own `reason` (English, with details) follows. */
const AUDIT_PROBLEMS: Record<Lang, Record<string, string>> = {
  zh: {
    'incomplete-final-line': '最后一行写入中断（断电或崩溃），不是篡改；下次启动时会另存该残行',
    'not-json': '该行不是有效记录（被截断或被修改）',
    'empty-line': '该行被清空',
    malformed: '记录缺少字段或多出字段（被修改）',
    'hash-mismatch': '记录内容与其哈希不符（被修改）',
    'seq-gap': '记录序号跳跃（有记录被删除或移动）',
    'seq-out-of-order': '记录序号倒退或重复（记录被调换、复制或插入）',
    'prev-hash-mismatch': '与上一条记录的哈希链接断开（记录被插入或替换）',
    'log-missing': '审计日志文件不存在（被删除）',
    truncated: '审计日志末尾被截断（签名检查点担保的记录已不存在）',
    'checkpoint-forged': '签名检查点是伪造的（签名无效或不是本工作站的密钥）',
    'checkpoint-mismatch': '签名检查点与日志不符（该处及之前的记录被改写）',
    'checkpoint-missing': '日志中的检查点在检查点文件中找不到（检查点文件被删改）',
    'checkpoint-unreadable': '检查点文件或密钥环无法读取（被修改或损坏）',
  },
  en: {},
};

export function auditProblemText(lang: Lang, problem: string | undefined, reason: string): string {
  const words = problem ? AUDIT_PROBLEMS[lang][problem] : undefined;
  return words ? `${words}（${reason}）` : reason;
}

export const WORDS = {
  zh: {
    serving: (url: string) => `执法记录采集工作站已在本机启动（仅限 127.0.0.1）。请在浏览器中打开：\n  ${url}\n按 Ctrl+C 停止。`,
    watching: (roots: string) => `正在监视记录仪挂载目录：${roots || '（无）'}`,
    ingestDone: (n: number, problems: number, state: string) => `采集完成：${n} 个文件已校验入库，${problems} 个问题，状态：${state}`,
    lateFiles: (n: number, hours: number) => `${n} 个文件超过 ${hours} 小时上交时限，结束采集前须用 late-reason 填写迟交原因。`,
    auditOk: (n: number) => `审计链完整：共 ${n} 条记录，全部校验通过。`,
    auditBad: (line: number, reason: string) => `审计链校验失败：第 ${line} 行 —— ${reason}`,
    labelled: (n: number) => `已标注 ${n} 个文件。`,
    closed: (id: string) => `采集记录 ${id} 已结束。`,
    simWritten: (dir: string, n: number) => `已在 ${dir} 写入模拟记录仪卷，共 ${n} 个文件。`,
  },
  en: {
    serving: (url: string) => `Evidence Station is running on this machine (127.0.0.1 only). Open in a browser:\n  ${url}\nPress Ctrl+C to stop.`,
    watching: (roots: string) => `Watching camera mount roots: ${roots || '(none)'}`,
    ingestDone: (n: number, problems: number, state: string) => `Ingest finished: ${n} files verified and stored, ${problems} problems, state: ${state}`,
    lateFiles: (n: number, hours: number) => `${n} files came in after the ${hours}-hour hand-in limit; give the reason with late-reason before closing.`,
    auditOk: (n: number) => `Audit trail intact: ${n} records verified.`,
    auditBad: (line: number, reason: string) => `Audit trail verification FAILED at line ${line}: ${reason}`,
    labelled: (n: number) => `Labelled ${n} clips.`,
    closed: (id: string) => `Dock session ${id} closed.`,
    simWritten: (dir: string, n: number) => `Wrote an emulated camera volume to ${dir} with ${n} files.`,
  },
} satisfies Record<Lang, Record<string, (...args: never[]) => string>>;

type FixityStatusLike = CommandResponse<'fixity.status'>;

const FIXITY_WORDS = {
  zh: {
    ok: (n: number, gb: string) => `存储校验通过：${n} 个文件（${gb}）逐一重新计算 SHA-256，全部与入库时一致。`,
    bad: (n: number) => `存储校验发现 ${n} 个问题：`,
    stopped: '本次校验未完成（工作站被停止），请重新运行。',
    mismatch: (file: string, clip: string, expected: string, actual: string) => `  ! 文件已损坏：${file}（文件编号 ${clip}）应为 ${expected}，实际 ${actual}`,
    missing: (file: string, clip: string) => `  ! 文件缺失：${file}（文件编号 ${clip}）在存储中找不到`,
    unreadable: (file: string, clip: string, detail: string) => `  ! 文件无法读取：${file}（文件编号 ${clip}）${detail}`,
    unknown: (key: string) => `  ? 存储中有目录未登记的文件：${key}`,
    restore: '原始文件不会被修改或“修复”。请用光盘或备份副本恢复受影响的文件，并报告负责人；恢复后再次运行 fixity 确认。',
    deviceWarning: '注意：该文件系统不支持直接读盘（O_DIRECT），部分数据可能来自系统缓存。',
  },
  en: {
    ok: (n: number, gb: string) => `Storage check passed: ${n} files (${gb}) re-hashed one by one; every SHA-256 matches what was stored.`,
    bad: (n: number) => `Storage check found ${n} problems:`,
    stopped: 'This check did not finish (the station was stopped); run it again.',
    mismatch: (file: string, clip: string, expected: string, actual: string) => `  ! DAMAGED: ${file} (clip ${clip}) should be ${expected}, is ${actual}`,
    missing: (file: string, clip: string) => `  ! MISSING: ${file} (clip ${clip}) is not in the vault`,
    unreadable: (file: string, clip: string, detail: string) => `  ! UNREADABLE: ${file} (clip ${clip}) ${detail}`,
    unknown: (key: string) => `  ? In the vault but not in the catalogue: ${key}`,
    restore: 'Originals are never altered or "repaired". Restore the affected files from a disc or backup copy and report it to the person in charge; then run fixity again to confirm.',
    deviceWarning: 'Note: this filesystem refused direct reads (O_DIRECT); some bytes may have come from the page cache.',
  },
} as const;

/** The fixity result for people: one line when all is well, else every open problem and what to do. */
export function fixityReport(lang: Lang, status: FixityStatusLike): string {
  const words = FIXITY_WORDS[lang];
  const run = status.lastRun;
  const lines: string[] = [];
  if (run && !run.complete) lines.push(words.stopped);
  if (status.problems.length === 0) {
    lines.push(words.ok(run?.objectsChecked ?? 0, gib(run?.bytesChecked ?? 0)));
  } else {
    lines.push(words.bad(status.problems.length));
    for (const p of status.problems) {
      const file = p.originalName ?? '';
      const clip = p.clipId ?? p.key;
      if (p.kind === 'mismatch') lines.push(words.mismatch(file, clip, p.expected ?? '', p.actual ?? ''));
      else if (p.kind === 'missing') lines.push(words.missing(file, clip));
      else if (p.kind === 'unreadable') lines.push(words.unreadable(file, clip, p.detail ?? ''));
      else lines.push(words.unknown(p.key));
    }
    if (status.problems.some((p) => p.kind !== 'unknown')) lines.push(words.restore);
  }
  if (run && !run.readFromDevice) lines.push(words.deviceWarning);
  return lines.join('\n');
}
