/**
 * Strict in-memory fakes of the station's ports. Anything a test did not script fails loudly
 * (Immich's habit): a fake never invents a success the real adapter would not give.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditRecord, AuditVerification } from '../../electron/core/domain/audit.js';
import type { CameraIdentity, Clip, MediaInfo, MediaKind } from '../../electron/core/domain/clip.js';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { StationError } from '../../electron/core/domain/errors.js';
import { DEFAULT_SETTINGS, type AgencySettings } from '../../electron/core/domain/settings.js';
import type { JournalRecord } from '../../electron/core/domain/journal.js';
import type { AuditLog, CameraFileEntry, IngestJournal, VaultInventory, CameraVolumeListing, CameraVolumeReader, CatalogueStore, ClipPage, ClipQuery, CopyProgress, MediaProbe, SettingsStore, Thumbnailer, Vault, VerifiedCopy } from '../../electron/core/ports.js';
import { GENESIS_PREV_HASH, sealRecord, verifyLines, formatRecordLine } from '../../electron/core/audit/chain.js';
import { compareByRecordingTime, matchesQuery, recordingTimeMs } from '../../electron/adapters/catalogue/clip-filter.js';
import type { StationPorts } from '../../electron/core/station-context.js';

export interface FakeCameraFile {
  relativePath: string;
  content: string;
  kind?: MediaKind;
  mtime?: string;
}

export class FakeVolumes implements CameraVolumeReader {
  readonly volumes = new Map<string, { identity: CameraIdentity; clockOffsetMs: number; files: FakeCameraFile[]; refused?: CameraVolumeListing['refused'] }>();

  async list(root: string): Promise<CameraVolumeListing> {
    const volume = this.volumes.get(root);
    if (!volume) throw new StationError('SOURCE_VANISHED', `no volume at ${root}`);
    const files: CameraFileEntry[] = volume.files.map((file) => ({
      relativePath: file.relativePath,
      absolutePath: `${root}/${file.relativePath}`,
      size: Buffer.byteLength(file.content),
      mtimeMs: Date.parse(file.mtime ?? '2026-11-23T07:00:00Z'),
      kind: file.kind ?? 'video',
    }));
    return { identity: volume.identity, clockOffsetMs: volume.clockOffsetMs, files, refused: volume.refused ?? [] };
  }

  contentAt(absolutePath: string): string | undefined {
    for (const [root, volume] of this.volumes) {
      const file = volume.files.find((f) => `${root}/${f.relativePath}` === absolutePath);
      if (file) return file.content;
    }
    return undefined;
  }
}

/** A vault over a Map; `failNext` scripts the failures a real disk or camera produces. */
export class FakeVault implements Vault, VaultInventory {
  readonly objects = new Map<string, string>();
  free = 10 * 1024 ** 3;
  private readonly scriptedFailures: StationError[] = [];
  private readonly failuresOnCall = new Map<number, StationError>();
  private calls = 0;

  constructor(private readonly volumes: FakeVolumes) {}

  failNext(error: StationError): void {
    this.scriptedFailures.push(error);
  }

  /** Fails the n-th ingest call (1-based), counting from the vault's creation. */
  failOnCall(n: number, error: StationError): void {
    this.failuresOnCall.set(n, error);
  }

  async ingest(sourcePath: string, expectedSize: number, onProgress: (p: CopyProgress) => void): Promise<VerifiedCopy> {
    this.calls++;
    const failure = this.failuresOnCall.get(this.calls) ?? this.scriptedFailures.shift();
    if (failure) throw failure;
    const content = this.volumes.contentAt(sourcePath);
    if (content === undefined) throw new StationError('SOURCE_VANISHED', `${sourcePath} is gone`);
    onProgress({ bytesDone: expectedSize, bytesTotal: expectedSize, phase: 'copying' });
    onProgress({ bytesDone: expectedSize, bytesTotal: expectedSize, phase: 'verifying' });
    const sha256 = createHash('sha256').update(content).digest('hex');
    const status = this.objects.has(sha256) ? 'already-stored' : 'stored';
    this.objects.set(sha256, content);
    return { sha256, size: expectedSize, status };
  }

  async has(sha256: string): Promise<boolean> {
    return this.objects.has(sha256);
  }

  pathOf(sha256: string): string {
    return `/vault/${sha256}`;
  }

  async freeBytes(): Promise<number> {
    return this.free;
  }

  async objectIds(): Promise<string[]> {
    return [...this.objects.keys()].sort();
  }

  async reverify(sha256: string): Promise<{ size: number } | undefined> {
    const content = this.objects.get(sha256);
    if (content === undefined || createHash('sha256').update(content).digest('hex') !== sha256) return undefined;
    return { size: Buffer.byteLength(content) };
  }
}

