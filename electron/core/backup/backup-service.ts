/**
 * The off-site backup (issue E, R4.5): send what is new in the vault plus a consistent copy of the
 * catalogue, audit log, keys and settings to a target, sealed with the station's backup key; check
 * every upload; write the snapshot's manifest last; keep the local record of what the target holds.
 * One run at a time; progress as events; every run and every verification in the audit log.
 */
import { EventEmitter } from 'node:events';
import { randomBytes, randomInt } from 'node:crypto';
import { keyIdText, targetNameOf, type BackupKey } from './backup-key.js';
import { BackupError, isRetryable } from './errors.js';
import { manifestPath, objectPath, parseManifest } from './layout.js';
import { readManifest } from './manifest-reader.js';
import { EMPTY_STATE, type BackupProgress, type BackupRunSummary, type BackupState, type BackupStatus, type BackupVerificationSummary, type SnapshotManifest } from './model.js';
import { checkedStream, collect, counted } from './object-stream.js';
import { KNOWN_DAMAGED, planUpload, type PlanItem } from './plan.js';
import type { BackupKeyStore, BackupSource, BackupStateStore, BackupTarget, DataSnapshot, TargetOpener } from './ports.js';
import { backupDue, nextScheduledAt } from './schedule.js';
import { checkTail, finalChunkOffset, HEADER_BYTES, seal, sealBuffer, sealedSize, unseal, unsealBuffer } from './sealed-format.js';
import { SpeedMeter, throttle } from './throttle.js';

export interface BackupSettings {
  backupTarget: string;
  backupTime: string;
  backupMaxAgeHours: number;
  backupBandwidthBytesPerSecond: number;
  backupSampleSize: number;
}

export interface BackupServiceDeps {
  source: BackupSource;
  targets: TargetOpener;
  state: BackupStateStore;
  keys: BackupKeyStore;
  settings: () => Promise<BackupSettings>;
  audit: (actor: string, action: string, target: string, detail: Record<string, unknown>) => Promise<void>;
  now: () => Date;
  stationVersion: string;
  log?: (message: string) => void;
  /** Waits between retries (tests pass a quick one). */
  sleep?: (ms: number) => Promise<void>;
  retries?: number;
}

export interface StartOptions {
  operator: string;
  trigger: 'manual' | 'schedule';
  /** Overrides settings.backupTarget for this run (CLI --target). */
  target?: string;
  bandwidthBytesPerSecond?: number;
}

const RECORD_SAVE_EVERY = 25;
const MAX_VERIFICATIONS_KEPT = 20;

export class BackupService {
  readonly events = new EventEmitter<{ progress: [BackupProgress] }>();
  private running: { runId: string; progress: BackupProgress; done: Promise<BackupRunSummary> } | undefined;
  private state: BackupState | undefined;
  /** Set by close(): a running backup stops after the object in flight (the next run resumes). */
  private closing = false;

  constructor(private readonly deps: BackupServiceDeps) {}

  private async loadState(): Promise<BackupState> {
    this.state ??= await this.deps.state.load().catch(() => structuredClone(EMPTY_STATE));
    return this.state;
  }

  private async saveState(): Promise<void> {
    if (this.state) await this.deps.state.save(this.state);
  }

  /** The key, made on first use (audited). */
  async ensureKey(operator: string): Promise<{ key: BackupKey; created: boolean }> {
    const existing = await this.deps.keys.load();
    if (existing) return { key: existing, created: false };
    const key = await this.deps.keys.create();
    await this.deps.audit(operator, 'backup.key-created', 'backup', { keyId: keyIdText(key) });
    return { key, created: true };
  }

