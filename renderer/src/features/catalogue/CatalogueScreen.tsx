/** 目录: search and filter every stored clip; a row opens the player. */
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ClipBadges } from '../../components/Badges.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import { clipsOfCase } from '../../presenters/confidentiality.js';
import type { Clip, ClipQuery, ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatDateTime, formatDuration, localDayEnd, localDayStart } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import { CaseConfidentialityControl } from './CaseConfidentialityControl.js';

const PAGE_SIZE = 50;

interface Filters {
  text: string;
  caseNumber: string;
  party: string;
  officer: string;
  deviceNumber: string;
  from: string;
  to: string;
  unlabelledOnly: boolean;
}

const emptyFilters: Filters = { text: '', caseNumber: '', party: '', officer: '', deviceNumber: '', from: '', to: '', unlabelledOnly: false };

/** Kept while the window is open, so coming back from the player finds the same search and page. */
let remembered: { filters: Filters; offset: number } = { filters: emptyFilters, offset: 0 };

function toQuery(filters: Filters, offset: number): ClipQuery {
  const query: ClipQuery = { offset, limit: PAGE_SIZE };
  for (const key of ['text', 'caseNumber', 'party', 'officer', 'deviceNumber'] as const) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  const from = filters.from ? localDayStart(filters.from) : undefined;
  const to = filters.to ? localDayEnd(filters.to) : undefined;
  if (from) query.from = from;
  if (to) query.to = to;
  if (filters.unlabelledOnly) query.unlabelledOnly = true;
  return query;
}

