/** The renderer's words: both languages have the same keys, every station error code has a message. */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { AuditProblemKind } from '../../electron/core/audit/chain.js';
import type { StationErrorCode } from '../../electron/core/domain/errors.js';
import { DAMAGE_EXPLANATIONS } from '../../electron/adapters/media/parse-ffprobe.js';
import { damageText, errorMessage, fieldMessages, KNOWN_ERROR_CODES, KNOWN_FIELD_CODES, UNSAFE_REASONS, unsafeReason } from '../../renderer/src/i18n/errors.js';
import { en } from '../../renderer/src/i18n/locales/en.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { resources } from '../../renderer/src/i18n/resources.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const zhLeaves = leaves(zhCN as unknown as Tree);
const enLeaves = leaves(en as unknown as Tree);

const AUDIT_PROBLEMS = ['incomplete-final-line', 'not-json', 'empty-line', 'malformed', 'hash-mismatch', 'seq-gap', 'seq-out-of-order', 'prev-hash-mismatch', 'log-missing'] as const satisfies readonly AuditProblemKind[];

let zhT: TFunction;
let enT: TFunction;

beforeAll(async () => {
  const zh = i18next.createInstance();
  await zh.init({ resources, lng: 'zh-CN', fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, showSupportNotice: false });
  zhT = zh.t;
  const e = i18next.createInstance();
  await e.init({ resources, lng: 'en', fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, showSupportNotice: false });
  enT = e.t;
});

describe('locale resources', () => {
  it('zh-CN and en have exactly the same keys, none empty', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
    for (const [key, value] of [...zhLeaves, ...enLeaves]) expect(value.trim(), key).not.toBe('');
  });

  it('each message uses the same placeholders in both languages', () => {
    for (const [key, zh] of zhLeaves) expect(placeholders(enLeaves.get(key) ?? ''), key).toEqual(placeholders(zh));
  });

  it('the English text has no Chinese characters left in it (except examples of Chinese data)', () => {
    const allowed = new Set(['app.switchTo']);
    for (const [key, value] of enLeaves) {
      if (allowed.has(key)) continue;
      expect(/[\u4e00-\u9fa5]/.test(value), `${key}: ${value}`).toBe(false);
    }
  });
});

