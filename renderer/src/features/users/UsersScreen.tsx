/**
 * 用户管理 (issue F, administrators): every account with its roles, department, clearance and state;
 * add a user; unlock a locked account; disable or enable. The station checks users.manage itself.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { CONFIDENTIALITY_LEVELS, type ConfidentialityLevel } from '../../../../electron/core/domain/confidentiality.js';
import { ROLES, type Role } from '../../../../electron/core/domain/roles.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type PublicUser = CommandResponse<'users.list'>['users'][number];

const EMPTY = { username: '', displayName: '', badgeNumber: '', department: '', password: '', pin: '', roles: ['officer'] as Role[], clearance: 'ordinary' as ConfidentialityLevel, head: false };

export function UsersScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const [users, setUsers] = useState<PublicUser[]>([]);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [form, setForm] = useState(EMPTY);

  const load = useCallback(async () => {
    const result = await controller.call('users.list', {});
    if (result.ok) setUsers(result.value.users);
    else setError(result.error);
  }, [controller]);

  useEffect(() => void load(), [load]);

  const act = async (pending: Promise<{ ok: true } | { ok: false; error: ErrorPayload }>, done: string) => {
    setError(undefined);
    const result = await pending;
    if (!result.ok) return setError(result.error);
    setStatus(done);
    await load();
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const request = {
      username: form.username.trim(),
      displayName: form.displayName.trim(),
      department: form.department.trim(),
      roles: form.roles,
      clearance: form.clearance,
      head: form.head,
      password: form.password,
      ...(form.badgeNumber.trim() ? { badgeNumber: form.badgeNumber.trim() } : {}),
      ...(form.pin ? { pin: form.pin } : {}),
    };
    await act(controller.call('users.create', request), t('access.users.created', { name: request.displayName }));
    setForm(EMPTY);
  };

  const toggleRole = (role: Role) => setForm((f) => ({ ...f, roles: f.roles.includes(role) ? f.roles.filter((r) => r !== role) : [...f.roles, role] }));
  const text = (key: 'username' | 'displayName' | 'badgeNumber' | 'department' | 'password' | 'pin', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`user-${key}`}>{label}</label>
      <input id={`user-${key}`} data-testid={`user-${key}`} className="input" type={type} value={form[key]} onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))} autoComplete="off" />
    </div>
  );

  return (
    <section className="screen" aria-labelledby="users-title">
      <ScreenHeader id="users-title" title={t('access.users.title')} intro={t('access.users.intro')} />
      <ErrorBox error={error} />
      {status && (
        <div className="message message--ok" role="status" data-testid="users-status">
          {status}
        </div>
      )}
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th>{t('fields.username')}</th>
            <th>{t('fields.displayName')}</th>
            <th>{t('fields.badgeNumber')}</th>
            <th>{t('fields.department')}</th>
            <th>{t('fields.roles')}</th>
            <th>{t('fields.clearance')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-username={user.username}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>{user.badgeNumber ?? '—'}</td>
              <td>{user.department}</td>
              <td>
                {[...user.roles.map((role) => t(`access.roles.${role}`)), ...(user.head ? [t('access.head')] : [])].join('、')}
                {user.lockedUntil && Date.parse(user.lockedUntil) > Date.now() && <span className="badge badge--warn"> {t('access.users.locked', { until: new Date(user.lockedUntil).toLocaleString() })}</span>}
                {user.disabled && <span className="badge"> {t('access.users.disabled')}</span>}
              </td>
              <td>{t(`access.levels.${user.clearance}`)}</td>
              <td>
                {user.lockedUntil && (
                  <button type="button" className="button button--small" data-testid="user-unlock" onClick={() => void act(controller.call('users.unlock', { id: user.id }), t('access.users.unlocked', { name: user.displayName }))}>
                    {t('access.users.unlock')}
                  </button>
                )}
                <button type="button" className="button button--small" onClick={() => void act(controller.call('users.update', { id: user.id, disabled: !user.disabled }), t('access.grants.decided'))}>
                  {user.disabled ? t('access.users.enable') : t('access.users.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="card" onSubmit={create} noValidate aria-labelledby="user-add-title">
        <h2 id="user-add-title">{t('access.users.add')}</h2>
        <div className="settings-grid">
          {text('username', t('fields.username'))}
          {text('displayName', t('fields.displayName'))}
          {text('badgeNumber', t('fields.badgeNumber'))}
          {text('department', t('fields.department'))}
          {text('password', t('fields.password'), 'password')}
          {text('pin', t('fields.pin'), 'password')}
        </div>
        <div className="field__hint">{t('access.users.pinHint')}</div>
        <fieldset className="field">
          <legend>{t('fields.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" checked={form.roles.includes(role)} onChange={() => toggleRole(role)} data-testid={`user-role-${role}`} />
              {t(`access.roles.${role}`)}
            </label>
          ))}
          <label className="checkbox">
            <input type="checkbox" checked={form.head} onChange={(e) => setForm((f) => ({ ...f, head: e.target.checked }))} />
            {t('access.head')}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="user-clearance">{t('fields.clearance')}</label>
          <select id="user-clearance" className="input" value={form.clearance} onChange={(e) => setForm((f) => ({ ...f, clearance: e.target.value as ConfidentialityLevel }))}>
            {CONFIDENTIALITY_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`access.levels.${level}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" data-testid="user-create">
          {t('access.users.create')}
        </button>
      </form>
    </section>
  );
}
