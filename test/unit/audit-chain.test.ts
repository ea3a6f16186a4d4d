import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../electron/core/domain/audit.js';
import {
  GENESIS_PREV_HASH,
  canonicalJson,
  formatRecordLine,
  hashRecord,
  sealRecord,
  verifyLines,
  verifyText,
} from '../../electron/core/audit/chain.js';
import { describeVerification } from '../../electron/core/audit/describe.js';

const AT = '2024-05-01T08:00:00.000Z';

/** An intact chain of `count` records, as the lines a log file would hold (line ends removed). */
function chainLines(count: number): string[] {
  const lines: string[] = [];
  let prevHash = GENESIS_PREV_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const record = sealRecord(
      { actor: `officer-${seq}`, action: 'clip.label', target: `clip:${seq}`, before: { caseNumber: '' }, after: { caseNumber: `案号-${seq}`, party: '张三' } },
      seq,
      AT,
      prevHash,
    );
    prevHash = record.hash;
    lines.push(formatRecordLine(record).slice(0, -1));
  }
  return lines;
}

function recordOn(lines: string[], lineNumber: number): AuditRecord {
  return JSON.parse(lines[lineNumber - 1] as string) as AuditRecord;
}

/** A record that hashes correctly on its own: what a forger who knows the format would write. */
function forge(seq: number, prevHash: string): string {
  return JSON.stringify(sealRecord({ actor: 'forger', action: 'clip.delete', target: 'clip:x' }, seq, AT, prevHash));
}

function failure(result: ReturnType<typeof verifyLines>) {
  if (result.ok) throw new Error(`expected verification to fail, got ${JSON.stringify(result)}`);
  return result;
}

describe('canonical hashing', () => {
  it('sorts object keys recursively, keeps array order and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, Number.NaN, 'x'])).toBe('[null,null,"x"]');
  });

  it('hashes before/after the same whatever their key order', () => {
    const base = { seq: 1, at: AT, actor: 'a', action: 'x', target: 't', prevHash: GENESIS_PREV_HASH };
    const one = hashRecord({ ...base, before: { caseNumber: 'A', party: 'B', nested: { p: 1, q: 2 } } });
    const two = hashRecord({ ...base, before: { nested: { q: 2, p: 1 }, party: 'B', caseNumber: 'A' } });
    expect(one).toBe(two);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecord({ ...base, before: { caseNumber: 'A', party: 'C', nested: { p: 1, q: 2 } } })).not.toBe(one);
  });

  it('ignores a hash field, so a whole record can be re-hashed', () => {
    const record = sealRecord({ actor: 'a', action: 'x', target: 't' }, 1, AT, GENESIS_PREV_HASH);
    expect(hashRecord(record)).toBe(record.hash);
  });

  it('seals so that the written line hashes the same when read back', () => {
    const record = sealRecord({ actor: 'a', action: 'x', target: 't', detail: { when: new Date(AT), gone: undefined, zero: -0 } }, 1, AT, GENESIS_PREV_HASH);
    const readBack = JSON.parse(formatRecordLine(record)) as AuditRecord;
    expect(readBack).toEqual(record);
    expect(hashRecord(readBack)).toBe(record.hash);
    expect(record.prevHash).toBe(GENESIS_PREV_HASH);
    expect('before' in record).toBe(false);
  });

  it('refuses an entry that does not say who, what and to which record', () => {
    expect(() => sealRecord({ actor: ' ', action: 'x', target: 't' }, 1, AT, GENESIS_PREV_HASH)).toThrow(/actor/);
  });
});

