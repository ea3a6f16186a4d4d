/** The clerk puts a case on the archive queue by hand (R4.3 "other cases needing long-term keeping"), with one or two copies. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';

export function ArchiveQueueAddForm({ onAdded }: { onAdded: (caseNumber: string) => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [caseNumber, setCaseNumber] = useState('');
  const [copies, setCopies] = useState<1 | 2>(1);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (caseNumber.trim() === '') return;
    setBusy(true);
    const result = await controller.call('archive.queueAdd', { caseNumber: caseNumber.trim(), copies, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    onAdded(caseNumber.trim());
    setCaseNumber('');
    setCopies(1);
    setNote('');
  };

  return (
    <form className="card archive-queue-add" onSubmit={(event) => void submit(event)} data-testid="archive-queue-add">
      <h2 className="card__title">{t('archive.addTitle')}</h2>
      <div className="archive-target">
        <div className="field">
          <label htmlFor={`${id}-case`}>{t('catalogue.caseNumber')}</label>
          <input id={`${id}-case`} className="input" value={caseNumber} onChange={(e) => setCaseNumber(e.target.value)} data-testid="archive-add-case" required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-copies`}>{t('archive.addCopies')}</label>
          <select id={`${id}-copies`} className="input" value={copies} onChange={(e) => setCopies(e.target.value === '2' ? 2 : 1)} data-testid="archive-add-copies">
            <option value="1">{t('archive.oneCopy')}</option>
            <option value="2">{t('archive.twoCopies')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('archive.addNote')}</label>
          <input id={`${id}-note`} className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </div>
      </div>
      <div className="archive-queue-add__actions">
        <button type="submit" className="button" disabled={busy || caseNumber.trim() === ''} data-testid="archive-add-submit">
          {t('archive.addSubmit')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
