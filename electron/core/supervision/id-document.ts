/**
 * Identity documents of a party asking for a copy (R5.2). The 18-digit resident identity number
 * (GB 11643-1999) carries a check character (ISO 7064 MOD 11-2), so a mistyped digit is caught at the
 * counter, not discovered on the cover sheet. Other documents are checked for shape only.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdDocumentProblem = 'format' | 'birth-date' | 'check-digit';

export function residentIdProblem(raw: string): IdDocumentProblem | undefined {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return 'birth-date';
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17] ? undefined : 'check-digit';
}

export function idDocumentProblem(type: string, raw: string): IdDocumentProblem | undefined {
  if (type === 'resident-id') return residentIdProblem(raw);
  return /^[0-9A-Za-z-]{4,40}$/.test(raw.trim()) ? undefined : 'format';
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** First 3 and last 4 characters, the rest as '*': enough to tell two parties apart, not to copy one. */
export function maskIdNumber(raw: string): string {
  const id = normaliseIdNumber(raw);
  if (id.length <= 7) return `${id.slice(0, 1)}${'*'.repeat(Math.max(0, id.length - 1))}`;
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
