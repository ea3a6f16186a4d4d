/**
 * Who is offered the confidentiality controls, which levels they are offered, and what a screen can
 * say about a case's level (issue F, R5.3). Mirrors RULES['clip.set-confidentiality'] in
 * electron/core/access/permissions.ts (supervisor, legal; the head counts as a supervisor). The
 * station checks again: these only spare people a form that would be refused.
 */
import { CONFIDENTIALITY_LEVELS, confidentialityRank, type ConfidentialityLevel } from '../../../electron/core/domain/confidentiality.js';
import type { Clip } from '../contract-types.js';

export function maySetConfidentiality(actor: { roles: readonly string[]; head: boolean } | undefined): boolean {
  if (!actor) return false;
  return actor.head || actor.roles.includes('supervisor') || actor.roles.includes('legal');
}

/** Levels within a clearance: the station refuses a level above it (nobody hides a record from themself). */
export function levelsUpTo(clearance: ConfidentialityLevel): ConfidentialityLevel[] {
  return CONFIDENTIALITY_LEVELS.filter((level) => confidentialityRank(level) <= confidentialityRank(clearance));
}

/**
 * The clips on a page that belong to exactly the case typed into the case filter (the filter matches
 * parts of case numbers, so "12" also finds "112"): the case control applies to one whole case only.
 */
export function clipsOfCase(caseFilter: string, clips: readonly Clip[]): { caseNumber: string; clips: Clip[] } | undefined {
  const caseNumber = caseFilter.trim();
  if (!caseNumber) return undefined;
  const own = clips.filter((clip) => clip.label?.caseNumber === caseNumber);
  return own.length > 0 ? { caseNumber, clips: own } : undefined;
}

/** The label form's confidentiality choice; '' = leave every clip's level as it is (the default). */
export interface LevelChoice {
  level: ConfidentialityLevel | '';
  reason: string;
}

export const keepLevel: LevelChoice = { level: '', reason: '' };

/** A chosen level needs the reason the contract asks for (2 characters at least, after trimming). */
export function levelChoiceComplete(choice: LevelChoice): boolean {
  return choice.level === '' || choice.reason.trim().length >= 2;
}