describe('error messages', () => {
  it('every code the station can send is known to the renderer (compile-time and at run time)', () => {
    // Compile time: a station code missing from the renderer's list fails `tsc -p tsconfig.test.json`;
    // run time: every listed code must have words (next test).
    expectTypeOf<Exclude<StationErrorCode, (typeof KNOWN_ERROR_CODES)[number]>>().toEqualTypeOf<never>();
    for (const code of ['STATION_STOPPED', 'PATTERN_INVALID', 'CONTROL_CHARS', 'CONNECTION_LOST', 'TIMEOUT', 'INVALID_RESPONSE']) expect(KNOWN_ERROR_CODES as readonly string[]).toContain(code);
  });

  it('every known code has its own message in both languages', () => {
    for (const code of KNOWN_ERROR_CODES) {
      for (const leavesOf of [zhLeaves, enLeaves]) {
        const has = leavesOf.has(`errors.${code}`) || (leavesOf.has(`errors.${code}_one`) && leavesOf.has(`errors.${code}_other`));
        expect(has, code).toBe(true);
      }
      const params = { count: 2, needed: 10, free: 5, field: 'party', reason: 'symlink', file: 'DCIM/a.MP4', setting: 'caseNumberPattern', command: 'clips.label', event: 'dock.updated', message: 'boom', id: 'f'.repeat(64), sessionId: 's1', value: 'x', example: 'y' };
      const zh = errorMessage(zhT, 'zh-CN', { code, params, message: '' });
      const english = errorMessage(enT, 'en', { code, params, message: '' });
      expect(zh, code).not.toContain('{{');
      expect(english, code).not.toContain('{{');
      expect(zh, code).not.toContain(`errors.`);
      expect(english, code).not.toContain(`errors.`);
    }
  });

  it('disk full says how much is needed and free in human units', () => {
    const gb = 1024 ** 3;
    const zh = errorMessage(zhT, 'zh-CN', { code: 'DISK_FULL', params: { needed: 3.4 * gb, free: 1.2 * gb, device: 'DSJ-1' }, message: '' });
    expect(zh).toContain('需要 3.4 GB');
    expect(zh).toContain('可用 1.2 GB');
    expect(zh).toContain('还差 2.2 GB');
    const fromMessage = errorMessage(enT, 'en', { code: 'DISK_FULL', params: {}, message: `needs ${2 * gb} bytes, ${gb} free` });
    expect(fromMessage).toContain('2.0 GB needed, 1.0 GB free (1.0 GB short)');
    expect(errorMessage(enT, 'en', { code: 'DISK_FULL', params: { needed: 512 * 1024 ** 2 }, message: '' })).toContain('(512 MB needed)');
    expect(errorMessage(zhT, 'zh-CN', { code: 'DISK_FULL', params: {}, message: '' })).toContain('存储空间不足');
  });

  it('a refused camera deletion names its reason in words, never as a key', () => {
    const zh = errorMessage(zhT, 'zh-CN', { code: 'CAMERA_DELETE_REFUSED', params: { reason: 'dock-had-problems', file: 'DCIM/A.MP4' } });
    expect(zh).toContain('本次采集有文件未能入库');
    expect(zh).not.toContain('dock-had-problems');
    expect(errorMessage(enT, 'en', { code: 'CAMERA_DELETE_REFUSED', params: { reason: 'vault-object-damaged' } })).toContain('a vault copy does not verify');
  });

  it('counts, field names and refused-entry reasons are worded', () => {
    expect(errorMessage(zhT, 'zh-CN', { code: 'SESSION_HAS_UNLABELLED', params: { count: 6 } })).toContain('还有 6 个文件未标注');
    expect(errorMessage(enT, 'en', { code: 'SESSION_HAS_UNLABELLED', params: { count: 1 } })).toContain('1 clip still needs');
    expect(errorMessage(enT, 'en', { code: 'SESSION_HAS_UNLABELLED', params: { count: 3 } })).toContain('3 clips still need');
    expect(errorMessage(zhT, 'zh-CN', { code: 'FIELD_REQUIRED', params: { field: 'caseNumber' } })).toBe('请填写案号。');
    expect(errorMessage(enT, 'en', { code: 'SETTING_INVALID', params: { setting: 'caseNumberPattern' } })).toContain('Case number pattern');
    for (const reason of UNSAFE_REASONS) {
      expect(unsafeReason(zhT, reason)).not.toBe(reason);
      expect(errorMessage(zhT, 'zh-CN', { code: 'UNSAFE_ENTRY', params: {}, message: reason })).toContain(unsafeReason(zhT, reason));
    }
    expect(unsafeReason(zhT, 'some other text')).toBe('some other text');
    expect(errorMessage(zhT, 'zh-CN', { code: 'CHECKSUM_MISMATCH', params: { file: 'DCIM/A.MP4' } })).toContain('“DCIM/A.MP4”');
  });

  it('an unknown code still says something useful, with the station text', () => {
    expect(errorMessage(enT, 'en', { code: 'NEW_THING', params: {}, message: 'the station said so' })).toBe('The station reported error NEW_THING: the station said so');
  });

  it('per-field problems map onto form fields, from label rules and from request schemas', () => {
    const fields = fieldMessages(zhT, {
      fields: {
        caseNumber: { code: 'CASE_NUMBER_INVALID', params: { value: 'x', example: '清国土罚（2026）12号' } },
        'label.party': { code: 'CONTROL_CHARS', params: {} },
        'label.location': { code: 'TOO_BIG', params: {} },
        handler: { code: 'SOMETHING_NEW', params: {} },
      },
    });
    expect(fields.caseNumber).toBe('案号格式不正确，应如：清国土罚（2026）12号');
    expect(fields.party).toContain('控制字符');
    expect(fields.location).toContain('太长');
    expect(fields.handler).toContain('SOMETHING_NEW');
    for (const code of KNOWN_FIELD_CODES) expect(zhLeaves.has(`fieldErrors.${code}`) && enLeaves.has(`fieldErrors.${code}`), code).toBe(true);
  });

  it('damaged-file explanations and audit problems are translated', () => {
    for (const explanation of Object.values(DAMAGE_EXPLANATIONS)) {
      const zh = damageText(zhT, explanation);
      expect(zh).not.toBe(explanation);
      expect(/[\u4e00-\u9fa5]/.test(zh)).toBe(true);
      expect(damageText(enT, explanation)).toBe(explanation);
    }
    expect(damageText(zhT, 'something new')).toBe('something new');
    for (const problem of AUDIT_PROBLEMS) expect(zhLeaves.has(`auditProblems.${problem}`) && enLeaves.has(`auditProblems.${problem}`), problem).toBe(true);
  });
});
