/**
 * The station's label rules, on the renderer's side of the bridge, so a form can mark every field at
 * once before anything is sent. The station stays the authority: it applies its own rules
 * (electron/core/labels/label-rules.ts) to every clips.label call. The renderer may import only the
 * contract from electron/ (eslint.config.js), hence this copy; test/unit/renderer-rules.test.ts runs
 * both on the same table of inputs so they cannot drift apart unnoticed.
 */
import type { AgencySettings, ClipLabel, EnforcementStage, LongTermReason } from '../contract-types.js';

export interface LabelDraft {
  caseNumber: string;
  party: string;
  handler: string;
  stage: EnforcementStage;
  location: string;
  causeOfAction?: string | undefined;
  notes?: string | undefined;
  longTerm?: LongTermReason | undefined;
}

export type LabelField = 'caseNumber' | 'party' | 'handler' | 'stage' | 'location';
export interface FieldProblem {
  code: 'FIELD_REQUIRED' | 'CASE_NUMBER_INVALID' | 'PATTERN_INVALID';
  params: Record<string, string | number>;
}
export type LabelProblems = Partial<Record<LabelField, FieldProblem>>;

const REQUIRED: LabelField[] = ['caseNumber', 'party', 'handler', 'stage', 'location'];

/** Full-width digits and half-width brackets as a scanner or an IME may produce them: one case, one spelling. */
export function normaliseCaseNumber(raw: string): string {
  return raw
    .trim()
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

export function compileCaseNumberPattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

export function validateLabel(draft: LabelDraft, settings: Pick<AgencySettings, 'caseNumberPattern' | 'caseNumberExample'>): LabelProblems {
  const problems: LabelProblems = {};
  for (const field of REQUIRED) {
    const value = draft[field];
    if (typeof value !== 'string' || value.trim() === '') problems[field] = { code: 'FIELD_REQUIRED', params: { field } };
  }
  if (!problems.caseNumber) {
    const pattern = compileCaseNumberPattern(settings.caseNumberPattern);
    if (!pattern) problems.caseNumber = { code: 'PATTERN_INVALID', params: { pattern: settings.caseNumberPattern } };
    else if (!pattern.test(normaliseCaseNumber(draft.caseNumber)))
      problems.caseNumber = { code: 'CASE_NUMBER_INVALID', params: { value: draft.caseNumber, example: settings.caseNumberExample } };
  }
  return problems;
}

export function hasProblems(problems: LabelProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** What the station stores for a valid draft (used by the in-memory fake station). */
export function sealLabel(draft: LabelDraft, labelledBy: string, at: Date): ClipLabel {
  const label: ClipLabel = {
    caseNumber: normaliseCaseNumber(draft.caseNumber),
    party: draft.party.trim(),
    handler: draft.handler.trim(),
    stage: draft.stage,
    location: draft.location.trim(),
    labelledAt: at.toISOString(),
    labelledBy,
  };
  if (draft.causeOfAction?.trim()) label.causeOfAction = draft.causeOfAction.trim();
  if (draft.notes?.trim()) label.notes = draft.notes.trim();
  if (draft.longTerm) label.longTerm = draft.longTerm;
  return label;
}
