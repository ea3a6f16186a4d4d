/**
 * The renderer's view of the station: who is at it, its settings, the docked cameras, notices and the
 * link state, kept in one store that screens select from. It is the only place that listens to the
 * station's events; screens call commands through `station.commands` and re-read on `clipsVersion`.
 */
import type { CallResult, CommandName, CommandRequest, CommandResponse } from '../../../electron/contract/index.js';
import type { ConnectionStatus, StationConnection } from '../bridge/index.js';
import type { AgencySettings, DockSession, ErrorPayload, StationInfo } from '../contract-types.js';
import { createStore, type Store } from './store.js';

type ActorView = CommandResponse<'auth.login'>['actor'];

/** Per tab, gone when the tab closes; readable by the page's own script only (the CSP allows no other). */
const TOKEN_KEY = 'evidence-station.session';

function readToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeToken(token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // No storage (a locked-down profile): a reload asks for the password again.
  }
}

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  code: string;
  params: Record<string, string | number>;
  at: number;
}

/** What a dock card says after an action on it (kept here so it survives leaving the screen). */
export type DockMessage = { tone: 'error'; error: ErrorPayload } | { tone: 'ok'; key: string; params?: Record<string, string | number> };

export interface AppState {
  loaded: boolean;
  info: StationInfo | undefined;
  settings: AgencySettings | undefined;
  operator: string | undefined;
  /** Issue F: the signed-in person (roles, department, clearance); undefined before sign-in. */
  actor: ActorView | undefined;
  /** The session is locked (idle): the lock screen asks for the password / PIN again. */
  locked: boolean;
  /** No account exists yet: the first administrator is created on the sign-in screen. */
  needsSetup: boolean;
  connection: ConnectionStatus;
  /** Open sessions (not closed), newest first. */
  docks: DockSession[];
  notices: Notice[];
  unlabelledTotal: number | undefined;
  /** Bumped (throttled) when the station says clips changed; screens re-query on it. */
  clipsVersion: number;
  /** Bumped when the link comes back: anything may have changed meanwhile. */
  reloadVersion: number;
  dockMessages: Record<string, DockMessage>;
  /** The last station.notice per device number: carries figures (needed / free bytes) a session lacks. */
  deviceNotices: Record<string, { code: string; params: Record<string, string | number> }>;
}

const CLIPS_THROTTLE_MS = 400;
const MAX_NOTICES = 6;

export class StationController {
  readonly store: Store<AppState>;
  private noticeId = 0;
  private clipsTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor(readonly station: StationConnection) {
    this.store = createStore<AppState>({
      loaded: false,
      info: undefined,
      settings: undefined,
      operator: undefined,
      actor: undefined,
      locked: false,
      needsSetup: false,
      connection: station.connection.get(),
      docks: [],
      notices: [],
      unlabelledTotal: undefined,
      clipsVersion: 0,
      reloadVersion: 0,
      dockMessages: {},
      deviceNotices: {},
    });
  }

  /** Subscribes to the station's events and loads what the top bar needs. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.station.on('dock.updated', (session) => this.upsertDock(session));
    this.station.on('clips.changed', () => this.clipsChanged());
    this.station.on('station.notice', (notice) => {
      this.pushNotice(notice.level, notice.code, notice.params);
      const device = notice.params.device;
      if (typeof device === 'string' && device !== '')
        this.store.set((s) => ({ deviceNotices: { ...s.deviceNotices, [device]: { code: notice.code, params: notice.params } } }));
    });
    this.station.connection.subscribe((status) => {
      const before = this.store.get().connection;
      this.store.set({ connection: status });
      if (status.state === 'connected' && before.state === 'reconnecting') {
        this.pushNotice('info', 'CONNECTION_RESTORED', {});
        this.store.set((s) => ({ reloadVersion: s.reloadVersion + 1 }));
        void this.loadInfo().then(() => this.afterIdentified());
      }
    });
    void this.loadInfo()
      .then(() => this.resumeAfterReload())
      .then(() => {
        this.store.set({ loaded: true });
        if (this.store.get().operator) void this.afterIdentified();
      });
  }

  /**
   * A command through the bridge. UNAUTHENTICATED means the station no longer knows who is here
   * (signed out elsewhere, session ended, restarted): back to the sign-in screen. SESSION_LOCKED means
   * the session went idle on the station side: the lock screen.
   */
  async call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CallResult<C>> {
    const fn = this.station.commands[command] as (request: CommandRequest<C>) => Promise<CallResult<C>>;
    const result = await fn(request);
    if (!result.ok && !command.startsWith('auth.')) {
      if (result.error.code === 'UNAUTHENTICATED') this.forget();
      else if (result.error.code === 'SESSION_LOCKED') this.store.set({ locked: true });
    }
    return result;
  }

  async loadInfo(): Promise<void> {
    const result = await this.call('station.info', {});
    if (result.ok)
      this.store.set((s) => ({ info: result.value, needsSetup: result.value.needsSetup, settings: result.value.settings ?? s.settings, operator: result.value.operator ?? s.operator }));
  }

  /** Username + password (also the CLI's way in). */
  login(username: string, password: string): Promise<CallResult<'auth.login'>> {
    return this.signedIn(this.call('auth.login', { username, password }));
  }

  /** Badge number + PIN at the dock; `scanned` without a PIN only where the agency allows it. */
  badgeLogin(badgeNumber: string, pin: string | undefined, scanned: boolean): Promise<CallResult<'auth.badgeLogin'>> {
    return this.signedIn(this.call('auth.badgeLogin', { badgeNumber, ...(pin !== undefined ? { pin } : {}), ...(scanned ? { scanned } : {}) }));
  }

