import type { StationConnection } from '../bridge/index.js';
import { useController } from './context.js';

/** The bridge (commands, media URLs). Prefer `useController().call` for commands: it notices a lost identity. */
export function useStation(): StationConnection {
  return useController().station;
}
