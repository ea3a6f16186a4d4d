import envPaths from 'env-paths';

/** --data, else EVIDENCE_DATA, else the platform's per-user application data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.EVIDENCE_DATA ?? envPaths('evidence-station', { suffix: '' }).data;
}
