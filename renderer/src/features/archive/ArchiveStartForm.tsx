/** 开始归档: the chosen case, where to write it (recorder, image file, folder), the disc size, an optional second copy. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandRequest } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { archiveTargetText, type ArchiveTargetKind } from '../../presenters/archive.js';
import { useController } from '../../state/context.js';
import type { ArchiveJob } from './ArchiveScreen.js';

const KINDS: ArchiveTargetKind[] = ['optical', 'image', 'folder'];
const MEDIA = ['cd', 'dvd', 'dvd-dl', 'bd25', 'bd50', 'bd100'] as const;
type Media = (typeof MEDIA)[number];

interface TargetChoice {
  kind: ArchiveTargetKind;
  path: string;
  media: Media | '';
}

function TargetFields({ value, onChange, testPrefix }: { value: TargetChoice; onChange: (next: TargetChoice) => void; testPrefix: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="archive-target">
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('archive.targetKind')}</label>
        <select id={`${id}-kind`} className="input" value={value.kind} data-testid={`${testPrefix}-kind`} onChange={(e) => onChange({ ...value, kind: e.target.value as ArchiveTargetKind })}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`archive.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-path`}>{t('archive.targetPath')}</label>
        <input id={`${id}-path`} className="input mono" value={value.path} spellCheck={false} data-testid={`${testPrefix}-path`} aria-describedby={`${id}-hint`} onChange={(e) => onChange({ ...value, path: e.target.value })} />
        <span id={`${id}-hint`} className="field__hint">
          {t(`archive.targetHint.${value.kind}`)}
        </span>
      </div>
      {value.kind !== 'folder' && (
        <div className="field">
          <label htmlFor={`${id}-media`}>{t('archive.media')}</label>
          <select id={`${id}-media`} className="input" value={value.media} data-testid={`${testPrefix}-media`} onChange={(e) => onChange({ ...value, media: e.target.value as Media | '' })}>
            <option value="">{t('archive.mediaAuto')}</option>
            {MEDIA.map((media) => (
              <option key={media} value={media}>
                {t(`archive.mediaSizes.${media}`)}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

export function ArchiveStartForm({ caseNumber, busy, onStarted }: { caseNumber: string | undefined; busy: boolean; onStarted: (job: ArchiveJob, kind: ArchiveTargetKind) => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [first, setFirst] = useState<TargetChoice>({ kind: 'optical', path: '/dev/sr0', media: 'dvd' });
  const [withSecond, setWithSecond] = useState(false);
  const [second, setSecond] = useState<TargetChoice>({ kind: 'folder', path: '', media: '' });
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();

  const target = archiveTargetText(first.kind, first.path);
  const secondTarget = withSecond ? archiveTargetText(second.kind, second.path) : undefined;
  const ready = caseNumber !== undefined && target !== undefined && (!withSecond || secondTarget !== undefined);

  const start = async () => {
    if (!caseNumber || !target) return;
    setStarting(true);
    setError(undefined);
    const request: CommandRequest<'archive.start'> = {
      caseNumber,
      target,
      ...(first.kind !== 'folder' && first.media ? { media: first.media } : {}),
      ...(secondTarget ? { secondTarget } : {}),
      ...(secondTarget && second.kind !== 'folder' && second.media ? { secondMedia: second.media } : {}),
    };
    const result = await controller.call('archive.start', request);
    setStarting(false);
    if (!result.ok) return setError(result.error);
    onStarted(result.value, first.kind);
  };

  return (
    <section className="card archive-start" aria-labelledby="archive-start-title" data-testid="archive-start-form">
      <h2 id="archive-start-title" className="card__title">
        {t('archive.startTitle')}
      </h2>
      <p className={caseNumber ? 'small' : 'muted small'} data-testid="archive-chosen-case">
        {caseNumber ? t('archive.caseChosen', { caseNumber }) : t('archive.noCase')}
      </p>
      <TargetFields value={first} onChange={setFirst} testPrefix="archive-target" />
      <label className="archive-start__second">
        <input type="checkbox" checked={withSecond} data-testid="archive-second" onChange={(e) => setWithSecond(e.target.checked)} /> {t('archive.second')}
      </label>
      {withSecond && (
        <fieldset className="archive-start__second-fields">
          <legend>{t('archive.secondTitle')}</legend>
          <TargetFields value={second} onChange={setSecond} testPrefix="archive-second-target" />
        </fieldset>
      )}
      <ErrorBox error={error} testId="archive-start-error" />
      <div className="actions">
        <button type="button" className="button button--primary" disabled={!ready || busy || starting} data-testid="archive-start" onClick={() => void start()}>
          {starting ? t('archive.starting') : t('archive.start')}
        </button>
      </div>
    </section>
  );
}