  /** Starts a run and returns at once; `wait(runId)` follows it to the end. */
  async start(options: StartOptions): Promise<{ runId: string; alreadyRunning: boolean }> {
    if (this.running) {
      if (options.trigger === 'schedule') return { runId: this.running.runId, alreadyRunning: true };
      throw new BackupError('BACKUP_ALREADY_RUNNING', 'a backup is already running', { runId: this.running.runId });
    }
    const target = (options.target ?? (await this.deps.settings()).backupTarget).trim();
    if (!target) throw new BackupError('BACKUP_TARGET_INVALID', 'no backup target is configured', { target: '' });
    const runId = randomBytes(6).toString('hex');
    const progress: BackupProgress = { runId, step: 'snapshot', objectsDone: 0, objectsTotal: 0, bytesDone: 0, bytesTotal: 0, speed: 0 };
    const done = this.run(runId, target, options, progress).finally(() => {
      this.running = undefined;
    });
    this.running = { runId, progress, done };
    // The caller follows through wait() or the events; an unobserved failure is still recorded in the state and audit log.
    done.catch(() => undefined);
    return { runId, alreadyRunning: false };
  }

  /** The summary of the running (or just-finished) run with this id. */
  async wait(runId: string): Promise<BackupRunSummary> {
    if (this.running?.runId === runId) return this.running.done;
    const state = await this.loadState();
    if (state.lastRun?.runId === runId) return state.lastRun;
    throw new BackupError('BACKUP_NO_SNAPSHOT', `no backup run ${runId}`, { runId });
  }

  /** Starts the nightly run when it is due (host timer). */
  async runIfDue(): Promise<string | undefined> {
    const settings = (await this.deps.settings());
    if (!settings.backupTarget.trim() || this.running) return undefined;
    const state = await this.loadState();
    if (!backupDue(this.deps.now(), settings.backupTime, state.lastRun)) return undefined;
    const started = await this.start({ operator: 'station:schedule', trigger: 'schedule' });
    return started.runId;
  }

  private emit(progress: BackupProgress, patch: Partial<BackupProgress>): void {
    Object.assign(progress, patch);
    this.events.emit('progress', { ...progress });
  }

