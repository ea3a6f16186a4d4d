/**
 * The shell: top bar (station, operator, link state, language), tabs with Alt+1..9, the notice area,
 * and the screen of the current route. Nobody gets past the sign-in screen without an account (issue F);
 * an idle station locks.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveScreen } from './features/archive/ArchiveScreen.js';
import { BackupScreen } from './features/backup/BackupScreen.js';
import { CatalogueScreen } from './features/catalogue/CatalogueScreen.js';
import { DevicesScreen } from './features/devices/DevicesScreen.js';
import { DockScreen } from './features/dock/DockScreen.js';
import { GrantsScreen } from './features/grants/GrantsScreen.js';
import { LockScreen, useIdleLock } from './features/login/LockScreen.js';
import { LoginScreen } from './features/login/LoginScreen.js';
import { UsersScreen } from './features/users/UsersScreen.js';
import { LabelScreen } from './features/label/LabelScreen.js';
import { PartyCopiesScreen } from './features/party-copies/PartyCopiesScreen.js';
import { PlayerScreen } from './features/player/PlayerScreen.js';
import { ReviewScreen } from './features/review/ReviewScreen.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { SuperviseScreen } from './features/supervise/SuperviseScreen.js';
import { setLanguage } from './i18n/index.js';
import { errorMessage } from './i18n/errors.js';
import { useLang } from './i18n/hooks.js';
import { useAppState, useController } from './state/context.js';
import type { Notice } from './state/controller.js';
import { navigate, useRoute, type Route, type Screen } from './state/router.js';
import { useStation } from './state/use-station.js';

const TABS: { screen: Screen; key?: string }[] = [
  { screen: 'dock', key: '1' },
  { screen: 'label', key: '2' },
  { screen: 'catalogue', key: '3' },
  { screen: 'player', key: '4' },
  { screen: 'supervise', key: '5' },
  { screen: 'settings', key: '6' },
  { screen: 'archive', key: '7' },
  { screen: 'review', key: '8' },
  { screen: 'copies', key: '9' },
  { screen: 'backup', key: '0' },
  { screen: 'devices' },
  { screen: 'grants' },
  { screen: 'users' },
];

/** Screens shown only to some roles (the station refuses the commands anyway; this only spares the clicks). */
const TAB_ROLES: Partial<Record<Screen, string[]>> = { users: ['admin'], review: ['officer', 'supervisor'], copies: ['clerk', 'legal', 'supervisor'] };

/** The last clip opened, so the 回放 tab (Alt+4) returns to it. */
let lastPlayerClip: string | undefined;

function routeFor(screen: Screen): Route {
  if (screen === 'player') return lastPlayerClip ? { screen, clipId: lastPlayerClip } : { screen };
  return { screen } as Route;
}

export function App() {
  const { t } = useTranslation();
  const loaded = useAppState((s) => s.loaded);
  const operator = useAppState((s) => s.operator);
  const locked = useAppState((s) => s.locked);
  const idleMinutes = useAppState((s) => s.settings?.sessionIdleMinutes);
  const controller = useController();
  const route = useRoute();
  // Issue F: the screen locks after the agency's idle time (the station locks the session too).
  useIdleLock(operator !== undefined && !locked, idleMinutes, () => void controller.lock());

  if (route.screen === 'player' && route.clipId) lastPlayerClip = route.clipId;

  useEffect(() => {
    if (!operator) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const tab = TABS.find((tab) => event.code === `Digit${tab.key}` || event.code === `Numpad${tab.key}`);
      if (!tab) return;
      event.preventDefault();
      navigate(routeFor(tab.screen));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [operator]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skipToContent')}
      </a>
      <TopBar />
      <ConnectionBanner />
      {operator && !locked && <Tabs current={route.screen} />}
      <Notices />
      <main id="main" className="main" tabIndex={-1}>
        {!loaded ? <p className="muted loading">{t('app.loading')}</p> : !operator ? <LoginScreen /> : locked ? <LockScreen /> : <ScreenFor route={route} />}
      </main>
    </div>
  );
}

function ScreenFor({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dock':
      return <DockScreen />;
    case 'label':
      return <LabelScreen key={route.session ?? '*'} session={route.session} />;
    case 'catalogue':
      return <CatalogueScreen />;
    case 'player':
      return <PlayerScreen clipId={route.clipId} />;
    case 'supervise':
      return <SuperviseScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'archive':
      return <ArchiveScreen />;
    case 'review':
      return <ReviewScreen />;
    case 'copies':
      return <PartyCopiesScreen />;
    case 'backup':
      return <BackupScreen />;
    case 'devices':
      return <DevicesScreen />;
    case 'users':
      return <UsersScreen />;
    case 'grants':
      return <GrantsScreen />;
  }
}

function TopBar() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const station = useStation();
  const operator = useAppState((s) => s.operator);
  const agency = useAppState((s) => s.settings?.agencyName);
  const version = useAppState((s) => s.info?.version);
  const connection = useAppState((s) => s.connection);

  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__emblem" aria-hidden="true">
          证
        </span>
        <div>
          <div className="topbar__title">{t('app.title')}</div>
          <div className="topbar__agency">
            {[agency, version ? t('app.version', { version }) : undefined].filter(Boolean).join(' · ')}
          </div>
        </div>
      </div>
      <div className="topbar__right">
        {station.kind === 'fake' && (
          <span className="pill pill--fake" title={t('app.fakeStation')}>
            {t('app.fakeStation')}
          </span>
        )}
        <span className={`pill pill--${connection.state}`} role="status" data-testid="connection-status" data-state={connection.state}>
          <span className="pill__dot" aria-hidden="true" />
          {t(`connection.${connection.state}`)}
        </span>
        {operator && (
          <span className="topbar__operator" data-testid="operator">
            <span className="topbar__muted">{t('app.operatorLabel')}</span>
            {operator}
            <button type="button" className="button button--small button--on-dark" data-testid="nav-logout" onClick={() => void controller.signOut()}>
              {t('nav.logout')}
            </button>
          </span>
        )}
        <button
          type="button"
          className="button button--small button--on-dark"
          data-testid="lang-switch"
          lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
          aria-label={`${t('app.language')}: ${t('app.languageName')} → ${t('app.switchTo')}`}
          onClick={() => void setLanguage(lang === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('app.switchTo')}
        </button>
      </div>
    </header>
  );
}

