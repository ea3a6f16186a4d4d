/** 光盘登记: every registered disc, its verification history, where it is kept (editable), re-check due, verify again. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badges.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatDateTime, operatorName } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import type { ArchiveDiscs, ArchiveJob } from './ArchiveScreen.js';

type Disc = ArchiveDiscs['discs'][number];
type Due = ArchiveDiscs['due'][number];

export function DiscRegistry({ discs, busy, onChanged, onRecheck }: { discs: ArchiveDiscs | undefined; busy: boolean; onChanged: () => void; onRecheck: (job: ArchiveJob) => void }) {
  const { t } = useTranslation();
  const list = [...(discs?.discs ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card disc-registry" aria-labelledby="disc-registry-title" data-testid="disc-registry">
      <h2 id="disc-registry-title" className="card__title">
        {t('archive.discsTitle')}
      </h2>
      {discs === undefined && <p className="muted">{t('common.loading')}</p>}
      {discs !== undefined && list.length === 0 && <p className="muted">{t('archive.discsEmpty')}</p>}
      <ul className="disc-registry__list">
        {list.map((disc) => (
          <DiscItem key={disc.id} disc={disc} due={discs?.due.find((d) => d.discId === disc.id)} busy={busy} onChanged={onChanged} onRecheck={onRecheck} />
        ))}
      </ul>
    </section>
  );
}

function DiscItem({ disc, due, busy, onChanged, onRecheck }: { disc: Disc; due: Due | undefined; busy: boolean; onChanged: () => void; onRecheck: (job: ArchiveJob) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const [shelf, setShelf] = useState(disc.shelf ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [verifying, setVerifying] = useState(false);
  const ok = disc.status === 'verified';

  const saveShelf = async () => {
    setError(undefined);
    setSaved(false);
    const result = await controller.call('archive.shelve', { discId: disc.id, shelf });
    if (!result.ok) return setError(result.error);
    setSaved(true);
    onChanged();
  };

  const verify = async () => {
    setError(undefined);
    setVerifying(true);
    const result = await controller.call('archive.verify', { discId: disc.id });
    setVerifying(false);
    if (!result.ok) return setError(result.error);
    onRecheck(result.value);
  };

  return (
    <li className="disc-item" data-testid="archive-disc" data-disc-id={disc.id} data-status={disc.status}>
      <div className="disc-item__head">
        <strong className="mono">{disc.id}</strong>
        <Badge tone={ok ? 'ok' : 'error'}>{ok ? t('archive.verified') : t('archive.failedVerification')}</Badge>
        {due && (
          <span title={t(`archive.dueReasons.${due.reason}`)} data-testid="archive-disc-due">
            <Badge tone="warn">{t('archive.due')}</Badge>
          </span>
        )}
      </div>
      <div className="small">
        {t('archive.caseLine', { cases: disc.caseNumbers.join('、') })} {disc.parties.length > 0 && <span className="muted">{t('archive.partiesInBrackets', { parties: disc.parties.join('、') })}</span>}
      </div>
      <div className="small muted">
        {t(`archive.kindShort.${disc.kind}`)}
        {disc.media ? ` · ${t(`archive.mediaSizes.${disc.media}`)}` : ''} · {formatBytes(disc.bytes, lang)} · {disc.copies > 1 ? `${disc.copy}/${disc.copies} · ` : ''}
        <span className="mono">{disc.location}</span>
      </div>
      {due && <div className="small text-error">{t(`archive.dueReasons.${due.reason}`)}</div>}
      <details className="disc-item__history">
        <summary className="small">
          {t('archive.history')} ({disc.verifications.length})
        </summary>
        <ul className="small">
          {disc.verifications.map((v, i) => (
            <li key={`${v.at}-${i}`} className={v.ok ? undefined : 'text-error'} data-testid="archive-verification" data-ok={v.ok}>
              {t('archive.historyLine', {
                time: formatDateTime(v.at, { seconds: false }),
                by: operatorName(v.by),
                result: v.ok ? t('archive.historyOk') : t('archive.historyBad', { count: v.problems.length + (v.moreProblems ?? 0) }),
                files: v.filesChecked,
                bytes: formatBytes(v.bytesChecked, lang),
              })}
              {!v.fromDevice && t('archive.fromCache')}
            </li>
          ))}
        </ul>
      </details>
      <form
        className="disc-item__shelf"
        onSubmit={(e) => {
          e.preventDefault();
          void saveShelf();
        }}
      >
        <label className="small" htmlFor={`shelf-${disc.id}`}>
          {t('archive.shelf')}
        </label>
        <input id={`shelf-${disc.id}`} className="input" value={shelf} placeholder={t('archive.shelfPlaceholder')} data-testid="archive-shelf" onChange={(e) => {
          setShelf(e.target.value);
          setSaved(false);
        }} />
        <button type="submit" className="button button--small" disabled={shelf.trim() === '' || shelf === (disc.shelf ?? '')} data-testid="archive-shelf-save">
          {t('archive.shelfSave')}
        </button>
        {saved && (
          <span className="text-ok small" role="status">
            {t('archive.shelfSaved')}
          </span>
        )}
      </form>
      <div className="disc-item__actions">
        <button type="button" className="button button--small" disabled={busy || verifying} title={t('archive.reverifyHint')} data-testid="archive-reverify" onClick={() => void verify()}>
          {verifying ? t('archive.reverifying') : t('archive.reverify')}
        </button>
      </div>
      <ErrorBox error={error} />
    </li>
  );
}
