/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  ingestIncomplete: 3,
  auditBroken: 4,
  refused: 5,
} as const;
