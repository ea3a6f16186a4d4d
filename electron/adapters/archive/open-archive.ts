/**
 * The archive's composition: the archive service over the station's own catalogue, vault, audit log
 * and clock (the same instances, so a disc's records chain into the same audit log), with the bag
 * writer, the disc writers, the disc registry and the label printer, laid out in the data folder:
 *
 *   <data>/archive/registry.json   disc registry (lowdb, fsync'd)
 *   <data>/archive/labels/         printable disc labels and case inserts (PDF)
 *   <data>/archive/staging/        bags being built (hard links to the vault + generated files); transient
 *   <data>/archive/scratch/        read-back extraction space; transient
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createArchiveCommandRunner, type ArchiveCommandRunner } from '../../core/archive/archive-commands.js';
import { ArchiveService, type ArchiveServiceOptions } from '../../core/archive/archive-service.js';
import type { DiscRecord } from '../../core/archive/model.js';
import { noAuditCheckpointYet, type AuditCheckpointSource, type DiscLabelWriter, type DiscWriterFactory } from '../../core/archive/ports.js';
import type { AuditLog, CatalogueStore, Clock, SettingsStore, Vault } from '../../core/ports.js';
import { BagStager } from './bag-stager.js';
import { renderDiscLabel } from './disc-label-pdf.js';
import { LowdbDiscRegistry } from './disc-registry-store.js';
import { createDiscWriters } from './disc-writers.js';
import { locateCjkFont, type CjkFont } from './font-locator.js';

export interface OpenArchiveOptions {
  dataDir: string;
  catalogue: Pick<CatalogueStore, 'get' | 'query'>;
  vault: Pick<Vault, 'pathOf' | 'has'>;
  auditLog: Pick<AuditLog, 'append'>;
  clock: Clock;
  settings: Pick<SettingsStore, 'load'>;
  stationVersion: string;
  stationName?: string;
  /** The signed audit checkpoint hook; until it exists, bags carry the unsigned audit record hash. */
  checkpoints?: AuditCheckpointSource;
  writers?: DiscWriterFactory;
  locateFont?: () => Promise<CjkFont>;
  service?: ArchiveServiceOptions;
  log?: (message: string) => void;
}

export interface OpenedArchive {
  service: ArchiveService;
  /** The archive's contract commands, parsed and checked exactly as Station.execute does. */
  commands: ArchiveCommandRunner;
  dir: string;
  dispose(): Promise<void>;
}

export function archiveDirs(dataDir: string) {
  const root = path.join(dataDir, 'archive');
  return { root, registry: path.join(root, 'registry.json'), labels: path.join(root, 'labels'), staging: path.join(root, 'staging'), scratch: path.join(root, 'scratch') };
}

class PdfDiscLabelWriter implements DiscLabelWriter {
  private font: Promise<CjkFont> | undefined;
  constructor(
    private readonly dir: string,
    private readonly locateFont: () => Promise<CjkFont>,
  ) {}
  async writeLabel(disc: DiscRecord): Promise<string> {
    this.font ??= this.locateFont();
    const bytes = await renderDiscLabel(await this.font, disc);
    const file = path.join(this.dir, `${disc.id}.pdf`);
    await mkdir(this.dir, { recursive: true });
    await writeFile(file, bytes);
    return file;
  }
}

export async function openArchive(options: OpenArchiveOptions): Promise<OpenedArchive> {
  const dirs = archiveDirs(options.dataDir);
  // Staging and scratch hold only links and copies made for a job that is no longer running.
  await rm(dirs.staging, { recursive: true, force: true });
  await rm(dirs.scratch, { recursive: true, force: true });
  for (const dir of [dirs.root, dirs.labels, dirs.staging, dirs.scratch]) await mkdir(dir, { recursive: true });
  const locateFont = options.locateFont ?? (() => locateCjkFont());
  const service = new ArchiveService({
    catalogue: options.catalogue,
    vault: options.vault,
    audit: (entry) => options.auditLog.append(entry),
    clock: options.clock,
    registry: new LowdbDiscRegistry(dirs.registry),
    packager: new BagStager(dirs.staging, { locateFont }),
    writers: options.writers ?? createDiscWriters({ scratchDir: dirs.scratch }),
    labels: new PdfDiscLabelWriter(dirs.labels, locateFont),
    checkpoints: options.checkpoints ?? noAuditCheckpointYet,
    station: {
      name: options.stationName ?? hostname(),
      version: options.stationVersion,
      agencyName: async () => (await options.settings.load()).agencyName,
    },
    ...(options.service === undefined ? {} : { options: options.service }),
  });
  await service.open();
  return {
    service,
    commands: createArchiveCommandRunner(service, options.log),
    dir: dirs.root,
    dispose: () => service.close(),
  };
}
