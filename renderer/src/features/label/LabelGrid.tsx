import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../state/use-station.js';
import { ClipBadges } from '../../components/Badges.js';
import { ClipThumb } from '../../components/ClipThumb.js';
import type { Clip } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatDateTime, formatDuration, formatSpan } from '../../presenters/format.js';
import { navigate } from '../../state/router.js';
import { click, columnsFromOffsets, moveFocus, moveTo, selectAll, selectNone, toggleFocused, type Selection } from './selection.js';

const SHIFT_BREAK_MS = 12 * 3_600_000;

function startMs(clip: Clip): number {
  return Date.parse(clip.media.recordedAt ?? clip.receivedAt);
}

/**
 * Seconds between the end of the previous recording of the same camera and the start of this one, when
 * longer than the agency's gap threshold (R1.3: interruptions need an explanation). Photos do not count
 * as recording; a pause of half a day or more is another shift, not an interruption.
 */
function gapsBefore(items: readonly Clip[], thresholdMinutes: number): Map<string, number> {
  const gaps = new Map<string, number>();
  const lastEndByDevice = new Map<string, number>();
  for (const clip of items) {
    const start = startMs(clip);
    if (Number.isNaN(start) || (clip.kind !== 'video' && clip.kind !== 'audio')) continue;
    const device = clip.camera.deviceNumber;
    const previousEnd = lastEndByDevice.get(device);
    const gap = previousEnd === undefined ? 0 : start - previousEnd;
    if (gap > thresholdMinutes * 60_000 && gap < SHIFT_BREAK_MS) gaps.set(clip.id, gap / 1000);
    lastEndByDevice.set(device, start + (clip.media.durationMs ?? 0));
  }
  return gaps;
}

export function LabelGrid({
  items,
  selection,
  onSelection,
  gapThresholdMinutes,
  onEnter,
}: {
  items: Clip[];
  selection: Selection;
  onSelection: (next: Selection) => void;
  gapThresholdMinutes: number;
  onEnter: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const station = useStation();
  const gridRef = useRef<HTMLDivElement>(null);
  const tileRefs = useRef(new Map<string, HTMLDivElement>());
  const ids = items.map((c) => c.id);
  const gaps = gapsBefore(items, gapThresholdMinutes);

  // Keyboard focus follows the selection's focus, but only while the grid has the focus.
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || !selection.focus || !grid.contains(document.activeElement)) return;
    const tile = tileRefs.current.get(selection.focus);
    if (tile && document.activeElement !== tile) {
      tile.focus();
      tile.scrollIntoView({ block: 'nearest' });
    }
  }, [selection.focus]);

  const columns = () => columnsFromOffsets(ids.map((id) => tileRefs.current.get(id)?.offsetTop ?? 0));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const extend = event.shiftKey;
    const mod = event.ctrlKey || event.metaKey;
    let next: Selection | undefined;
    switch (event.key) {
      case 'ArrowRight':
        next = moveFocus(ids, selection, 1, extend);
        break;
      case 'ArrowLeft':
        next = moveFocus(ids, selection, -1, extend);
        break;
      case 'ArrowDown':
        next = moveFocus(ids, selection, columns(), extend);
        break;
      case 'ArrowUp':
        next = moveFocus(ids, selection, -columns(), extend);
        break;
      case 'Home':
        next = moveTo(ids, selection, 'first', extend);
        break;
      case 'End':
        next = moveTo(ids, selection, 'last', extend);
        break;
      case ' ':
        next = toggleFocused(ids, selection);
        break;
      case 'Escape':
        next = selectNone(selection);
        break;
      case 'a':
      case 'A':
        if (mod) next = selectAll(ids, selection);
        break;
      case 'Enter':
        if (mod) return; // Ctrl+Enter applies; the screen handles it.
        event.preventDefault();
        if (selection.selected.size === 0 && selection.focus) onSelection(toggleFocused(ids, selection));
        onEnter();
        return;
      default:
        return;
    }
    if (next) {
      event.preventDefault();
      onSelection(next);
    }
  };

  const onTileClick = (event: MouseEvent<HTMLDivElement>, id: string) => {
    onSelection(click(ids, selection, id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }));
  };

  const focusId = selection.focus ?? ids[0];

  return (
    <div className="label-grid-wrap">
      <div className="label-toolbar">
        <button type="button" className="button button--small" onClick={() => onSelection(selectAll(ids, selection))} data-testid="label-select-all">
          {t('label.selectAll')}
        </button>
        <button type="button" className="button button--small" onClick={() => onSelection(selectNone(selection))} disabled={selection.selected.size === 0}>
          {t('label.selectNone')}
        </button>
        <span className="label-toolbar__count" aria-live="polite" data-testid="label-selected-count">
          {t('label.selected', { count: selection.selected.size })}
        </span>
        <span className="label-toolbar__hint muted small">{t('label.keyboardHint')}</span>
      </div>
      <div
        ref={gridRef}
        className="label-grid"
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('label.title')}
        onKeyDown={onKeyDown}
        data-testid="label-grid"
      >
        {items.map((clip) => {
          const selected = selection.selected.has(clip.id);
          const gap = gaps.get(clip.id);
          return (
            <div
              key={clip.id}
              ref={(el) => {
                if (el) tileRefs.current.set(clip.id, el);
                else tileRefs.current.delete(clip.id);
              }}
              className={`tile${selected ? ' tile--selected' : ''}${clip.id === selection.focus ? ' tile--focus' : ''}`}
              role="option"
              aria-selected={selected}
              tabIndex={clip.id === focusId ? 0 : -1}
              data-testid="label-tile"
              data-clip-id={clip.id}
              onMouseDown={(e) => {
                if (e.shiftKey) e.preventDefault(); // no text selection on shift-click
              }}
              onClick={(e) => onTileClick(e, clip.id)}
              onDoubleClick={() => navigate({ screen: 'player', clipId: clip.id })}
              onFocus={() => {
                if (selection.focus !== clip.id) onSelection({ ...selection, focus: clip.id });
              }}
              title={clip.originalPath}
            >
              <div className="tile__thumb">
                <ClipThumb clip={clip} url={clip.hasThumbnail ? station.thumbnailUrl(clip.id) : ''} />
                {clip.media.durationMs !== undefined && <span className="tile__duration">{formatDuration(clip.media.durationMs)}</span>}
                <span className="tile__check" aria-hidden="true">
                  ✓
                </span>
              </div>
              <div className="tile__body">
                <div className="tile__name mono">{clip.originalName}</div>
                <div className="tile__meta">
                  {clip.camera.deviceNumber}
                  {clip.camera.officerName ? ` · ${clip.camera.officerName}` : ''}
                </div>
                <div className="tile__meta">
                  <span className="visually-hidden">{t('label.recorded')} </span>
                  {formatDateTime(clip.media.recordedAt ?? clip.receivedAt, { seconds: false })}
                </div>
                <div className="tile__badges">
                  <ClipBadges clip={clip} hideUnlabelled />
                  {gap !== undefined && <span className="badge badge--neutral">{t('label.gap', { span: formatSpan(gap, lang) })}</span>}
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
