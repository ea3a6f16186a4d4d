/** A clip as the permission table sees it: its department, effective level and whose footage it is. */
import type { AccessTarget } from '../access/permissions.js';
import type { Clip } from '../domain/clip.js';
import type { ConfidentialityLevel } from '../domain/confidentiality.js';
import { accessTarget } from '../access/visibility.js';
import type { CatalogueStore } from '../ports.js';

/** The level a case was given (issue F part 1); undefined when the case has none. */
export type CaseLevelLookup = (caseNumber: string) => ConfidentialityLevel | undefined;

/** The clip as the permission table sees it (core/access/visibility.ts), with its case's level. */
export function clipTarget(clip: Clip, caseLevel?: CaseLevelLookup): AccessTarget {
  const caseNumber = clip.label?.caseNumber;
  return accessTarget(clip, caseNumber !== undefined && caseLevel ? caseLevel(caseNumber) : undefined);
}

/** Every clip matching `query`, page by page (the catalogue answers pages). */
export function allClips(catalogue: CatalogueStore, query: { from?: string; to?: string; deviceNumber?: string; caseNumber?: string } = {}): Clip[] {
  const out: Clip[] = [];
  for (let offset = 0; ; ) {
    const page = catalogue.query({ ...query, offset, limit: 5000 });
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return out;
  }
}
