/** First start (issue F): no account exists yet, so the first administrator is created here. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';

export function SetupForm() {
  const { t } = useTranslation();
  const controller = useController();
  const [form, setForm] = useState({ username: 'admin', displayName: '', department: '信息中心', password: '', again: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [mismatch, setMismatch] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password !== form.again) return setMismatch(true);
    setMismatch(false);
    setBusy(true);
    setError(undefined);
    const result = await controller.setup({ username: form.username.trim(), displayName: form.displayName.trim(), department: form.department.trim(), password: form.password });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };

  const input = (key: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`setup-${key}`}>{label}</label>
      <input id={`setup-${key}`} data-testid={`setup-${key}`} className="input" type={type} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} autoComplete={type === 'password' ? 'new-password' : 'off'} maxLength={type === 'password' ? 256 : 64} />
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="setup-title">
      <h1 id="setup-title">{t('access.setup.title')}</h1>
      <p className="muted">{t('access.setup.intro')}</p>
      {input('username', t('fields.username'))}
      {input('displayName', t('fields.displayName'))}
      {input('department', t('fields.department'))}
      {input('password', t('fields.password'), 'password')}
      {input('again', t('access.setup.passwordAgain'), 'password')}
      {mismatch && <div className="field__error">{t('access.setup.mismatch')}</div>}
      <ErrorBox error={error} />
      <button type="submit" className="button button--primary button--large button--block" data-testid="setup-submit" disabled={busy}>
        {t('access.setup.submit')}
      </button>
    </form>
  );
}
