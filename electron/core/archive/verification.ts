/**
 * Verification is its own step and its result is a value: every file the disc should hold, judged
 * against what was read back from the medium. Footage is judged against the catalogue's SHA-256 (the
 * vault's content address, taken from the camera's bytes at ingest), never against the staging copy;
 * generated files (sheets, manifests, index.html) against the hash taken when they were written.
 */
import type { DiscFile, DiscProblem, DiscVerification } from './model.js';
import type { ReadBackReport } from './ports.js';

/** How many problems a verification record keeps in full; the rest are counted. */
export const KEPT_PROBLEMS = 50;

export interface JudgeInput {
  expected: readonly DiscFile[];
  report: ReadBackReport;
  /** The catalogue's SHA-256 and size of a clip, or undefined when the catalogue no longer knows it. */
  catalogue: (clipId: string) => { sha256: string; size: number } | undefined;
  at: string;
  by: string;
}

export function judgeReadBack(input: JudgeInput): DiscVerification {
  const read = new Map(input.report.files.map((file) => [file.path, file]));
  const problems: DiscProblem[] = [];
  let bytesChecked = 0;
  for (const file of input.expected) {
    const known = file.role === 'payload' && file.clipId !== undefined ? input.catalogue(file.clipId) : undefined;
    const expectedSha = known?.sha256 ?? file.sha256;
    const expectedSize = known?.size ?? file.size;
    const got = read.get(file.path);
    if (got === undefined) {
      problems.push({ path: file.path, problem: 'missing', expected: expectedSha });
      continue;
    }
    if (got.error !== undefined || got.sha256 === undefined) {
      problems.push({ path: file.path, problem: 'unreadable', expected: expectedSha, detail: got.error ?? 'no checksum was read' });
      continue;
    }
    bytesChecked += got.size ?? 0;
    if (got.sha256 !== expectedSha) problems.push({ path: file.path, problem: 'mismatch', expected: expectedSha, actual: got.sha256 });
    else if (got.size !== undefined && got.size !== expectedSize) problems.push({ path: file.path, problem: 'size-differs', expected: String(expectedSize), actual: String(got.size) });
  }
  for (const path of input.report.unexpected) problems.push({ path, problem: 'unexpected' });
  return {
    at: input.at,
    by: input.by,
    ok: problems.length === 0,
    filesChecked: input.expected.length,
    bytesChecked,
    fromDevice: input.report.fromDevice,
    problems: problems.slice(0, KEPT_PROBLEMS),
    ...(problems.length > KEPT_PROBLEMS ? { moreProblems: problems.length - KEPT_PROBLEMS } : {}),
  };
}