function Tabs({ current }: { current: Screen }) {
  const { t } = useTranslation();
  const unlabelled = useAppState((s) => s.unlabelledTotal);
  const docks = useAppState((s) => s.docks);
  const ingesting = docks.some((d) => d.state === 'ingesting');
  const roles = useAppState((s) => s.actor?.roles);
  return (
    <nav className="tabs" aria-label={t('app.title')}>
      {TABS.filter((tab) => !TAB_ROLES[tab.screen] || TAB_ROLES[tab.screen]?.some((role) => roles?.includes(role as never))).map((tab) => {
        const route = routeFor(tab.screen);
        const href = `#/${tab.screen}${tab.screen === 'player' && lastPlayerClip ? `/${lastPlayerClip}` : ''}`;
        return (
          <a
            key={tab.screen}
            href={href}
            className={`tabs__tab${current === tab.screen ? ' tabs__tab--current' : ''}`}
            aria-current={current === tab.screen ? 'page' : undefined}
            aria-keyshortcuts={tab.key ? `Alt+${tab.key}` : undefined}
            data-testid={`nav-${tab.screen}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(route);
            }}
          >
            <span>{t(`nav.${tab.screen}`)}</span>
            {tab.screen === 'dock' && ingesting && <span className="tabs__pulse" aria-hidden="true" />}
            {tab.screen === 'label' && unlabelled !== undefined && unlabelled > 0 && (
              <span className="tabs__count" aria-label={t('nav.unlabelledBadge', { count: unlabelled })} data-testid="nav-label-count">
                {unlabelled}
              </span>
            )}
            {tab.key && <kbd className="tabs__key">{t('app.shortcut', { key: tab.key })}</kbd>}
          </a>
        );
      })}
    </nav>
  );
}

function ConnectionBanner() {
  const { t } = useTranslation();
  const controller = useController();
  const connection = useAppState((s) => s.connection);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (connection.state === 'connected') return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [connection.state]);
  if (connection.state === 'connected') return null;
  if (connection.state === 'connecting' && connection.attempt < 2) return null;
  const seconds = connection.retryAt ? Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000)) : 0;
  return (
    <div className="banner banner--error" role="alert" data-testid="connection-banner">
      <div>
        <strong>{connection.everConnected ? t('connection.lostTitle') : t('connection.neverConnected')}</strong>
        {connection.everConnected && <span> {t('connection.lostBody', { attempt: connection.attempt })}</span>}
        {seconds > 0 && <span className="banner__retry"> {t('connection.retryIn', { seconds })}</span>}
      </div>
      <button type="button" className="button button--small" onClick={() => controller.station.connection.retryNow()}>
        {t('connection.retryNow')}
      </button>
    </div>
  );
}

function Notices() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const notices = useAppState((s) => s.notices);
  const text = (notice: Notice) => {
    if (notice.code === 'CONNECTION_RESTORED') return t('connection.restored');
    if (notice.code === 'SESSION_CLOSED') return t('notices.sessionClosed', { device: notice.params.device, count: Number(notice.params.count) });
    const device = notice.params.device;
    const prefix = typeof device === 'string' && device ? t('notices.device', { device }) : '';
    return prefix + errorMessage(t, lang, { code: notice.code, params: notice.params, message: String(notice.params.message ?? '') });
  };
  return (
    <div className="notices" aria-live="assertive" aria-label={t('notices.title')}>
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.level}`} data-testid="notice" data-code={notice.code} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span className="notice__text">{text(notice)}</span>
          <button type="button" className="button button--small button--ghost" onClick={() => controller.dismissNotice(notice.id)}>
            {t('common.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
