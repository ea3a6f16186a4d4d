/** R1.2: clips handed in after the agency's limit need a recorded reason before the session closes. */
import { useEffect, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { Clip, DockSession, ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatHours } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';

export function LateReasonForm({ session, textareaRef }: { session: DockSession; textareaRef: RefObject<HTMLTextAreaElement | null> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const limit = useAppState((s) => s.settings?.handInLimitHours ?? 24);
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const [late, setLate] = useState<Clip[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();

  useEffect(() => {
    let live = true;
    void controller.call('clips.query', { dockSessionId: session.id, limit: 1000 }).then((result) => {
      if (live && result.ok) setLate(result.value.items.filter((clip) => clip.late && !clip.late.reason));
    });
    return () => {
      live = false;
    };
  }, [controller, session.id, session.lateCount, clipsVersion]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < 2) {
      setError({ code: 'FIELD_REQUIRED', message: '', params: { field: 'reason' } });
      textareaRef.current?.focus();
      return;
    }
    if (late.length === 0) return;
    setBusy(true);
    setError(undefined);
    const result = await controller.call('docks.lateReason', { sessionId: session.id, clipIds: late.map((c) => c.id), reason: text });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // The form goes away once nothing is late any more: the confirmation lives on the card.
    controller.setDockMessage(session.id, { tone: 'ok', key: 'dock.lateSaved', params: { count: result.value.updated } });
    setReason('');
  };

  const id = `late-${session.id}`;
  return (
    <form className="late-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="dock-late-form">
      <h3 id={`${id}-title`} className="late-form__title">
        {t('dock.lateTitle')}
      </h3>
      <p className="small">{t('dock.lateIntro', { count: session.lateCount, hours: limit })}</p>
      {late.length > 0 && (
        <ul className="late-form__files small">
          {late.map((clip) => (
            <li key={clip.id}>
              <span className="mono">{clip.originalName}</span>
              <span className="muted">{t('dock.lateHours', { hours: formatHours(clip.late?.hoursAfterRecording ?? 0, lang) })}</span>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${id}-reason`}>{t('dock.lateReason')}</label>
      <textarea
        id={`${id}-reason`}
        ref={textareaRef}
        className="input"
        rows={2}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
        placeholder={t('dock.lateReasonPlaceholder')}
        data-testid="dock-late-reason"
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy || late.length === 0} data-testid="dock-late-submit">
          {t('dock.lateSubmit')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