export class MemoryCatalogue implements CatalogueStore {
  readonly clips = new Map<string, Clip>();
  readonly sessions = new Map<string, DockSession>();
  private opened = false;

  async open(): Promise<void> {
    this.opened = true;
  }
  private assertOpen(): void {
    if (!this.opened) throw new Error('MemoryCatalogue used before open()');
  }
  get(id: string): Clip | undefined {
    this.assertOpen();
    return this.clips.get(id);
  }
  async putMany(clips: Clip[]): Promise<void> {
    this.assertOpen();
    for (const clip of clips) this.clips.set(clip.id, structuredClone(clip));
  }
  query(q: ClipQuery): ClipPage {
    const matching = [...this.clips.values()].filter((clip) => matchesQuery(clip, q));
    matching.sort((a, b) => compareByRecordingTime(recordingTimeMs(a), a.id, recordingTimeMs(b), b.id));
    const offset = q.offset ?? 0;
    return { items: matching.slice(offset, offset + (q.limit ?? 100)), total: matching.length };
  }
  count(): number {
    return this.clips.size;
  }
  getSession(id: string): DockSession | undefined {
    return this.sessions.get(id);
  }
  listSessions(): DockSession[] {
    return [...this.sessions.values()];
  }
  async putSession(session: DockSession): Promise<void> {
    this.sessions.set(session.id, structuredClone(session));
  }
  async close(): Promise<void> {
    this.opened = false;
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];
  async open(): Promise<void> {}
  async append(entry: AuditEntry): Promise<AuditRecord> {
    const previous = this.records.at(-1);
    const record = sealRecord(entry, this.records.length + 1, new Date().toISOString(), previous?.hash ?? GENESIS_PREV_HASH);
    this.records.push(record);
    return record;
  }
  async forTarget(target: string, limit = 100): Promise<AuditRecord[]> {
    return this.records.filter((r) => r.target === target).reverse().slice(0, limit);
  }
  async verify(): Promise<AuditVerification> {
    return verifyLines(this.records.map((r) => formatRecordLine(r).trimEnd()));
  }
  async close(): Promise<void> {}
  actions(): string[] {
    return this.records.map((r) => r.action);
  }
}

export class FakeProbe implements MediaProbe {
  readonly infos = new Map<string, MediaInfo>();
  async probe(_path: string, kind: MediaKind): Promise<MediaInfo> {
    return kind === 'video' ? { kind, durationMs: 10_000, videoCodec: 'h264' } : { kind };
  }
}

export class FakeThumbnailer implements Thumbnailer {
  readonly made: string[] = [];
  async thumbnail(_source: string, _kind: MediaKind, outPath: string): Promise<boolean> {
    this.made.push(outPath);
    return true;
  }
}

export class MemorySettings implements SettingsStore {
  constructor(public settings: AgencySettings = DEFAULT_SETTINGS) {}
  async load(): Promise<AgencySettings> {
    return { ...this.settings };
  }
  async save(settings: AgencySettings): Promise<void> {
    this.settings = { ...settings };
  }
}

/** The ingest journal in memory; `crash()` keeps what was appended, as a killed process would leave it. */
export class MemoryJournal implements IngestJournal {
  readonly journals = new Map<string, JournalRecord[]>();
  /** Scripted disk failure: the append whose records match is refused, as an fdatasync EIO would. */
  failWhen: ((record: JournalRecord) => boolean) | undefined;
  async append(sessionId: string, records: JournalRecord[]): Promise<void> {
    if (this.failWhen && records.some(this.failWhen)) {
      this.failWhen = undefined;
      throw new StationError('WRITE_FAILED', 'journal fdatasync: EIO', { errno: 'EIO' });
    }
    this.journals.set(sessionId, [...(this.journals.get(sessionId) ?? []), ...structuredClone(records)]);
  }
  async unfinished(): Promise<{ sessionId: string; records: JournalRecord[] }[]> {
    return [...this.journals].map(([sessionId, records]) => ({ sessionId, records: structuredClone(records) }));
  }
  async end(sessionId: string): Promise<void> {
    this.journals.delete(sessionId);
  }
}

export class FixedClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

export function fakePorts(clock = new FixedClock(new Date('2026-11-23T08:00:00Z'))) {
  const volumes = new FakeVolumes();
  const vault = new FakeVault(volumes);
  const ports = {
    vault,
    catalogue: new MemoryCatalogue(),
    auditLog: new MemoryAuditLog(),
    probe: new FakeProbe(),
    thumbnailer: new FakeThumbnailer(),
    volumes,
    settings: new MemorySettings(),
    derived: { thumbnailPath: (id: string) => `/thumbs/${id}.jpg` },
    clock,
    journal: new MemoryJournal(),
    vaultInventory: vault,
  } satisfies StationPorts;
  return ports;
}
