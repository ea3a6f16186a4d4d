import { describe, expect, it } from 'vitest';
import { compareByRecordingTime } from '../../electron/adapters/catalogue/clip-filter.js';
import { displayOrder } from '../../electron/adapters/catalogue/display-order.js';
import { encodeJsonAsAscii } from '../../electron/adapters/catalogue/durable-json-adapter.js';

function referenceOrder(times: number[], ids: string[]): number[] {
  return times.map((_, i) => i).sort((a, b) => compareByRecordingTime(times[a] as number, ids[a] as string, times[b] as number, ids[b] as string));
}

describe('displayOrder', () => {
  it('equals sorting with the comparator, including ties, same seconds and unusable times', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const base = Date.parse('2026-03-12T00:00:00Z');
    const times: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const kind = random();
      // Many clips within a few seconds (exact ties and same-second runs), some far apart,
      // some from a camera with a dead clock (1970, before 1970), and some with no usable time.
      const time =
        kind < 0.4 ? base + Math.floor(random() * 3_000)
        : kind < 0.8 ? base - Math.floor(random() * 1e11)
        : kind < 0.9 ? Math.floor(random() * 5_000) - 2_500
        : kind < 0.95 ? 1e15
        : Number.NEGATIVE_INFINITY;
      times.push(time);
      ids.push(`id-${Math.floor(random() * 1e9).toString(16)}-${i}`);
    }
    const order = displayOrder(Float64Array.from(times), (i) => ids[i] as string);
    expect([...order]).toEqual(referenceOrder(times, ids));
  });

  it('handles an empty catalogue and a single clip', () => {
    expect([...displayOrder(new Float64Array(0), () => '')]).toEqual([]);
    expect([...displayOrder(Float64Array.of(5), () => 'a')]).toEqual([0]);
  });
});

describe('encodeJsonAsAscii', () => {
  it('writes JSON as pure ASCII that reads back identically', () => {
    const value = { caseNumber: '清国土罚（2026）12号', emoji: '📹', mixed: 'a\u00e9b\u007f', quote: '"\\', empty: '' };
    const bytes = encodeJsonAsAscii(JSON.stringify(value));
    expect(bytes.every((byte) => byte >= 0x20 && byte < 0x7f)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(value);
  });

  it('leaves ASCII JSON as it is', () => {
    const text = JSON.stringify({ a: 'plain', n: [1, 2] });
    expect(encodeJsonAsAscii(text).toString('latin1')).toBe(text);
  });
});
