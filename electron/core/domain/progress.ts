/** One progress value for a dock session, emitted on a fixed interval (etcher-sdk shape). */
export type IngestStep = 'scanning' | 'copying' | 'verifying' | 'cataloguing' | 'done' | 'failed';

export interface IngestProgress {
  sessionId: string;
  step: IngestStep;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second averaged over the recent window. */
  speed: number;
  /** Seconds left, undefined until a speed is known. */
  etaSeconds?: number;
  currentFile?: { originalPath: string; bytesDone: number; bytesTotal: number };
}
