/**
 * Loads the camera profiles (resources/cameras/*.json). A broken profile file is reported by name and
 * left out; the others still work. The folder is found beside the source tree (tsx), the build
 * (dist/node/...) or the installed app's resources.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProfiles, type CameraProfile } from '../../core/camera/camera-profile.js';

/** `here`: this module's folder (a parameter so the test can check the build layout too). */
export function defaultProfilesDir(here = path.dirname(fileURLToPath(import.meta.url))): string {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    // electron/adapters/camera (tsx) -> the repository root; dist/node/electron/adapters/camera (build) -> likewise.
    path.resolve(here, '../../../resources/cameras'),
    path.resolve(here, '../../../../../resources/cameras'),
    ...(resources ? [path.join(resources, 'resources', 'cameras')] : []),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? 'resources/cameras';
}

export async function loadCameraProfiles(dir: string, log: (message: string) => void = () => undefined): Promise<CameraProfile[]> {
  const names = (await readdir(dir).catch((): string[] => [])).filter((name) => name.toLowerCase().endsWith('.json')).sort();
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
  const { profiles, problems } = parseProfiles(files);
  for (const problem of problems) log(`camera profile ${problem.file} is not used: ${problem.problem}`);
  if (profiles.length === 0) log(`no camera profiles in ${dir}: every volume will be refused as not a camera`);
  return profiles;
}
