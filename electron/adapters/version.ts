import { readFileSync } from 'node:fs';

/** Read once from package.json, which sits two folders above both the source and the built file. */
function readVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json', '../../../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'evidence-station' && 'version' in parsed && typeof parsed.version === 'string')
        return parsed.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const STATION_VERSION = readVersion();
