/** Multi-selection in the label queue: click, shift-click, ctrl-click, Ctrl+A, arrows, space, after labelling. */
import { describe, expect, it } from 'vitest';
import {
  afterApplied,
  click,
  columnsFromOffsets,
  emptySelection,
  moveFocus,
  moveTo,
  reconcile,
  selectAll,
  selectNone,
  single,
  toggleFocused,
} from '../../renderer/src/features/label/selection.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const plain = { shift: false, toggle: false };
const shift = { shift: true, toggle: false };
const ctrl = { shift: false, toggle: true };
const sel = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

describe('clicks', () => {
  it('a plain click selects only that clip and sets the anchor', () => {
    const s = click(ids, selectAll(ids, emptySelection), 'c', plain);
    expect(sel(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
    expect(s.focus).toBe('c');
  });

  it('shift-click selects the range from the anchor, either direction', () => {
    const down = click(ids, single('b'), 'e', shift);
    expect(sel(down)).toEqual(['b', 'c', 'd', 'e']);
    const up = click(ids, down, 'a', shift);
    expect(sel(up)).toEqual(['a', 'b']);
    expect(up.anchor).toBe('b');
  });

  it('ctrl-click toggles one clip and keeps the rest; ctrl+shift adds a range', () => {
    let s = click(ids, single('a'), 'c', ctrl);
    expect(sel(s)).toEqual(['a', 'c']);
    s = click(ids, s, 'a', ctrl);
    expect(sel(s)).toEqual(['c']);
    expect(s.anchor).toBe('a'); // the last ctrl-clicked clip anchors the next range, selected or not
    s = click(ids, click(ids, single('c'), 'f', ctrl), 'd', { shift: true, toggle: true });
    expect(sel(s)).toEqual(['c', 'd', 'e', 'f']);
  });

  it('ignores ids that are not in the list', () => {
    const s = single('a');
    expect(click(ids, s, 'zz', plain)).toBe(s);
  });
});

describe('keyboard', () => {
  it('Ctrl+A selects all, Escape none (focus stays)', () => {
    const all = selectAll(ids, single('c'));
    expect(sel(all)).toEqual(ids);
    const none = selectNone(all);
    expect(none.selected.size).toBe(0);
    expect(none.focus).toBe('c');
  });

  it('arrows move the focus without changing the selection, clamped to the ends', () => {
    const s = moveFocus(ids, single('b'), 1, false);
    expect(s.focus).toBe('c');
    expect(sel(s)).toEqual(['b']);
    expect(moveFocus(ids, single('a'), -1, false).focus).toBe('a');
    expect(moveFocus(ids, single('e'), 4, false).focus).toBe('f');
    expect(moveFocus(ids, emptySelection, 1, false).focus).toBe('a');
    expect(moveFocus(ids, emptySelection, -1, false).focus).toBe('f');
  });

  it('up/down move by a row; shift+arrow extends the range from the anchor', () => {
    expect(moveFocus(ids, single('b'), 3, false).focus).toBe('e');
    const extended = moveFocus(ids, single('b'), 3, true);
    expect(sel(extended)).toEqual(['b', 'c', 'd', 'e']);
    const back = moveFocus(ids, extended, -4, true);
    expect(back.focus).toBe('a');
    expect(sel(back)).toEqual(['a', 'b']);
  });

  it('space toggles the focused clip', () => {
    const focused = moveFocus(ids, single('a'), 2, false);
    const toggled = toggleFocused(ids, focused);
    expect(sel(toggled)).toEqual(['a', 'c']);
    expect(sel(toggleFocused(ids, toggled))).toEqual(['a']);
    expect(sel(toggleFocused(ids, emptySelection))).toEqual(['a']);
  });

  it('Home / End go to the ends (with shift: select to the end)', () => {
    expect(moveTo(ids, single('c'), 'first', false).focus).toBe('a');
    expect(moveTo(ids, single('c'), 'last', false).focus).toBe('f');
    expect(moveTo(ids, emptySelection, 'last', false).focus).toBe('f');
    expect(sel(moveTo(ids, single('d'), 'last', true))).toEqual(['d', 'e', 'f']);
  });

  it('counts grid columns from tile positions', () => {
    expect(columnsFromOffsets([10, 10, 10, 10, 200, 200])).toBe(4);
    expect(columnsFromOffsets([10, 10])).toBe(2);
    expect(columnsFromOffsets([])).toBe(1);
  });
});

describe('when the queue changes', () => {
  it('drops clips that left and moves the focus to the one that took its place', () => {
    const s = { selected: new Set(['b', 'c']), anchor: 'b', focus: 'c' };
    const after = ['a', 'b', 'd', 'e'];
    const r = reconcile(ids, after, s);
    expect(sel(r)).toEqual(['b']);
    expect(r.focus).toBe('d');
    expect(r.anchor).toBe('b');
  });

  it('after a batch is labelled, the next clip in time order is selected', () => {
    expect(sel(afterApplied(ids, new Set(['b', 'c'])))).toEqual(['d']);
    expect(sel(afterApplied(ids, new Set(['e', 'f'])))).toEqual(['d']);
    expect(afterApplied(ids, new Set(ids)).selected.size).toBe(0);
    expect(sel(afterApplied(ids, new Set(['a', 'c'])))).toEqual(['d']);
  });
});
