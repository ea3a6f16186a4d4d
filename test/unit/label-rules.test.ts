import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../electron/core/domain/settings.js';
import { hasProblems, normaliseCaseNumber, sealLabel, validateLabel, type LabelDraft } from '../../electron/core/labels/label-rules.js';

const good: LabelDraft = { caseNumber: '清国土罚（2026）12号', party: '某某建材有限公司', handler: '张伟', stage: 'investigation', location: '清河县城关镇' };

describe('label rules', () => {
  it('accepts a complete label with a valid case number', () => {
    expect(validateLabel(good, DEFAULT_SETTINGS)).toEqual({});
  });

  it.each([
    ['half-width brackets', '清国土罚(2026)12号'],
    ['full-width digits', '清国土罚（２０２６）１２号'],
    ['spaces from a scanner', ' 清国土罚（2026） 12号 '],
  ])('normalises %s before matching', (_name, raw) => {
    expect(validateLabel({ ...good, caseNumber: raw }, DEFAULT_SETTINGS)).toEqual({});
    expect(normaliseCaseNumber(raw)).toBe('清国土罚（2026）12号');
  });

  it.each([
    ['no year', '清国土罚12号'],
    ['latin letters', 'ABC（2026）12号'],
    ['missing 号', '清国土罚（2026）12'],
    ['path traversal', '../../etc/passwd'],
  ])('rejects a case number with %s and names the example', (_name, caseNumber) => {
    const problems = validateLabel({ ...good, caseNumber }, DEFAULT_SETTINGS);
    expect(problems.caseNumber).toEqual({ code: 'CASE_NUMBER_INVALID', params: { value: caseNumber, example: DEFAULT_SETTINGS.caseNumberExample } });
  });

  it('reports every empty required field at once', () => {
    const problems = validateLabel({ ...good, party: '  ', handler: '', location: '' }, DEFAULT_SETTINGS);
    expect(Object.keys(problems).sort()).toEqual(['handler', 'location', 'party']);
    expect(problems.party?.code).toBe('FIELD_REQUIRED');
  });

  it('reports a broken agency pattern instead of throwing', () => {
    const problems = validateLabel(good, { ...DEFAULT_SETTINGS, caseNumberPattern: '([' });
    expect(problems.caseNumber?.code).toBe('PATTERN_INVALID');
    expect(hasProblems(problems)).toBe(true);
  });

  it('seals a trimmed label with who and when, dropping empty optionals', () => {
    const at = new Date('2026-11-23T08:00:00Z');
    const label = sealLabel({ ...good, party: ' 李四 ', notes: '  ', causeOfAction: '非法占地' }, '王芳(3201009)', at);
    expect(label).toEqual({ ...good, party: '李四', causeOfAction: '非法占地', labelledAt: at.toISOString(), labelledBy: '王芳(3201009)' });
  });
});