describe('verifyLines', () => {
  it('accepts an intact chain and reports its last hash', () => {
    const lines = chainLines(10);
    expect(verifyLines(lines)).toEqual({ ok: true, records: 10, lastHash: recordOn(lines, 10).hash });
    expect(verifyLines([])).toEqual({ ok: true, records: 0, lastHash: GENESIS_PREV_HASH });
  });

  it('names an edited field', () => {
    const lines = chainLines(10);
    lines[3] = (lines[3] as string).replace('officer-4', 'officer-9');
    const result = failure(verifyLines(lines));
    expect(result).toMatchObject({ firstBadLine: 4, firstBadSeq: 4, records: 3, problem: 'hash-mismatch' });
    expect(result.reason).toBe('line 4 (seq 4): content does not match its hash (record edited)');
  });

  it('names an edit inside the before/after values', () => {
    const lines = chainLines(10);
    lines[6] = (lines[6] as string).replace('张三', '李四');
    expect(failure(verifyLines(lines))).toMatchObject({ firstBadLine: 7, problem: 'hash-mismatch' });
  });

  it('catches an edit whose hash was recomputed, at the next link', () => {
    const lines = chainLines(10);
    const edited = { ...recordOn(lines, 4), actor: 'someone-else' };
    lines[3] = JSON.stringify({ ...edited, hash: hashRecord(edited) });
    const result = failure(verifyLines(lines));
    expect(result).toMatchObject({ firstBadLine: 5, firstBadSeq: 5, problem: 'prev-hash-mismatch' });
    expect(result.reason).toMatch(/previous-hash link broken/);
  });

  it('names a deleted record', () => {
    const lines = chainLines(10);
    lines.splice(3, 1);
    const result = failure(verifyLines(lines));
    expect(result).toMatchObject({ firstBadLine: 4, firstBadSeq: 5, records: 3, problem: 'seq-gap' });
    expect(result.reason).toBe('line 4 (seq 5): seq 5 follows 3 - 1 record missing (deleted or reordered)');
  });

  it('names deleted records at the start of the log', () => {
    const lines = chainLines(10).slice(2);
    expect(failure(verifyLines(lines)).reason).toMatch(/^line 1 \(seq 3\): seq 3 at the start of the log - 2 records missing/);
  });

  it('names two swapped records at the first of them', () => {
    const lines = chainLines(10);
    [lines[4], lines[5]] = [lines[5] as string, lines[4] as string];
    const result = failure(verifyLines(lines));
    expect(result).toMatchObject({ firstBadLine: 5, firstBadSeq: 6, problem: 'seq-gap' });
    expect(result.reason).toMatch(/reordered/);
  });

  it('names a duplicated record', () => {
    const lines = chainLines(10);
    lines.splice(5, 0, lines[4] as string);
    expect(failure(verifyLines(lines))).toMatchObject({ firstBadLine: 6, firstBadSeq: 5, problem: 'seq-out-of-order' });
  });

  describe('an inserted forged record (self-consistent hash)', () => {
    it('whose prevHash does not fit is named at its own line', () => {
      const lines = chainLines(10);
      lines.splice(5, 0, forge(6, 'f'.repeat(64)));
      expect(failure(verifyLines(lines))).toMatchObject({ firstBadLine: 6, firstBadSeq: 6, problem: 'prev-hash-mismatch' });
    });

    it('whose seq does not fit is named at its own line', () => {
      const lines = chainLines(10);
      lines.splice(5, 0, forge(42, recordOn(lines, 5).hash));
      expect(failure(verifyLines(lines))).toMatchObject({ firstBadLine: 6, firstBadSeq: 42, problem: 'seq-gap' });
    });

    it('that fits perfectly is caught at the genuine record after it', () => {
      const lines = chainLines(10);
      lines.splice(5, 0, forge(6, recordOn(lines, 5).hash));
      const result = failure(verifyLines(lines));
      expect(result).toMatchObject({ firstBadLine: 7, firstBadSeq: 6, problem: 'seq-out-of-order' });
      expect(result.reason).toMatch(/inserted/);
    });
  });

  it('reports an unterminated, cut-off last line as an interrupted append, not tampering', () => {
    const lines = chainLines(10);
    lines[9] = (lines[9] as string).slice(0, 40);
    const result = failure(verifyLines(lines, { finalLineTerminated: false }));
    expect(result).toMatchObject({ firstBadLine: 10, records: 9, problem: 'incomplete-final-line' });
    expect(result.firstBadSeq).toBeUndefined();
    expect(result.reason).toMatch(/interrupted.*not tampering/);
  });

  it('reports a complete last record missing only its line end as an interrupted append', () => {
    const result = failure(verifyLines(chainLines(3), { finalLineTerminated: false }));
    expect(result).toMatchObject({ firstBadLine: 3, firstBadSeq: 3, records: 2, problem: 'incomplete-final-line' });
  });

  it('treats a cut-off line that still has its line end as edited', () => {
    const lines = chainLines(10);
    lines[9] = (lines[9] as string).slice(0, 40);
    const result = failure(verifyLines(lines));
    expect(result).toMatchObject({ firstBadLine: 10, problem: 'not-json' });
    expect(result.reason).toBe('line 10 is not valid JSON (truncated or edited)');
  });

  it('treats a cut-off line in the middle as edited even when the file ends unterminated', () => {
    const lines = chainLines(10);
    lines[4] = (lines[4] as string).slice(0, 40);
    expect(failure(verifyLines(lines, { finalLineTerminated: false }))).toMatchObject({ firstBadLine: 5, problem: 'not-json' });
  });

  it('names a blanked line and a record missing a field', () => {
    const blank = chainLines(5);
    blank[2] = '';
    expect(failure(verifyLines(blank))).toMatchObject({ firstBadLine: 3, problem: 'empty-line' });

    const missingField = chainLines(5);
    const { actor: _actor, ...withoutActor } = recordOn(missingField, 2);
    missingField[1] = JSON.stringify(withoutActor);
    const result = failure(verifyLines(missingField));
    expect(result).toMatchObject({ firstBadLine: 2, firstBadSeq: 2, problem: 'malformed' });
    expect(result.reason).toMatch(/'actor'/);
  });

  it('treats a field slipped into a record as an edit', () => {
    const lines = chainLines(5);
    lines[1] = JSON.stringify({ ...recordOn(lines, 2), approvedBy: 'nobody' });
    expect(failure(verifyLines(lines))).toMatchObject({ firstBadLine: 2, problem: 'hash-mismatch' });
  });

  it('accepts records whose keys were reordered on disk', () => {
    const lines = chainLines(3);
    const record = recordOn(lines, 2);
    lines[1] = JSON.stringify(Object.fromEntries(Object.entries(record).reverse()));
    expect(verifyLines(lines).ok).toBe(true);
  });
});

describe('verifyText', () => {
  it('works out whether the last line was terminated', () => {
    const text = `${chainLines(4).join('\n')}\n`;
    expect(verifyText(text)).toMatchObject({ ok: true, records: 4 });
    expect(verifyText(text.slice(0, -15))).toMatchObject({ ok: false, firstBadLine: 4, problem: 'incomplete-final-line' });
    expect(verifyText('')).toMatchObject({ ok: true, records: 0 });
  });
});

describe('describeVerification', () => {
  it('summarises success and failure on one line', () => {
    const ok = describeVerification({ ok: true, records: 1, lastHash: 'ab'.repeat(32) });
    expect(ok).toBe(`audit log OK: 1 record verified, last hash ${'ab'.repeat(32)}`);
    const lines = chainLines(10);
    lines.splice(3, 1);
    const bad = describeVerification(verifyLines(lines));
    expect(bad).toBe('audit log FAILED verification: line 4 (seq 5): seq 5 follows 3 - 1 record missing (deleted or reordered); 3 records before it verified');
    expect(bad).not.toContain('\n');
  });
});
