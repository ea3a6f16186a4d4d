/**
 * The bag writer: builds, for each disc, a folder that holds exactly what goes on the disc.
 *
 *   <staging>/<setId>/sheets/<clipId>.pdf            evidence explanation sheets, once per set
 *   <staging>/<setId>/copy-<c>/disc-<n>/             one bag per disc:
 *       bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
 *       index.html  README.txt  set-index.txt
 *       data/<case>/<party>/<device>/<start>_<name>             footage: a hard link to the vault object
 *       data/<case>/<party>/<device>/<start>_<name>.取证说明.pdf   its sheet
 *
 * Footage is never copied into staging: it is hard-linked (same inode, read-only like the vault) and
 * only copied when the staging folder is on another filesystem. Nothing here ever writes through such
 * a link or changes its mode: removing the staging folder removes names, never vault content.
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DiscFile } from '../../core/archive/model.js';
import type { ArchiveItem, ArchivePackager, ArchiveSetInfo, StageDiscRequest, StagedDisc } from '../../core/archive/ports.js';
import { BAGIT_TXT, bagInfoText, manifestText, readmeText, setIndexText, sha256Hex, type SetIndexRow } from './bagit.js';
import { renderEvidenceSheet } from './evidence-sheet-pdf.js';
import { locateCjkFont, type CjkFont } from './font-locator.js';
import { indexHtml } from './index-html.js';

/** Errno codes of a hard link refused across filesystems or by the filesystem itself. */
const LINK_REFUSED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

interface SheetFile {
  file: string;
  size: number;
  sha256: string;
}

export interface BagStagerOptions {
  locateFont?: () => Promise<CjkFont>;
}

export class BagStager implements ArchivePackager {
  private readonly sheets = new Map<string, Map<string, SheetFile>>();
  private font: Promise<CjkFont> | undefined;

  constructor(
    private readonly stagingRoot: string,
    private readonly options: BagStagerOptions = {},
  ) {}

  async prepareSheets(set: ArchiveSetInfo, items: readonly ArchiveItem[], signal?: AbortSignal): Promise<Map<string, number>> {
    this.font ??= (this.options.locateFont ?? locateCjkFont)();
    const font = await this.font.catch((error: unknown) => {
      this.font = undefined;
      throw error;
    });
    const dir = path.join(this.setDir(set.setId), 'sheets');
    await mkdir(dir, { recursive: true });
    const sheets = new Map<string, SheetFile>();
    for (const item of items) {
      signal?.throwIfAborted();
      const bytes = await renderEvidenceSheet(font, item, set);
      const file = path.join(dir, `${item.clip.id}.pdf`);
      await writeFile(file, bytes);
      sheets.set(item.clip.id, { file, size: bytes.length, sha256: sha256Hex(bytes) });
    }
    this.sheets.set(set.setId, sheets);
    return new Map([...sheets].map(([id, sheet]) => [id, sheet.size]));
  }

  async stageDisc(request: StageDiscRequest, signal?: AbortSignal): Promise<StagedDisc> {
    const { set } = request;
    const sheets = this.sheets.get(set.setId);
    if (sheets === undefined) throw new Error(`no sheets prepared for set ${set.setId}`);
    const root = path.join(this.setDir(set.setId), `copy-${request.copy}`, `disc-${request.discIndex}`);
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });

    const files: DiscFile[] = [];
    const made = new Set<string>();
    const place = async (bagPath: string, source: string) => {
      const destination = path.join(root, ...bagPath.split('/'));
      const folder = path.dirname(destination);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      await linkOrCopy(source, destination);
    };
    for (const item of request.items) {
      signal?.throwIfAborted();
      const sheet = sheets.get(item.clip.id);
      if (sheet === undefined) throw new Error(`no sheet for clip ${item.clip.id}`);
      await place(item.payloadPath, item.vaultPath);
      files.push({ path: item.payloadPath, size: item.clip.size, sha256: item.clip.id, role: 'payload', clipId: item.clip.id });
      await place(item.sheetPath, sheet.file);
      files.push({ path: item.sheetPath, size: sheet.size, sha256: sheet.sha256, role: 'sheet', clipId: item.clip.id });
    }

    const labels = request.items.map((item) => item.label);
    const unique = (values: string[]) => [...new Set(values)].sort();
    const rows: SetIndexRow[] = request.assignments.flatMap(({ discId, discIndex, item }) => {
      const sheet = sheets.get(item.clip.id);
      const common = { discId, discIndex, caseNumber: item.label.caseNumber, party: item.label.party };
      return [{ ...common, sha256: item.clip.id, size: item.clip.size, path: item.payloadPath }, ...(sheet ? [{ ...common, sha256: sheet.sha256, size: sheet.size, path: item.sheetPath }] : [])];
    });
    const disc = { set, copy: request.copy, discId: request.discId, discIndex: request.discIndex, discCount: request.discCount };
    const payloadBytes = files.reduce((n, file) => n + file.size, 0);
    const tagFiles: [string, string][] = [
      ['bagit.txt', BAGIT_TXT],
      [
        'bag-info.txt',
        bagInfoText({
          ...disc,
          volumeId: request.volumeId,
          caseNumbers: unique(labels.map((label) => label.caseNumber)),
          parties: unique(labels.map((label) => label.party)),
          handlers: unique(labels.map((label) => label.handler)),
          payloadBytes,
          payloadFiles: files.length,
        }),
      ],
      ['manifest-sha256.txt', manifestText(files)],
      ['set-index.txt', setIndexText({ ...disc, rows })],
      ['index.html', indexHtml({ ...disc, volumeId: request.volumeId, assignments: request.assignments })],
      ['README.txt', readmeText({ ...disc, caseNumbers: unique(labels.map((label) => label.caseNumber)) })],
    ];
    const tags: DiscFile[] = [];
    for (const [name, text] of tagFiles) tags.push(await writeTagFile(root, name, text));
    tags.push(await writeTagFile(root, 'tagmanifest-sha256.txt', manifestText(tags)));
    const all = [...files, ...tags];
    return { discId: request.discId, volumeId: request.volumeId, root, files: all, bytes: all.reduce((n, file) => n + file.size, 0) };
  }

  async discard(setId: string): Promise<void> {
    this.sheets.delete(setId);
    await rm(this.setDir(setId), { recursive: true, force: true });
  }

  private setDir(setId: string): string {
    if (!/^[A-Za-z0-9-]+$/.test(setId)) throw new Error(`not a set id: ${setId}`);
    return path.join(this.stagingRoot, setId);
  }
}

async function writeTagFile(root: string, name: string, text: string): Promise<DiscFile> {
  const bytes = Buffer.from(text, 'utf8');
  await writeFile(path.join(root, name), bytes);
  return { path: name, size: bytes.length, sha256: sha256Hex(bytes), role: 'tag' };
}

async function linkOrCopy(source: string, destination: string): Promise<void> {
  try {
    await link(source, destination);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (!LINK_REFUSED.has(code)) throw error;
    await copyFile(source, destination, constants.COPYFILE_EXCL);
  }
}