export function CatalogueScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [filters, setFilters] = useState<Filters>(remembered.filters);
  const [applied, setApplied] = useState<{ filters: Filters; offset: number }>(remembered);
  const [items, setItems] = useState<Clip[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    const result = await controller.call('clips.query', toQuery(applied.filters, applied.offset));
    setLoading(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setItems(result.value.items);
    setTotal(result.value.total);
  }, [controller, applied]);

  useEffect(() => {
    remembered = applied;
    void load();
  }, [load, applied, clipsVersion, reloadVersion]);

  // Typing in the main search box searches after a short pause.
  useEffect(() => {
    if (filters.text === applied.filters.text) return;
    const timer = setTimeout(() => setApplied({ filters, offset: 0 }), 350);
    return () => clearTimeout(timer);
  }, [filters, applied.filters.text]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ filters, offset: 0 });
  };

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const open = (clip: Clip) => navigate({ screen: 'player', clipId: clip.id });

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, clip: Clip) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(clip);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      rowRefs.current[index + 1]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index === 0) searchRef.current?.focus();
      else rowRefs.current[index - 1]?.focus();
    }
  };

  const from = total === 0 ? 0 : applied.offset + 1;
  // Filtered by one case number: that case's level is shown (and settable by those allowed).
  const shownCase = clipsOfCase(applied.filters.caseNumber, items);
  const to = Math.min(total, applied.offset + items.length);

  return (
    <section className="screen" aria-labelledby="catalogue-title">
      <header className="screen__header">
        <h1 id="catalogue-title">{t('catalogue.title')}</h1>
      </header>

      <form className="card catalogue-filters" onSubmit={submit} role="search">
        <div className="catalogue-search">
          <label className="visually-hidden" htmlFor="catalogue-search">
            {t('common.search')}
          </label>
          <input
            id="catalogue-search"
            ref={searchRef}
            type="search"
            className="input input--large"
            data-testid="catalogue-search"
            value={filters.text}
            onChange={(e) => set({ text: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && rowRefs.current[0]) {
                e.preventDefault();
                rowRefs.current[0].focus();
              }
            }}
            placeholder={t('catalogue.searchPlaceholder')}
            autoComplete="off"
            maxLength={200}
          />
          <button type="submit" className="button button--primary">
            {t('common.search')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setFilters(emptyFilters);
              setApplied({ filters: emptyFilters, offset: 0 });
              searchRef.current?.focus();
            }}
          >
            {t('common.reset')}
          </button>
        </div>
        <div className="catalogue-filter-row">
          <FilterInput id="f-case" label={t('catalogue.caseNumber')} value={filters.caseNumber} onChange={(v) => set({ caseNumber: v })} testId="catalogue-filter-case" />
          <FilterInput id="f-party" label={t('catalogue.party')} value={filters.party} onChange={(v) => set({ party: v })} />
          <FilterInput id="f-officer" label={t('catalogue.officer')} value={filters.officer} onChange={(v) => set({ officer: v })} />
          <FilterInput id="f-device" label={t('catalogue.device')} value={filters.deviceNumber} onChange={(v) => set({ deviceNumber: v })} />
          <div className="field field--compact">
            <label htmlFor="f-from">{t('catalogue.from')}</label>
            <input id="f-from" type="date" className="input" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
          </div>
          <div className="field field--compact">
            <label htmlFor="f-to">{t('catalogue.to')}</label>
            <input id="f-to" type="date" className="input" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.unlabelledOnly}
              onChange={(e) => {
                const next = { ...filters, unlabelledOnly: e.target.checked };
                setFilters(next);
                setApplied({ filters: next, offset: 0 });
              }}
              data-testid="catalogue-unlabelled-only"
            />
            {t('catalogue.unlabelledOnly')}
          </label>
          {/* Enter in any filter field submits the form. */}
          <button type="submit" className="visually-hidden" tabIndex={-1}>
            {t('common.search')}
          </button>
        </div>
      </form>

      <ErrorBox error={error} />

      {shownCase && <CaseConfidentialityControl key={shownCase.caseNumber} caseNumber={shownCase.caseNumber} clips={shownCase.clips} />}

      <div className="card table-card">
        <div className="table-meta">
          <span aria-live="polite" data-testid="catalogue-total">
            {loading ? t('common.loading') : t('catalogue.range', { from, to, total })}
          </span>
          <span className="muted small">{t('catalogue.rowHint')}</span>
          <span className="pager">
            <button type="button" className="button button--small" disabled={applied.offset === 0} onClick={() => setApplied((a) => ({ ...a, offset: Math.max(0, a.offset - PAGE_SIZE) }))}>
              {t('common.previous')}
            </button>
            <button type="button" className="button button--small" disabled={applied.offset + PAGE_SIZE >= total} onClick={() => setApplied((a) => ({ ...a, offset: a.offset + PAGE_SIZE }))}>
              {t('common.next')}
            </button>
          </span>
        </div>
        <table className="table" aria-describedby="catalogue-title">
          <thead>
            <tr>
              <th scope="col">{t('catalogue.columns.caseNumber')}</th>
              <th scope="col">{t('catalogue.columns.party')}</th>
              <th scope="col">{t('catalogue.columns.handler')}</th>
              <th scope="col">{t('catalogue.columns.device')}</th>
              <th scope="col">{t('catalogue.columns.file')}</th>
              <th scope="col">{t('catalogue.columns.recorded')}</th>
              <th scope="col" className="num">
                {t('catalogue.columns.duration')}
              </th>
              <th scope="col" className="num">
                {t('catalogue.columns.size')}
              </th>
              <th scope="col">{t('catalogue.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((clip, index) => (
              <tr
                key={clip.id}
                ref={(el) => {
                  rowRefs.current[index] = el;
                }}
                tabIndex={0}
                className="table__row--link"
                data-testid="catalogue-row"
                data-clip-id={clip.id}
                onClick={() => open(clip)}
                onKeyDown={(e) => onRowKey(e, index, clip)}
              >
                <td className="mono-cjk">{clip.label?.caseNumber ?? <span className="muted">—</span>}</td>
                <td>{clip.label?.party ?? <span className="muted">—</span>}</td>
                <td>{clip.label?.handler ?? <span className="muted">{clip.camera.officerName ?? '—'}</span>}</td>
                <td className="mono nowrap">{clip.camera.deviceNumber}</td>
                <td className="mono small table__file" title={clip.originalPath}>
                  {clip.originalName}
                </td>
                <td className="nowrap">{formatDateTime(clip.media.recordedAt ?? clip.receivedAt)}</td>
                <td className="num mono">{formatDuration(clip.media.durationMs)}</td>
                <td className="num nowrap">{formatBytes(clip.size, lang)}</td>
                <td>
                  <ClipBadges clip={clip} showLabelled />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && items.length === 0 && <p className="empty-row muted">{t('catalogue.empty')}</p>}
      </div>
    </section>
  );
}

function FilterInput({ id, label, value, onChange, testId }: { id: string; label: string; value: string; onChange: (value: string) => void; testId?: string }) {
  return (
    <div className="field field--compact">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" maxLength={200} data-testid={testId} />
    </div>
  );
}
