/**
 * Confidentiality of a clip or a case (R5.3), narrowest last. Lives in the domain (shared with the
 * renderer, which shows the level as a badge and offers it in the label form); core/access/model.ts
 * re-exports it with the rest of the access vocabulary.
 *
 * A person's clearance is the highest level they may see at all (metadata included); anything above
 * it does not exist for them.
 */
export const CONFIDENTIALITY_LEVELS = ['ordinary', 'personal-privacy', 'commercial-secret', 'state-secret'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

export function confidentialityRank(level: ConfidentialityLevel): number {
  return CONFIDENTIALITY_LEVELS.indexOf(level);
}

export function isConfidentialityLevel(value: unknown): value is ConfidentialityLevel {
  return typeof value === 'string' && (CONFIDENTIALITY_LEVELS as readonly string[]).includes(value);
}

/** The higher (narrower) of two levels: a clip's effective level is the higher of its own and its case's. */
export function higherLevel(a: ConfidentialityLevel, b: ConfidentialityLevel | undefined): ConfidentialityLevel {
  if (b === undefined) return a;
  return confidentialityRank(b) > confidentialityRank(a) ? b : a;
}
