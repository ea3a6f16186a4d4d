/** Command-line and environment options of the desktop app, read without Electron. */
import path from 'node:path';

/**
 * The data folder asked for by `--data <dir>` / `--data=<dir>`, else EVIDENCE_DATA, else undefined
 * (the caller falls back to the per-user folder). Electron's argv also carries the executable, the
 * app path and Chromium switches, so the flag is searched for rather than parsed positionally.
 */
export function requestedDataDir(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--data') {
      const value = argv[index + 1];
      if (value !== undefined && value !== '' && !value.startsWith('--')) return path.resolve(cwd, value);
    } else if (argument.startsWith('--data=')) {
      const value = argument.slice('--data='.length);
      if (value !== '') return path.resolve(cwd, value);
    }
  }
  const fromEnv = env.EVIDENCE_DATA;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(cwd, fromEnv) : undefined;
}

/**
 * The app's root folder (the one holding package.json, dist/ and resources/): the nearest ancestor
 * of `startDir` with a package.json. Walking up works alike for the built main
 * (dist/node/electron/main), the source run by tsx (electron/main) and the packaged app (app.asar).
 */
export function findAppRoot(startDir: string, hasPackageJson: (dir: string) => boolean): string {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    if (hasPackageJson(dir)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${startDir}: cannot locate the app's dist/ folder`);
  }
}
