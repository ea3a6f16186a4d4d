/**
 * Which writer serves a target on this platform: folders everywhere; image files through xorriso's
 * stdio pseudo-drive; optical recorders through the platform's own helper (Linux xorriso, Windows
 * IMAPI2, macOS drutil).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveError } from '../../core/archive/errors.js';
import type { ArchiveTarget } from '../../core/archive/model.js';
import type { DiscWriter, DiscWriterFactory } from '../../core/archive/ports.js';
import { IMAPI2_SCRIPT } from '../../../native/windows/imapi2.js';
import { DrutilDiscWriter } from './drutil-writer.js';
import { FolderDiscWriter } from './folder-target.js';
import { Imapi2DiscWriter } from './imapi2-writer.js';
import { XorrisoDiscWriter, type XorrisoWriterOptions } from './xorriso-writer.js';

export interface DiscWritersOptions {
  scratchDir: string;
  platform?: NodeJS.Platform;
  xorriso?: Omit<XorrisoWriterOptions, 'scratchDir'>;
  /** Where imapi2-burn.ps1 is (default: found next to the source tree or the build). */
  imapi2Script?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** native/windows/imapi2-burn.ps1 from the source tree (tsx), the build (dist/node/...) or the installed resources. */
export function findImapi2Script(): string {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    path.resolve(here, '../../../native/windows', IMAPI2_SCRIPT),
    path.resolve(here, '../../../../../native/windows', IMAPI2_SCRIPT),
    ...(resources ? [path.join(resources, 'native', 'windows', IMAPI2_SCRIPT)] : []),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? IMAPI2_SCRIPT;
}

export function createDiscWriters(options: DiscWritersOptions): DiscWriterFactory {
  const platform = options.platform ?? process.platform;
  return {
    forTarget(target: ArchiveTarget): DiscWriter {
      switch (target.kind) {
        case 'folder':
          return new FolderDiscWriter(target);
        case 'image':
          return new XorrisoDiscWriter(target, { scratchDir: options.scratchDir, ...options.xorriso });
        case 'optical':
          if (platform === 'linux') return new XorrisoDiscWriter(target, { scratchDir: options.scratchDir, ...options.xorriso });
          if (platform === 'win32') return new Imapi2DiscWriter(target, { scriptPath: options.imapi2Script ?? findImapi2Script() });
          if (platform === 'darwin') return new DrutilDiscWriter(target, { scratchDir: options.scratchDir });
          throw new ArchiveError('ARCHIVE_TARGET_INVALID', `burning discs is not supported on ${platform}; write to a folder or an image file`, { platform });
      }
    },
  };
}
