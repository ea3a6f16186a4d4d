/**
 * The fake station's off-site backup (issue E): status from an in-memory record, a run simulated with
 * progress ticks (snapshot, uploading, manifest, done) over the fake clips, sample checks that pass.
 * Nothing is encrypted or sent; a target containing "fail" is unreachable, so the screen's failure path
 * and its alarm can be seen.
 */
import type { CommandResponse, EventPayload, ParsedRequest } from '../../../electron/contract/index.js';
import type { BackupCommandName } from '../../../electron/contract/backup.js';
import type { AgencySettings } from '../contract-types.js';
import type { FakeJobDeps } from './fake-feature.js';

type Status = CommandResponse<'backup.status'>;
type Summary = NonNullable<Status['lastGood']>;
type Progress = EventPayload<'backup.progress'>;
type Verification = CommandResponse<'backup.verify'>;

export type FakeBackupHandlers = { [C in BackupCommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };

export interface FakeBackupDeps extends FakeJobDeps {
  settings: () => AgencySettings;
}

/** The next time of day `hhmm` after `now` (local time), like core/backup/schedule.ts. */
function nextAt(now: Date, hhmm: string): Date {
  const [h = 2, m = 0] = hhmm.split(':').map(Number);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m);
  return today.getTime() > now.getTime() ? today : new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1, h, m);
}

export function createFakeBackup(deps: FakeBackupDeps): FakeBackupHandlers {
  let keyId: string | undefined;
  let lastGood: Summary | undefined;
  let lastRun: Summary | undefined;
  let running: Progress | undefined;
  const sent = new Set<string>();
  const verifications: Verification[] = [];

  const ensureKey = (by: string) => {
    if (keyId) return false;
    keyId = deps.sha(`backup-key-${by}`).slice(0, 16);
    deps.record(by, 'backup.key-created', 'backup', { detail: { keyId } });
    return true;
  };

  const hoursSince = (iso: string) => Math.round(((deps.now().getTime() - Date.parse(iso)) / 3_600_000) * 10) / 10;

  return {
    'backup.status': () => {
      const settings = deps.settings();
      const clips = [...deps.clips()];
      const pending = clips.filter((c) => !sent.has(c.id));
      const ageHours = lastGood ? hoursSince(lastGood.finishedAt) : undefined;
      return {
        configured: settings.backupTarget !== '',
        target: settings.backupTarget,
        scheduleTime: settings.backupTime,
        maxAgeHours: settings.backupMaxAgeHours,
        ...(keyId ? { keyId } : {}),
        ...(lastGood ? { lastGood } : {}),
        ...(lastRun ? { lastRun } : {}),
        ...(ageHours !== undefined ? { ageHours } : {}),
        alarm: ageHours === undefined || ageHours > settings.backupMaxAgeHours,
        pendingObjects: pending.length,
        pendingBytes: pending.reduce((sum, c) => sum + c.size, 0),
        ...(running ? { running: { ...running } } : {}),
        verifications: [...verifications],
        ...(settings.backupTarget ? { nextRunAt: nextAt(deps.now(), settings.backupTime).toISOString() } : {}),
      };
    },
    'backup.start': (request) => {
      const by = deps.requireOperator();
      if (running) throw deps.fail('BACKUP_ALREADY_RUNNING', 'a backup is already running', { runId: running.runId });
      const target = request.target ?? deps.settings().backupTarget;
      if (!target) throw deps.fail('BACKUP_TARGET_INVALID', 'no backup target is configured', { target: '' });
      ensureKey(by);
      const runId = deps.sha(`run-${deps.now().toISOString()}`).slice(0, 12);
      const startedAt = deps.now().toISOString();
      const clips = [...deps.clips()];
      const todo = clips.filter((c) => !sent.has(c.id));
      const bytesTotal = todo.reduce((sum, c) => sum + c.size, 0);
      running = { runId, step: 'snapshot', objectsDone: 0, objectsTotal: todo.length, bytesDone: 0, bytesTotal, speed: 0 };
      deps.record(by, 'backup.started', 'backup', { detail: { runId, target } });
      const summary = (ok: boolean): Summary => ({ runId, trigger: 'manual', by, target, startedAt, finishedAt: deps.now().toISOString(), ok, objects: clips.length, bytes: clips.reduce((s, c) => s + c.size, 0), uploadedObjects: ok ? todo.length : 0, uploadedBytes: ok ? bytesTotal : 0, ...(ok ? { snapshotId: runId } : {}) });
      let tick = 0;
      const step = () => {
        if (!running) return;
        tick += 1;
        if (target.includes('fail') && tick === 2) {
          lastRun = { ...summary(false), error: { code: 'BACKUP_TARGET_UNREACHABLE', message: `cannot reach ${target}`, params: { target } } };
          deps.emit('backup.progress', { ...running, step: 'failed', message: 'BACKUP_TARGET_UNREACHABLE' });
          deps.record(by, 'backup.failed', 'backup', { detail: lastRun });
          running = undefined;
          return;
        }
        if (tick <= 4) {
          const done = Math.min(todo.length, Math.ceil((todo.length * tick) / 4));
          running = { ...running, step: 'uploading', objectsDone: done, bytesDone: Math.round((bytesTotal * tick) / 4), speed: 42_000_000, etaSeconds: 4 - tick };
        } else if (tick === 5) {
          running = { ...running, step: 'manifest' };
        } else {
          for (const c of todo) sent.add(c.id);
          lastGood = summary(true);
          lastRun = lastGood;
          deps.emit('backup.progress', { ...running, step: 'done', etaSeconds: 0 });
          deps.record(by, 'backup.completed', 'backup', { detail: lastGood });
          running = undefined;
          return;
        }
        deps.emit('backup.progress', { ...running });
        setTimeout(step, 300 / deps.speed);
      };
      deps.emit('backup.progress', { ...running });
      setTimeout(step, 300 / deps.speed);
      return { runId, alreadyRunning: false };
    },
    'backup.verify': (request) => {
      const by = deps.requireOperator();
      if (!lastGood?.snapshotId) throw deps.fail('BACKUP_NO_SNAPSHOT', 'no complete backup on the target', { target: deps.settings().backupTarget });
      const checked = Math.min(request.sampleSize ?? deps.settings().backupSampleSize, lastGood.objects);
      const result: Verification = { at: deps.now().toISOString(), by, target: lastGood.target, snapshotId: lastGood.snapshotId, kind: 'sample', checked, bytes: 0, ok: true, problems: [] };
      verifications.unshift(result);
      deps.record(by, 'backup.verified', 'backup', { detail: result });
      return result;
    },
    'backup.keyInit': () => {
      const by = deps.requireOperator();
      const created = ensureKey(by);
      return { keyId: keyId ?? '', created };
    },
  };
}
