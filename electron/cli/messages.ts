/**
 * The command line's words, zh-CN and English, keyed by the station's error codes. The language comes
 * from --lang, else LANG/LC_ALL (zh* -> Chinese), else Chinese: the station's users are Chinese officers.
 */
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
  const main = ERRORS[error.code]?.[lang](error.params) ?? `${error.code}: ${error.message}`;
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