  /** The first administrator, at first start. */
  setup(request: CommandRequest<'auth.setup'>): Promise<CallResult<'auth.setup'>> {
    return this.signedIn(this.call('auth.setup', request));
  }

  /** The renderer's idle timer: lock here and on the station (audited there). */
  async lock(): Promise<void> {
    if (!this.store.get().actor || this.store.get().locked) return;
    this.store.set({ locked: true });
    await this.call('auth.lock', {});
  }

  async unlock(secret: string): Promise<CallResult<'auth.unlock'>> {
    const result = await this.call('auth.unlock', { secret });
    if (result.ok) {
      this.store.set({ locked: false });
      // A page reloaded while locked has not loaded the station's details yet.
      await this.loadInfo();
      await this.afterIdentified();
    }
    else if (result.error.code === 'ACCOUNT_LOCKED' || result.error.code === 'UNAUTHENTICATED') this.forget();
    return result;
  }

  /** Ends the session on the station (audited) and returns to the sign-in screen. */
  async signOut(): Promise<void> {
    await this.call('auth.logout', {});
    this.forget();
  }

  private async signedIn<C extends 'auth.login' | 'auth.badgeLogin' | 'auth.setup' | 'auth.resume'>(pending: Promise<CallResult<C>>): Promise<CallResult<C>> {
    const result = await pending;
    if (!result.ok) return result;
    const session = result.value as CommandResponse<'auth.login'>;
    storeToken(session.token);
    this.store.set({ operator: session.operator, actor: session.actor, locked: false, needsSetup: false });
    await this.loadInfo();
    await this.afterIdentified();
    return result;
  }

  /** A reload keeps the sign-in: the token kept for this tab is offered to the station, which checks it. */
  private async resumeAfterReload(): Promise<void> {
    const token = readToken();
    if (!token || this.store.get().operator) return;
    const result = await this.call('auth.resume', { token });
    if (result.ok) {
      this.store.set({ operator: result.value.operator, actor: result.value.actor, locked: false });
      await this.loadInfo();
    } else if (result.error.code === 'SESSION_LOCKED') {
      const who = await this.call('auth.whoami', {});
      if (who.ok && who.value.actor) this.store.set({ operator: who.value.operator, actor: who.value.actor, locked: true });
    } else storeToken(undefined);
  }

  private forget(): void {
    storeToken(undefined);
    this.store.set({ operator: undefined, actor: undefined, locked: false });
  }

  setSettings(settings: AgencySettings): void {
    this.store.set((s) => ({ settings, info: s.info ? { ...s.info, settings } : s.info }));
  }

  async refreshDocks(): Promise<void> {
    const result = await this.call('docks.list', {});
    if (!result.ok) return;
    this.store.set({ docks: sortDocks(result.value.filter((d) => d.state !== 'closed')) });
  }

  async refreshUnlabelled(): Promise<void> {
    const result = await this.call('clips.query', { unlabelledOnly: true, limit: 1 });
    if (result.ok) this.store.set({ unlabelledTotal: result.value.total });
  }

  setDockMessage(sessionId: string, message: DockMessage | undefined): void {
    this.store.set((s) => {
      const next = { ...s.dockMessages };
      if (message) next[sessionId] = message;
      else delete next[sessionId];
      return { dockMessages: next };
    });
  }

  removeDock(sessionId: string): void {
    this.store.set((s) => ({ docks: s.docks.filter((d) => d.id !== sessionId) }));
    this.setDockMessage(sessionId, undefined);
  }

  /** Adds a notice; info notices go by themselves after `ttlMs`, warnings and errors stay until dismissed. */
  pushNotice(level: Notice['level'], code: string, params: Notice['params'], ttlMs = 8000): void {
    const notice: Notice = { id: ++this.noticeId, level, code, params, at: Date.now() };
    this.store.set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
    if (level === 'info') setTimeout(() => this.dismissNotice(notice.id), ttlMs);
  }

  dismissNotice(id: number): void {
    this.store.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  private async afterIdentified(): Promise<void> {
    await Promise.all([this.refreshDocks(), this.refreshUnlabelled()]);
  }

  private upsertDock(session: DockSession): void {
    if (session.state === 'closed') {
      // A closed session is done with: it leaves the dock screen (a notice says so).
      this.removeDock(session.id);
      return;
    }
    this.store.set((s) => {
      const index = s.docks.findIndex((d) => d.id === session.id);
      const docks = index === -1 ? [...s.docks, session] : s.docks.map((d, i) => (i === index ? session : d));
      // A refusal that no longer holds (everything labelled / explained since) is cleared.
      const message = s.dockMessages[session.id];
      const stale =
        message?.tone === 'error' &&
        ((message.error.code === 'SESSION_HAS_UNLABELLED' && session.unlabelledCount === 0) || (message.error.code === 'LATE_REASON_REQUIRED' && session.lateCount === 0));
      if (!stale) return { docks: sortDocks(docks) };
      const dockMessages = { ...s.dockMessages };
      delete dockMessages[session.id];
      return { docks: sortDocks(docks), dockMessages };
    });
  }

  private clipsChanged(): void {
    if (this.clipsTimer !== undefined) return;
    this.clipsTimer = setTimeout(() => {
      this.clipsTimer = undefined;
      this.store.set((s) => ({ clipsVersion: s.clipsVersion + 1 }));
      void this.refreshUnlabelled();
    }, CLIPS_THROTTLE_MS);
  }
}

function sortDocks(docks: DockSession[]): DockSession[] {
  return [...docks].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
