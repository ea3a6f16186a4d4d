/**
 * Finds the ffmpeg / ffprobe executables. The station ships without them on Linux (Debian's packages
 * are used) and an installer may bundle them elsewhere, so an explicit path in the environment wins
 * over PATH. A missing tool is a station fault with a stable code, never mistaken for a bad file.
 */
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

export type MediaToolName = 'ffmpeg' | 'ffprobe';

/** Environment variables that name an executable explicitly (packaged installs, odd PATHs). */
export const MEDIA_TOOL_ENV: Readonly<Record<MediaToolName, string>> = {
  ffmpeg: 'EVIDENCE_FFMPEG',
  ffprobe: 'EVIDENCE_FFPROBE',
};

export class MediaToolMissingError extends Error {
  readonly code = 'MEDIA_TOOL_MISSING';
  constructor(
    readonly tool: MediaToolName,
    readonly detail: string,
  ) {
    super(
      `${tool} is not available: ${detail}. Install it (Debian: apt-get install ffmpeg) ` +
        `or set ${MEDIA_TOOL_ENV[tool]} to the full path of the executable.`,
    );
    this.name = 'MediaToolMissingError';
  }
}

async function isExecutableFile(candidate: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const info = await stat(candidate);
    if (!info.isFile()) return false;
    // Windows has no execute bit; existence of the .exe is the best available check there.
    await access(candidate, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function executableNames(tool: MediaToolName, platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? [`${tool}.exe`, tool] : [tool];
}

function pathEntries(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  // Windows spells it "Path"; keys of process.env are case-insensitive there but not in a copied object.
  const raw = env.PATH ?? (platform === 'win32' ? env.Path : undefined) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  return raw.split(delimiter).filter((entry) => entry.length > 0 && path.isAbsolute(entry));
}

/**
 * Absolute path of `tool`. Only absolute PATH entries are searched: a relative entry ('.' or '')
 * would let a file in the current directory (possibly a camera volume) masquerade as ffmpeg.
 */
export async function resolveMediaTool(
  tool: MediaToolName,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  const override = env[MEDIA_TOOL_ENV[tool]];
  if (override !== undefined && override.trim() !== '') {
    const explicit = path.resolve(override.trim());
    if (await isExecutableFile(explicit, platform)) return explicit;
    throw new MediaToolMissingError(tool, `${MEDIA_TOOL_ENV[tool]}=${override} is not an executable file`);
  }
  for (const directory of pathEntries(env, platform)) {
    for (const name of executableNames(tool, platform)) {
      const candidate = path.join(directory, name);
      if (await isExecutableFile(candidate, platform)) return candidate;
    }
  }
  throw new MediaToolMissingError(tool, `no "${tool}" found on PATH`);
}

/**
 * Resolves once and remembers success. A failure is not remembered, so installing ffmpeg while the
 * station runs takes effect on the next file without a restart.
 */
export class MediaToolLocator {
  private resolved: Promise<string> | undefined;

  constructor(
    private readonly tool: MediaToolName,
    private readonly explicitPath?: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  locate(): Promise<string> {
    if (this.explicitPath !== undefined) return Promise.resolve(this.explicitPath);
    if (this.resolved === undefined) {
      const attempt = resolveMediaTool(this.tool, this.env);
      this.resolved = attempt;
      attempt.catch(() => {
        if (this.resolved === attempt) this.resolved = undefined;
      });
    }
    return this.resolved;
  }
}
