/** 待归档: each case with files not yet on a verified long-term copy, why they are kept, by when. */
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badges.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatDateTime } from '../../presenters/format.js';
import type { ArchiveQueue } from './ArchiveScreen.js';

export function ArchiveQueuePanel({ queue, selected, onSelect }: { queue: ArchiveQueue | undefined; selected: string | undefined; onSelect: (caseNumber: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card archive-queue" aria-labelledby="archive-queue-title" data-testid="archive-queue">
      <h2 id="archive-queue-title" className="card__title">
        {t('archive.queueTitle')}
      </h2>
      {queue === undefined && <p className="muted">{t('common.loading')}</p>}
      {queue !== undefined && queue.entries.length === 0 && (
        <p className="message message--ok" data-testid="archive-queue-empty">
          {t('archive.queueEmpty')}
        </p>
      )}
      {queue !== undefined && queue.entries.length > 0 && (
        <>
          <p className="muted small">{t('archive.queueSummary', { cases: queue.entries.length, clips: queue.clips, bytes: formatBytes(queue.bytes, lang) })}</p>
          <ul className="archive-queue__list">
            {queue.entries.map((entry) => {
              const isSelected = entry.caseNumber === selected;
              return (
                <li key={entry.caseNumber} className={`archive-queue__entry${isSelected ? ' archive-queue__entry--selected' : ''}`} data-testid="archive-queue-entry" data-case={entry.caseNumber}>
                  <div className="archive-queue__head">
                    <strong>{entry.caseNumber}</strong>
                    {entry.overdue && <Badge tone="error">{t('archive.overdue')}</Badge>}
                    <span className="muted small">{entry.parties.join('、')}</span>
                  </div>
                  <div className="small">
                    {t('archive.clips', { count: entry.clipIds.length })} · {formatBytes(entry.bytes, lang)} · {t('archive.copies', { verified: entry.copiesVerified, wanted: entry.copiesWanted })} ·{' '}
                    <span className={entry.overdue ? 'text-error' : undefined}>{t('archive.dueBy', { time: formatDateTime(entry.dueBy, { seconds: false }) })}</span>
                  </div>
                  <div className="archive-queue__reasons">
                    {entry.reasons.map((reason) => (
                      <Badge key={reason} tone="info">
                        {reason === 'manual' ? t('archive.manual') : t(`longTerm.${reason}`)}
                      </Badge>
                    ))}
                  </div>
                  <button
                    type="button"
                    className={`button button--small${isSelected ? ' button--primary' : ''}`}
                    aria-pressed={isSelected}
                    data-testid="archive-select-case"
                    onClick={() => onSelect(entry.caseNumber)}
                  >
                    {isSelected ? t('archive.selected') : t('archive.select')}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
