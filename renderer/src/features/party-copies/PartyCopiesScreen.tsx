/**
 * 当事人复制: a party's request for a copy (who, identity document, which clips, why) is recorded; the
 * head approves or refuses it; an approved request is produced once as a copy package on a named
 * destination (files, manifest with SHA-256, cover sheet, an optional visible mark on the copy).
 * The station checks every step (roles, head-only approval, ID check digit); this screen only asks.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ID_DOCUMENT_TYPES } from '../../../../electron/contract/supervision.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { fieldMessages } from '../../i18n/errors.js';
import { formatBytes, formatDateTime } from '../../presenters/format.js';
import { useLang } from '../../i18n/hooks.js';
import { useController } from '../../state/context.js';
import '../../styles/supervision.css';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type CopyRequest = CommandResponse<'partyCopies.list'>[number];
type IdType = (typeof ID_DOCUMENT_TYPES)[number];

export function PartyCopiesScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const [requests, setRequests] = useState<CopyRequest[] | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();

  const load = useCallback(async () => {
    const result = await controller.call('partyCopies.list', {});
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setRequests(result.value);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="screen" aria-labelledby="copies-title">
      <ScreenHeader id="copies-title" title={t('copies.title')} intro={t('copies.intro')} />
      <ErrorBox error={error} />
      <RequestForm onDone={() => void load()} />
      <section className="card" aria-labelledby="copies-list-title">
        <h2 id="copies-list-title" className="card__title">
          {t('copies.listTitle')}
        </h2>
        {requests && requests.length === 0 && <p className="muted">{t('copies.none')}</p>}
        {requests?.map((request) => <RequestRow key={request.id} request={request} onChange={() => void load()} />)}
      </section>
    </section>
  );
}

function RequestForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [recipientName, setName] = useState('');
  const [idDocumentType, setIdType] = useState<IdType>('resident-id');
  const [idDocumentNumber, setIdNumber] = useState('');
  const [clips, setClips] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const clipIds = clips
      .split(/[\s,，]+/)
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean);
    const result = await controller.call('partyCopies.request', { recipientName, idDocumentType, idDocumentNumber, clipIds, reason });
    if (!result.ok) {
      setDone(undefined);
      return setError(result.error);
    }
    setError(undefined);
    setDone(t('copies.requested', { id: result.value.id }));
    setName('');
    setIdNumber('');
    setClips('');
    setReason('');
    onDone();
  };

  const fields = error ? fieldMessages(t, error) : {};
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="copy-request-title" data-testid="copy-request-form">
      <h2 id="copy-request-title" className="card__title">
        {t('copies.requestTitle')}
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="copy-name">{t('copies.recipientName')}</label>
          <input id="copy-name" className="input" value={recipientName} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="copy-name" />
        </div>
        <div className="field">
          <label htmlFor="copy-id-type">{t('copies.idDocumentType')}</label>
          <select id="copy-id-type" className="input" value={idDocumentType} onChange={(e) => setIdType(e.target.value as IdType)}>
            {ID_DOCUMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`copies.idTypes.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${fields.idDocumentNumber ? ' field--invalid' : ''}`}>
          <label htmlFor="copy-id-number">{t('copies.idDocumentNumber')}</label>
          <input id="copy-id-number" className="input mono" value={idDocumentNumber} maxLength={40} onChange={(e) => setIdNumber(e.target.value)} data-testid="copy-id-number" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="copy-clips">{t('copies.clipIds')}</label>
        <textarea id="copy-clips" className="input mono" rows={2} value={clips} onChange={(e) => setClips(e.target.value)} data-testid="copy-clips" />
        <div className="field__hint">{t('copies.clipIdsHint')}</div>
      </div>
      <div className="field">
        <label htmlFor="copy-reason">{t('copies.reason')}</label>
        <input id="copy-reason" className="input" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} data-testid="copy-reason" />
      </div>
      <ErrorBox error={error} testId="copy-request-error" />
      {done && (
        <div className="message message--ok" role="status">
          {done}
        </div>
      )}
      <button type="submit" className="button button--primary" data-testid="copy-request-submit">
        {t('copies.submit')}
      </button>
    </form>
  );
}

function RequestRow({ request, onChange }: { request: CopyRequest; onChange: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [note, setNote] = useState('');
  const [destination, setDestination] = useState('');
  const [watermark, setWatermark] = useState(true);
  const [busy, setBusy] = useState(false);

  const decide = async (approve: boolean) => {
    const result = await controller.call('partyCopies.decide', { id: request.id, approve, ...(note.trim() ? { note: note.trim() } : {}) });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    onChange();
  };
  const produce = async () => {
    setBusy(true);
    const result = await controller.call('partyCopies.produce', { id: request.id, destination, watermark });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    onChange();
  };

  const production = request.productions.at(-1);
  return (
    <div className="copy-request" data-testid="copy-request" data-status={request.status}>
      <div className="copy-request__head">
        <strong className="mono">{request.id}</strong>
        <span className={`badge badge--${request.status === 'rejected' ? 'error' : request.status === 'pending' ? 'warn' : 'ok'}`} data-testid="copy-status">
          {t(`copies.status.${request.status}`)}
        </span>
        <span>
          {request.recipientName} · {t(`copies.idTypes.${request.idDocumentType}`)} <span className="mono">{request.idDocumentNumber}</span>
        </span>
        <span className="muted small">{t('copies.requestedBy', { by: request.requestedBy, time: formatDateTime(request.requestedAt), count: request.clipIds.length })}</span>
      </div>
      <div className="small">{request.reason}</div>
      {request.decision && (
        <div className="small">
          {t(request.decision.approved ? 'copies.approvedBy' : 'copies.rejectedBy', { by: request.decision.by, time: formatDateTime(request.decision.at) })}
          {request.decision.note && ` — ${request.decision.note}`}
        </div>
      )}
      <ErrorBox error={error} testId="copy-error" />
      {request.status === 'pending' && (
        <div className="actions">
          <input className="input" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} placeholder={t('copies.decisionNote')} aria-label={t('copies.decisionNote')} />
          <button type="button" className="button button--primary" onClick={() => void decide(true)} data-testid="copy-approve">
            {t('copies.approve')}
          </button>
          <button type="button" className="button" onClick={() => void decide(false)} data-testid="copy-reject">
            {t('copies.reject')}
          </button>
        </div>
      )}
      {request.status === 'approved' && (
        <div className="actions">
          <input className="input" value={destination} onChange={(e) => setDestination(e.target.value)} placeholder={t('copies.destination')} aria-label={t('copies.destination')} data-testid="copy-destination" />
          <label className="checkbox">
            <input type="checkbox" checked={watermark} onChange={(e) => setWatermark(e.target.checked)} data-testid="copy-watermark" /> {t('copies.watermark')}
          </label>
          <button type="button" className="button button--primary" disabled={busy || !destination.trim()} onClick={() => void produce()} data-testid="copy-produce">
            {busy ? t('copies.producing') : t('copies.produce')}
          </button>
        </div>
      )}
      {production && (
        <div className="small" data-testid="copy-production">
          <div>{t('copies.producedAt', { folder: production.folder, by: production.by, time: formatDateTime(production.at) })}</div>
          <ul>
            {production.files.map((file) => (
              <li key={file.path}>
                <span className="mono">{file.path}</span> {formatBytes(file.size, lang)} <code className="hash">{file.sha256}</code>
                {file.originalSha256 && file.originalSha256 !== file.sha256 && <span className="muted"> {t('copies.fromOriginal', { sha: file.originalSha256.slice(0, 16) })}</span>}
              </li>
            ))}
          </ul>
          <div>
            manifest-sha256.txt <code className="hash">{production.manifestSha256}</code>
          </div>
        </div>
      )}
    </div>
  );
}
