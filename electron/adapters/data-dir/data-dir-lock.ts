/**
 * One station process per data folder: two writers on one catalogue or audit chain would corrupt both.
 * The lock file holds the owner's pid; a lock left by a dead process is taken over (and said so).
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { StationError } from '../../core/domain/errors.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireDataDirLock(lockFile: string): Promise<{ release(): Promise<void>; tookOverFrom?: number }> {
  let previousOwner = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      const tookOverFrom = attempt > 0 ? previousOwner : undefined;
      return { release: () => unlink(lockFile).catch(() => undefined), ...(tookOverFrom ? { tookOverFrom } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner))
        throw new StationError('SESSION_BUSY', `another station process (pid ${owner}) is using this data folder`, { pid: owner, file: lockFile });
      previousOwner = owner;
      await unlink(lockFile).catch(() => undefined);
    }
  }
  throw new StationError('INTERNAL', `could not take the data folder lock ${lockFile}`, { file: lockFile });
}
