/**
 * Multi-selection of a grid of clips, as pure functions over the ordered list of ids: click, shift-click
 * (range from the anchor), ctrl/cmd-click (toggle), Ctrl+A, arrow keys (move focus; with Shift extend
 * the range), Space (toggle the focused one). Unit-tested in test/unit/renderer-selection.test.ts.
 */
export interface Selection {
  selected: ReadonlySet<string>;
  /** Where a shift range starts. */
  anchor: string | undefined;
  /** The tile that has the keyboard focus. */
  focus: string | undefined;
}

export const emptySelection: Selection = { selected: new Set(), anchor: undefined, focus: undefined };

export function single(id: string): Selection {
  return { selected: new Set([id]), anchor: id, focus: id };
}

function range(ids: readonly string[], from: string | undefined, to: string): string[] {
  const end = ids.indexOf(to);
  if (end === -1) return [];
  const startIndex = from === undefined ? -1 : ids.indexOf(from);
  const start = startIndex === -1 ? end : startIndex;
  const [lo, hi] = start <= end ? [start, end] : [end, start];
  return ids.slice(lo, hi + 1);
}

export interface Modifiers {
  shift: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle: boolean;
}

export function click(ids: readonly string[], selection: Selection, id: string, mods: Modifiers): Selection {
  if (!ids.includes(id)) return selection;
  if (mods.shift) {
    const span = range(ids, selection.anchor ?? selection.focus, id);
    const selected = new Set(mods.toggle ? [...selection.selected, ...span] : span);
    return { selected, anchor: selection.anchor ?? id, focus: id };
  }
  if (mods.toggle) {
    const selected = new Set(selection.selected);
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    return { selected, anchor: id, focus: id };
  }
  return single(id);
}

export function selectAll(ids: readonly string[], selection: Selection): Selection {
  return { selected: new Set(ids), anchor: selection.anchor ?? ids[0], focus: selection.focus ?? ids[0] };
}

export function selectNone(selection: Selection): Selection {
  return { selected: new Set(), anchor: selection.focus, focus: selection.focus };
}

export function toggleFocused(ids: readonly string[], selection: Selection): Selection {
  const id = selection.focus ?? ids[0];
  if (id === undefined) return selection;
  return click(ids, { ...selection, focus: id }, id, { shift: false, toggle: true });
}

/**
 * Moves the focus by `delta` tiles (±1 for left/right, ±columns for up/down), clamped to the list.
 * Without `extend` the selection stays as it is (ARIA listbox convention: Space selects); with it, the
 * selection becomes the range from the anchor to the new focus.
 */
export function moveFocus(ids: readonly string[], selection: Selection, delta: number, extend: boolean): Selection {
  if (ids.length === 0) return selection;
  const current = selection.focus === undefined ? -1 : ids.indexOf(selection.focus);
  const nextIndex = current === -1 ? (delta > 0 ? 0 : ids.length - 1) : Math.max(0, Math.min(ids.length - 1, current + delta));
  const focus = ids[nextIndex];
  if (focus === undefined) return selection;
  if (!extend) return { ...selection, focus };
  const anchor = selection.anchor ?? selection.focus ?? focus;
  return { selected: new Set(range(ids, anchor, focus)), anchor, focus };
}

export function moveTo(ids: readonly string[], selection: Selection, where: 'first' | 'last', extend: boolean): Selection {
  if (ids.length === 0) return selection;
  const target = where === 'first' ? 0 : ids.length - 1;
  const current = selection.focus === undefined ? -1 : ids.indexOf(selection.focus);
  const base = current === -1 ? { ...selection, focus: ids[0] } : selection;
  return moveFocus(ids, base, target - Math.max(0, current), extend);
}

/**
 * After the list changed (clips labelled elsewhere, new clips docked): drops ids that are gone. When
 * the focused clip went, the focus moves to the clip that took its place (or the last one).
 */
export function reconcile(before: readonly string[], after: readonly string[], selection: Selection): Selection {
  const present = new Set(after);
  const selected = new Set([...selection.selected].filter((id) => present.has(id)));
  let focus = selection.focus !== undefined && present.has(selection.focus) ? selection.focus : undefined;
  if (focus === undefined && selection.focus !== undefined) {
    const from = before.indexOf(selection.focus);
    focus = before.slice(from + 1).find((id) => present.has(id)) ?? after.at(-1);
  }
  const anchor = selection.anchor !== undefined && present.has(selection.anchor) ? selection.anchor : focus;
  return { selected, anchor, focus };
}

/**
 * After a batch was labelled (those clips leave the queue): select the first clip after the batch, so
 * the next scan of a case number applies to the next clip in time order.
 */
export function afterApplied(before: readonly string[], applied: ReadonlySet<string>): Selection {
  const remaining = before.filter((id) => !applied.has(id));
  if (remaining.length === 0) return emptySelection;
  const lastApplied = before.reduce((last, id, index) => (applied.has(id) ? index : last), -1);
  const next = before.slice(lastApplied + 1).find((id) => !applied.has(id)) ?? remaining.at(-1);
  return next === undefined ? emptySelection : single(next);
}

/** Tiles per row of a CSS grid, from where the tiles actually are on screen. */
export function columnsFromOffsets(offsetTops: readonly number[]): number {
  if (offsetTops.length === 0) return 1;
  const first = offsetTops[0];
  const count = offsetTops.findIndex((top) => top !== first);
  return count === -1 ? offsetTops.length : Math.max(1, count);
}
