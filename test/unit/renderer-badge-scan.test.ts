/** The badge sign-in's pure helpers: a keyboard-wedge scan told apart from typing, and its digits cleaned. */
import { describe, expect, it } from 'vitest';
import { cleanBadge, looksScanned } from '../../renderer/src/features/login/badge-scan.js';

describe('badge scanner', () => {
  it('cleans full-width digits and stray spaces a scanner may send', () => {
    expect(cleanBadge(' ３２０１ 008 ')).toBe('3201008');
  });

  it.each([
    [[0, 8, 16, 24, 32, 40, 48], true],
    [[0, 8, 16], false],
    [[0, 120, 260, 390, 500], false],
    [[0, 8, 16, 200, 208], false],
  ])('key times %j look scanned: %s', (times, scanned) => expect(looksScanned(times)).toBe(scanned));
});
