/**
 * What a clip is for the permission rules: its department, its effective confidentiality (the higher of
 * the clip's own and its case's) and whose footage it is. Every list the station returns goes through
 * `visibleClips`, so a clip the actor may not see is absent - counts included - not merely hidden.
 */
import type { Clip } from '../domain/clip.js';
import { higherLevel, type Actor, type ConfidentialityLevel } from './model.js';
import { can, decideFor, type AccessTarget } from './permissions.js';
import type { CaseLevels } from './ports.js';

export function effectiveLevel(clip: Pick<Clip, 'confidentiality' | 'label'>, caseLevels: CaseLevels): ConfidentialityLevel {
  const caseLevel = clip.label ? caseLevels[clip.label.caseNumber] : undefined;
  return higherLevel(clip.confidentiality ?? 'ordinary', caseLevel);
}

export function clipTarget(clip: Pick<Clip, 'department' | 'confidentiality' | 'label' | 'camera'>, caseLevels: CaseLevels): AccessTarget {
  return accessTarget(clip, clip.label ? caseLevels[clip.label.caseNumber] : undefined);
}

/** The access target of a clip whose case has `caseLevel` (undefined: the case has none). */
export function accessTarget(clip: Pick<Clip, 'department' | 'confidentiality' | 'camera'>, caseLevel: ConfidentialityLevel | undefined): AccessTarget {
  // Built field by field, not with conditional spreads: a catalogue search builds one per clip.
  const target: AccessTarget = { confidentiality: higherLevel(clip.confidentiality ?? 'ordinary', caseLevel) };
  if (clip.department !== undefined) target.department = clip.department;
  if (clip.camera.officerNumber !== undefined) target.ownerBadge = clip.camera.officerNumber;
  return target;
}

export function maySee(actor: Actor, clip: Clip, caseLevels: CaseLevels): boolean {
  return can(actor, 'clip.see', clipTarget(clip, caseLevels)).allowed;
}

/** `maySee` for one actor over many clips (a catalogue search): the rule is settled once, not per clip. */
export function seenBy(actor: Actor, caseLevels: CaseLevels): (clip: Clip) => boolean {
  const decide = decideFor(actor, 'clip.see');
  return (clip) => decide(clipTarget(clip, caseLevels)).allowed;
}

/** The clip as the actor may receive it: with its effective level filled in (the badge the UI shows). */
export function withEffectiveLevel(clip: Clip, caseLevels: CaseLevels): Clip {
  const level = effectiveLevel(clip, caseLevels);
  return level === (clip.confidentiality ?? 'ordinary') ? clip : { ...clip, confidentiality: level };
}
