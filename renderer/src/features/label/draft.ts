/** The label form's values and the station's label rules applied to them, before anything is sent. */
import { validateLabel, type LabelDraft } from '../../../../electron/core/labels/label-rules.js';
import type { AgencySettings, EnforcementStage, LabelInput, LongTermReason } from '../../contract-types.js';

export const LABEL_FIELDS = ['caseNumber', 'party', 'handler', 'stage', 'location', 'causeOfAction', 'notes', 'longTerm'] as const;
export type LabelFormField = (typeof LABEL_FIELDS)[number];

export interface Draft {
  caseNumber: string;
  party: string;
  handler: string;
  stage: EnforcementStage | '';
  location: string;
  causeOfAction: string;
  notes: string;
  longTerm: LongTermReason | '';
}

/** Most body-camera footage is taken while investigating and collecting evidence: that stage is preselected. */
export const emptyDraft: Draft = { caseNumber: '', party: '', handler: '', stage: 'investigation', location: '', causeOfAction: '', notes: '', longTerm: '' };

export interface FieldProblem {
  code: string;
  params: Record<string, string | number>;
}
export type FieldProblems = Partial<Record<LabelFormField, FieldProblem>>;

/** The contract refuses control characters in people's text (they break logs and labels). */
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** What is sent: trimmed, optional fields left out when empty. */
export function draftToLabel(draft: Draft): LabelInput {
  const label: LabelInput = {
    caseNumber: draft.caseNumber.trim(),
    party: draft.party.trim(),
    handler: draft.handler.trim(),
    // An empty stage never gets here: checkDraft reports it first.
    stage: (draft.stage || 'other') as EnforcementStage,
    location: draft.location.trim(),
  };
  if (draft.causeOfAction.trim()) label.causeOfAction = draft.causeOfAction.trim();
  if (draft.notes.trim()) label.notes = draft.notes.trim();
  if (draft.longTerm) label.longTerm = draft.longTerm;
  return label;
}

/** The station's own rules (required fields, case number pattern) plus the contract's no-control-characters rule. */
export function checkDraft(draft: Draft, settings: Pick<AgencySettings, 'caseNumberPattern' | 'caseNumberExample'>): FieldProblems {
  const ruleDraft: LabelDraft = { ...draftToLabel(draft), stage: draft.stage as EnforcementStage };
  const problems: FieldProblems = { ...validateLabel(ruleDraft, settings) };
  for (const field of ['caseNumber', 'party', 'handler', 'location', 'causeOfAction', 'notes'] as const) {
    if (!problems[field] && hasControlChars(draft[field])) problems[field] = { code: 'CONTROL_CHARS', params: {} };
  }
  return problems;
}

/** The station's per-field problems ("caseNumber" or "label.caseNumber") on the form's fields. */
export function problemsFromFields(fields: Record<string, FieldProblem> | undefined): FieldProblems {
  const out: FieldProblems = {};
  for (const [path, problem] of Object.entries(fields ?? {})) {
    const field = path.split('.').pop();
    if (field && (LABEL_FIELDS as readonly string[]).includes(field)) out[field as LabelFormField] ??= problem;
  }
  return out;
}

export function firstProblemField(problems: FieldProblems): LabelFormField | undefined {
  return LABEL_FIELDS.find((field) => problems[field] !== undefined);
}
