/**
 * Runs ffmpeg / ffprobe as a child process: an argument array (never a shell, so no file name can
 * become a command), a hard timeout (a hostile or damaged file must not hang the ingest queue) and a
 * bounded output buffer.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { MediaToolMissingError, type MediaToolName } from './ffmpeg-binary.js';

export interface MediaToolRunOptions {
  tool: MediaToolName;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export type MediaToolFailure = 'exit-status' | 'timed-out' | 'output-too-large' | 'aborted';

export interface MediaToolResult {
  /** Set when the tool did not finish cleanly; stdout/stderr still hold what it wrote. */
  failure?: MediaToolFailure;
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
}

function toBuffer(output: string | Buffer | undefined): Buffer {
  if (output === undefined) return Buffer.alloc(0);
  return typeof output === 'string' ? Buffer.from(output) : output;
}

function failureOf(error: ExecFileException, signal: AbortSignal | undefined): MediaToolFailure {
  if (signal?.aborted === true) return 'aborted';
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'output-too-large';
  // execFile kills with killSignal on timeout and reports it as `killed`.
  if (error.killed === true) return 'timed-out';
  return 'exit-status';
}

/** Resolves for every run that started; rejects only when the executable itself cannot be started. */
export function runMediaTool(executable: string, args: readonly string[], options: MediaToolRunOptions): Promise<MediaToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      [...args],
      {
        encoding: 'buffer',
        shell: false,
        windowsHide: true,
        timeout: options.timeoutMs,
        maxBuffer: options.maxOutputBytes,
        killSignal: 'SIGKILL',
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (error, stdout, stderr) => {
        const result = { stdout: toBuffer(stdout), stderr: toBuffer(stderr).toString('utf8') };
        if (error === null) {
          resolve({ ...result, exitCode: 0 });
          return;
        }
        if (error.code === 'ENOENT' || error.code === 'EACCES') {
          reject(new MediaToolMissingError(options.tool, `cannot start ${executable} (${error.code})`));
          return;
        }
        resolve({ ...result, exitCode: typeof error.code === 'number' ? error.code : null, failure: failureOf(error, options.signal) });
      },
    );
  });
}
