import { describe, expect, it } from 'vitest';
import { contentRangeHeader, parseRangeHeader } from '../../electron/core/player/byte-range.js';

const SIZE = 1000;

describe('parseRangeHeader: single ranges', () => {
  it('sends the whole file when no Range header came', () => {
    expect(parseRangeHeader(undefined, SIZE)).toEqual({ kind: 'full' });
    expect(parseRangeHeader(null, SIZE)).toEqual({ kind: 'full' });
  });

  it('reads bytes=a-b as an inclusive interval', () => {
    expect(parseRangeHeader('bytes=0-99', SIZE)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRangeHeader('bytes=500-500', SIZE)).toEqual({ kind: 'partial', start: 500, end: 500 });
  });

  it('reads bytes=a- as "from a to the end" (what <video> sends first)', () => {
    expect(parseRangeHeader('bytes=0-', SIZE)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRangeHeader('bytes=999-', SIZE)).toEqual({ kind: 'partial', start: 999, end: 999 });
  });

  it('reads bytes=-n as the last n bytes, and the whole file when n is larger', () => {
    expect(parseRangeHeader('bytes=-100', SIZE)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRangeHeader('bytes=-5000', SIZE)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('clamps a last position past the end', () => {
    expect(parseRangeHeader('bytes=900-5000', SIZE)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRangeHeader('bytes=0-99999999999999999999999', SIZE)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('accepts the unit in any case and whitespace around the spec', () => {
    expect(parseRangeHeader('Bytes=10-19', SIZE)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseRangeHeader('bytes= 10-19 ', SIZE)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseRangeHeader('bytes=10-19,', SIZE)).toEqual({ kind: 'partial', start: 10, end: 19 });
  });
});

describe('parseRangeHeader: unsatisfiable ranges get 416', () => {
  it('refuses a first position at or past the end', () => {
    expect(parseRangeHeader('bytes=1000-', SIZE)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=1000-2000', SIZE)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=99999999999999999999-', SIZE)).toEqual({ kind: 'unsatisfiable' });
  });

  it('refuses an empty suffix', () => {
    expect(parseRangeHeader('bytes=-0', SIZE)).toEqual({ kind: 'unsatisfiable' });
  });

  it('refuses any interval of a zero-length file, but answers a suffix with the (empty) file', () => {
    expect(parseRangeHeader('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=-10', 0)).toEqual({ kind: 'full' });
  });
});

describe('parseRangeHeader: ranges we ignore (RFC 9110 §14.2) get the whole file', () => {
  it.each([
    ['an unknown unit', 'items=0-10'],
    ['no unit at all', '0-10'],
    ['a last position before the first', 'bytes=20-10'],
    ['a missing first position and last position', 'bytes=-'],
    ['signs and junk', 'bytes=+1-2'],
    ['letters', 'bytes=a-b'],
    ['decimals', 'bytes=1.5-2'],
    ['an empty set', 'bytes='],
    ['an empty header', ''],
  ])('ignores %s', (_why, header) => {
    expect(parseRangeHeader(header, SIZE)).toEqual({ kind: 'full' });
  });

  it('ignores several ranges instead of answering only one of them', () => {
    expect(parseRangeHeader('bytes=0-1,5-6', SIZE)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=5000-,0-10', SIZE)).toEqual({ kind: 'full' });
  });
});

describe('contentRangeHeader', () => {
  it('names the slice for 206 and only the size for 416', () => {
    expect(contentRangeHeader({ kind: 'partial', start: 0, end: 99 }, SIZE)).toBe('bytes 0-99/1000');
    expect(contentRangeHeader({ kind: 'unsatisfiable' }, SIZE)).toBe('bytes */1000');
    expect(contentRangeHeader({ kind: 'full' }, SIZE)).toBeUndefined();
  });
});
