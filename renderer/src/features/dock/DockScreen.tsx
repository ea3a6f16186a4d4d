/**
 * 采集: every docked camera with its copy progress, problems, late hand-ins and the close button.
 * The station refuses to close a session with unlabelled clips; the refusal is shown and the officer is
 * taken to the label queue filtered to that session.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useAppState, useController } from '../../state/context.js';
import { DockCard } from './DockCard.js';
import { PresentCameras } from './PresentCameras.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

export function DockScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const docks = useAppState((s) => s.docks);
  const watchRoots = useAppState((s) => s.info?.watchRoots);
  const reloadVersion = useAppState((s) => s.reloadVersion);

  useEffect(() => {
    void controller.refreshDocks();
  }, [controller, reloadVersion]);

  return (
    <section className="screen" aria-labelledby="dock-title">
      <ScreenHeader id="dock-title" title={t('dock.title')} intro={t('dock.intro')} />

      <PresentCameras />

      {docks.length === 0 ? (
        <div className="empty card">
          <div className="empty__glyph" aria-hidden="true">⇩</div>
          <p className="empty__title">{t('dock.empty')}</p>
          <p className="muted">{t('dock.emptyHint')}</p>
          <p className="muted small">{watchRoots && watchRoots.length > 0 ? t('dock.watching', { roots: watchRoots.join('、') }) : t('dock.watchingNone')}</p>
        </div>
      ) : (
        <div className="dock-list">
          {docks.map((session) => (
            <DockCard key={session.id} session={session} />
          ))}
        </div>
      )}

      <IngestFolderForm watchRoots={watchRoots} showWatching={docks.length > 0} />
    </section>
  );
}

function IngestFolderForm({ watchRoots, showWatching }: { watchRoots: string[] | undefined; showWatching: boolean }) {
  const { t } = useTranslation();
  const controller = useController();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [started, setStarted] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = path.trim();
    if (!value) {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    setStarted(undefined);
    const result = await controller.call('docks.ingestFolder', { path: value });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      inputRef.current?.focus();
      return;
    }
    setStarted(value);
    setPath('');
    await controller.refreshDocks();
    // The new session is the newest card, at the top of the list.
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  return (
    <form className="card ingest-folder" onSubmit={submit} aria-labelledby="ingest-folder-title">
      <h2 id="ingest-folder-title" className="card__title">
        {t('dock.ingestFolder')}
      </h2>
      <p className="muted small">{t('dock.ingestFolderHint')}</p>
      <div className="inline-form">
        <label className="visually-hidden" htmlFor="ingest-folder-path">
          {t('fields.path')}
        </label>
        <input
          id="ingest-folder-path"
          ref={inputRef}
          data-testid="dock-ingest-path"
          className="input input--mono"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder={t('dock.ingestFolderPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          maxLength={4096}
        />
        <button type="submit" className="button" data-testid="dock-ingest-start" disabled={busy}>
          {t('dock.ingestStart')}
        </button>
      </div>
      {showWatching && <p className="muted small">{watchRoots && watchRoots.length > 0 ? t('dock.watching', { roots: watchRoots.join('、') }) : t('dock.watchingNone')}</p>}
      <ErrorBox error={error} />
      {started && (
        <div className="message message--ok" role="status">
          {t('dock.ingestStarted', { path: started })}
        </div>
      )}
    </form>
  );
}
