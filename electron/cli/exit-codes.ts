/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  ingestIncomplete: 3,
  auditBroken: 4,
  /** fixity found a damaged, missing, unreadable or unknown vault object (or could not finish). */
  fixityProblems: 4,
  refused: 5,
} as const;
