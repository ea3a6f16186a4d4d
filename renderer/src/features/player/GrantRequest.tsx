/**
 * Where the station refused to play for want of a grant (issue F, R5.1): the person says why and sends
 * a request to view; an approver decides on the 查看审批 screen. The station checks everything again.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';

export function GrantRequest({ clipId }: { clipId: string }) {
  const { t } = useTranslation();
  const controller = useController();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const result = await controller.call('grants.request', { clipId, reason: reason.trim() });
    if (!result.ok) return setError(result.error);
    setSent(true);
  };

  if (sent)
    return (
      <div className="message message--ok" role="status" data-testid="grant-requested">
        {t('access.player.requested')}
      </div>
    );
  return (
    <form className="problem-box" onSubmit={submit} noValidate data-testid="grant-needed">
      <p>{t('access.player.needsGrant')}</p>
      <label htmlFor="grant-reason">{t('access.grants.reason')}</label>
      <textarea id="grant-reason" className="input" data-testid="grant-reason" value={reason} maxLength={1000} placeholder={t('access.player.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
      <ErrorBox error={error} />
      <button type="submit" className="button button--primary" data-testid="grant-request" disabled={reason.trim().length < 2}>
        {t('access.player.request')}
      </button>
    </form>
  );
}