  private async run(runId: string, targetText: string, options: StartOptions, progress: BackupProgress): Promise<BackupRunSummary> {
    const startedAt = this.deps.now().toISOString();
    const summary: BackupRunSummary = { runId, trigger: options.trigger, by: options.operator, target: targetText, startedAt, finishedAt: startedAt, ok: false, objects: 0, bytes: 0, uploadedObjects: 0, uploadedBytes: 0 };
    let target: BackupTarget | undefined;
    let snapshot: DataSnapshot | undefined;
    try {
      const { key } = await this.ensureKey(options.operator);
      target = await this.deps.targets.open(targetText);
      summary.target = target.description;
      await this.deps.audit(options.operator, 'backup.started', 'backup', { runId, target: target.description, trigger: options.trigger, keyId: keyIdText(key) });
      snapshot = await this.deps.source.snapshot();
      const manifest = await this.sendSnapshot(runId, key, target, snapshot, options, progress, summary);
      summary.ok = true;
      summary.snapshotId = manifest.snapshotId;
      summary.auditSeq = manifest.audit.lastSeq;
      summary.finishedAt = this.deps.now().toISOString();
      const state = await this.loadState();
      state.lastGood = summary;
      state.lastRun = summary;
      await this.saveState();
      await this.deps.audit(options.operator, 'backup.completed', 'backup', { ...summary });
      this.emit(progress, { step: 'done', etaSeconds: 0 });
      return summary;
    } catch (error) {
      summary.finishedAt = this.deps.now().toISOString();
      summary.error = error instanceof BackupError ? { code: error.code, message: error.message, params: error.params } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), params: {} };
      const state = await this.loadState();
      state.lastRun = summary;
      await this.saveState().catch(() => undefined);
      await this.deps.audit(options.operator, 'backup.failed', 'backup', { ...summary }).catch(() => undefined);
      this.emit(progress, { step: 'failed', message: summary.error.code });
      this.deps.log?.(`backup ${runId} failed: ${summary.error.code} ${summary.error.message}`);
      throw error;
    } finally {
      await snapshot?.release().catch(() => undefined);
      await target?.close().catch(() => undefined);
    }
  }

  private async sendSnapshot(runId: string, key: BackupKey, target: BackupTarget, snapshot: DataSnapshot, options: StartOptions, progress: BackupProgress, summary: BackupRunSummary): Promise<SnapshotManifest> {
    const item = (sha256: string, size: number): PlanItem => {
      const name = targetNameOf(key, sha256);
      return { sha256, size, name, path: objectPath(name), sealedSize: sealedSize(size) };
    };
    const objects = snapshot.vaultObjects.map((o) => item(o.sha256, o.size));
    const files = snapshot.files.map((f) => ({ file: f, item: item(f.sha256, f.size) }));
    const readers = new Map<string, () => AsyncIterable<Buffer>>();
    for (const o of objects) readers.set(o.path, () => snapshot.readVaultObject(o.sha256));
    for (const { file, item: i } of files) readers.set(i.path, () => file.read());

    this.emit(progress, { step: 'listing' });
    const state = await this.loadState();
    const record = (state.targets[target.description] ??= { verified: {} });
    const listing = await this.withRetry(() => target.list('objects/'));
    const plan = planUpload([...objects, ...files.map((f) => f.item)], listing, record.verified);

    // Listed but not known as verified (record lost, run killed after an upload): check, then trust.
    this.emit(progress, { step: 'checking', objectsTotal: plan.check.length, objectsDone: 0 });
    for (const candidate of plan.check) {
      try {
        await this.withRetry(() => this.verifyTail(key, target, candidate));
        record.verified[candidate.path] = candidate.sealedSize;
      } catch (error) {
        if (!(error instanceof BackupError) || error.code !== 'BACKUP_OBJECT_CORRUPT') throw error;
        this.deps.log?.(`backup: ${candidate.path} on the target is damaged; sending it again`);
        delete record.verified[candidate.path];
        plan.upload.push(candidate);
      }
      this.emit(progress, { objectsDone: progress.objectsDone + 1 });
    }

    const bytesTotal = plan.upload.reduce((sum, i) => sum + i.size, 0);
    this.emit(progress, { step: 'uploading', objectsDone: 0, objectsTotal: plan.upload.length, bytesDone: 0, bytesTotal });
    const meter = new SpeedMeter(() => this.deps.now().getTime());
    const limit = options.bandwidthBytesPerSecond ?? (await this.deps.settings()).backupBandwidthBytesPerSecond;
    let sinceSave = 0;
    for (const upload of plan.upload) {
      if (this.closing) throw new BackupError('BACKUP_WRITE_FAILED', 'stopped: the station is shutting down; the next run resumes where this one stopped', { target: target.description, detail: 'station stopping' });
      const read = readers.get(upload.path);
      if (!read) continue;
      let attemptBytes = 0;
      await this.withRetry(async () => {
        progress.bytesDone -= attemptBytes;
        attemptBytes = 0;
        const plain = checkedStream(read(), { sha256: upload.sha256, size: upload.size }, (actual) => new BackupError('BACKUP_SOURCE_CHANGED', `${upload.sha256} changed while being read or does not match its content address`, { sha256: upload.sha256, actual: actual.sha256 }));
        const metered = counted(throttle(plain, limit), (n) => {
          attemptBytes += n;
          meter.add(n);
          progress.bytesDone += n;
          progress.speed = meter.speed();
          const eta = meter.eta(bytesTotal - progress.bytesDone);
          if (eta === undefined) delete progress.etaSeconds;
          else progress.etaSeconds = eta;
        });
        await target.put(upload.path, seal(key, metered));
        await this.verifyUploaded(key, target, upload);
      });
      record.verified[upload.path] = upload.sealedSize;
      summary.uploadedObjects += 1;
      summary.uploadedBytes += upload.size;
      this.emit(progress, { objectsDone: progress.objectsDone + 1 });
      if (++sinceSave >= RECORD_SAVE_EVERY) {
        sinceSave = 0;
        await this.saveState();
      }
    }
    await this.saveState();

    // Written last: until the manifest is on the target (and read back), this run is not a backup.
    this.emit(progress, { step: 'manifest' });
    const createdAt = this.deps.now();
    const manifest: SnapshotManifest = {
      format: 'evidence-station-backup',
      version: 1,
      snapshotId: runId,
      createdAt: createdAt.toISOString(),
      stationVersion: this.deps.stationVersion,
      keyId: keyIdText(key),
      objects: objects.map((o) => ({ sha256: o.sha256, size: o.size, name: o.name })),
      files: files.map(({ file, item: i }) => ({ path: file.path, sha256: file.sha256, size: file.size, name: i.name })),
      audit: snapshot.audit,
      totals: { objects: objects.length, bytes: objects.reduce((sum, o) => sum + o.size, 0) },
    };
    const sealed = await sealBuffer(key, Buffer.from(JSON.stringify(manifest)));
    const where = manifestPath(createdAt, runId);
    await this.withRetry(async () => {
      await target.put(where, (async function* () { yield sealed; })());
      const back = await collect(target.get(where));
      parseManifest(await unsealBuffer(key, back, where), where);
    });
    summary.objects = manifest.totals.objects;
    summary.bytes = manifest.totals.bytes;
    return manifest;
  }

  /** After an upload: read back and decrypt the whole object ('full'), or check size + the authenticated final chunk ('tail'). */
  private async verifyUploaded(key: BackupKey, target: BackupTarget, item: PlanItem): Promise<void> {
    if (target.verifyAfterUpload === 'tail') return this.verifyTail(key, target, item);
    const mismatch = (actual: { sha256: string }) => new BackupError('BACKUP_OBJECT_CORRUPT', `backup object ${item.path} did not read back identical`, { object: item.path, detail: `read back ${actual.sha256}` });
    for await (const piece of checkedStream(unseal(key, target.get(item.path), item.path), { sha256: item.sha256, size: item.size }, mismatch)) void piece;
  }

  private async verifyTail(key: BackupKey, target: BackupTarget, item: PlanItem): Promise<void> {
    const listed = await target.list(item.path);
    const size = listed.find((entry) => entry.name === item.path)?.size;
    if (size === undefined) throw new BackupError('BACKUP_OBJECT_MISSING', `backup object ${item.path} is not on the target`, { object: item.path });
    if (size !== item.sealedSize) throw new BackupError('BACKUP_OBJECT_CORRUPT', `backup object ${item.path} has ${size} bytes, expected ${item.sealedSize}`, { object: item.path, detail: `size ${size}` });
    const header = await target.getRange(item.path, 0, HEADER_BYTES);
    const start = finalChunkOffset(item.size);
    const tail = await target.getRange(item.path, start, item.sealedSize - start);
    checkTail(key, header, tail, item.size, item.path);
  }

  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    const retries = this.deps.retries ?? 3;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isRetryable(error) || attempt >= retries) throw error;
        this.deps.log?.(`backup: ${error instanceof Error ? error.message : String(error)}; retrying (${attempt + 1}/${retries})`);
        await sleep(1000 * 2 ** attempt);
      }
    }
  }

  /** The periodic check: a random sample of the newest snapshot's objects downloaded, decrypted and hashed. Audited. */
  async verifySample(operator: string, sampleSize?: number, targetText?: string): Promise<BackupVerificationSummary> {
    const key = await this.deps.keys.load();
    if (!key) throw new BackupError('BACKUP_KEY_MISSING', 'this station has no backup key yet', {});
    const target = await this.deps.targets.open((targetText ?? (await this.deps.settings()).backupTarget).trim() || raise());
    try {
      const { manifest } = await readManifest(key, target);
      const all = [...manifest.objects.map((o) => ({ ...o, label: o.sha256 })), ...manifest.files.map((f) => ({ ...f, label: f.path }))];
      const n = Math.min(all.length, sampleSize ?? (await this.deps.settings()).backupSampleSize);
      const picked = new Set<number>();
      while (picked.size < n) picked.add(randomInt(all.length));
      const result: BackupVerificationSummary = { at: this.deps.now().toISOString(), by: operator, target: target.description, snapshotId: manifest.snapshotId, kind: 'sample', checked: 0, bytes: 0, ok: true, problems: [] };
      for (const index of picked) {
        const entry = all[index];
        if (!entry) continue;
        const where = objectPath(entry.name);
        try {
          const mismatch = (actual: { sha256: string }) => new BackupError('BACKUP_OBJECT_CORRUPT', `${where} decrypts to ${actual.sha256}, not ${entry.sha256}`, { object: where, detail: 'hash differs' });
          for await (const piece of checkedStream(unseal(key, target.get(where), where), { sha256: entry.sha256, size: entry.size }, mismatch)) void piece;
          result.bytes += entry.size;
        } catch (error) {
          if (!(error instanceof BackupError) || (error.code !== 'BACKUP_OBJECT_CORRUPT' && error.code !== 'BACKUP_OBJECT_MISSING')) throw error;
          result.ok = false;
          result.problems.push({ object: where, sha256: entry.sha256, code: error.code, detail: error.message });
          const state = await this.loadState();
          (state.targets[target.description] ??= { verified: {} }).verified[where] = KNOWN_DAMAGED;
        }
        result.checked += 1;
      }
      const state = await this.loadState();
      state.verifications = [result, ...state.verifications].slice(0, MAX_VERIFICATIONS_KEPT);
      await this.saveState();
      await this.deps.audit(operator, 'backup.verified', 'backup', { ...result });
      return result;
    } finally {
      await target.close().catch(() => undefined);
    }
  }

  async status(): Promise<BackupStatus> {
    const settings = (await this.deps.settings());
    const state = await this.loadState();
    const key = await this.deps.keys.load();
    const now = this.deps.now();
    const lastGood = state.lastGood;
    const ageHours = lastGood ? (now.getTime() - Date.parse(lastGood.finishedAt)) / 3_600_000 : undefined;
    let pendingObjects = 0;
    let pendingBytes = 0;
    const targetRecord = lastGood ? state.targets[lastGood.target] : undefined;
    for (const object of await this.deps.source.vaultObjects()) {
      const known = key && targetRecord ? targetRecord.verified[objectPath(targetNameOf(key, object.sha256))] : undefined;
      if (known === undefined) {
        pendingObjects += 1;
        pendingBytes += object.size;
      }
    }
    const next = settings.backupTarget.trim() ? nextScheduledAt(now, settings.backupTime) : undefined;
    return {
      configured: settings.backupTarget.trim() !== '',
      target: settings.backupTarget,
      scheduleTime: settings.backupTime,
      maxAgeHours: settings.backupMaxAgeHours,
      ...(key ? { keyId: keyIdText(key) } : {}),
      ...(lastGood ? { lastGood } : {}),
      ...(state.lastRun ? { lastRun: state.lastRun } : {}),
      ...(ageHours !== undefined ? { ageHours: Math.round(ageHours * 10) / 10 } : {}),
      alarm: ageHours === undefined || ageHours > settings.backupMaxAgeHours,
      pendingObjects,
      pendingBytes,
      ...(this.running ? { running: { ...this.running.progress } } : {}),
      verifications: state.verifications,
      ...(next ? { nextRunAt: next.toISOString() } : {}),
    };
  }

  /** Station shutdown: a running backup stops after the object in flight and is recorded as failed (nothing half-counted). */
  async close(): Promise<void> {
    this.closing = true;
    await this.running?.done.catch(() => undefined);
  }
}

function raise(): never {
  throw new BackupError('BACKUP_TARGET_INVALID', 'no backup target is configured', { target: '' });
}
