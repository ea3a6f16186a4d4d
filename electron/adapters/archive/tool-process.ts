/**
 * Runs a burning tool (xorriso, PowerShell, drutil, hdiutil) as a child process: an argument array,
 * never a shell; stdout and stderr read line by line in arrival order and handed to the caller as they
 * come (progress), all lines kept for the failure parser; an abort signal stops the tool.
 */
import { spawn } from 'node:child_process';
import { ArchiveError } from '../../core/archive/errors.js';

export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Every line of stdout and stderr, in the order they arrived (bounded to the last `keepLines`). */
  lines: string[];
}

export interface ToolRunOptions {
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  keepLines?: number;
  /** How to install the tool, for the "missing" message. */
  installHint?: string;
}

export function runTool(executable: string, args: readonly string[], options: ToolRunOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const keep = options.keepLines ?? 5000;
    const lines: string[] = [];
    const child = spawn(executable, [...args], {
      shell: false,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const pending = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr', chunk: Buffer) => {
      pending[stream] += chunk.toString('utf8');
      let newline = pending[stream].search(/\r?\n|\r/);
      while (newline >= 0) {
        const line = pending[stream].slice(0, newline);
        const rest = pending[stream].slice(newline);
        pending[stream] = rest.replace(/^(\r\n|\n|\r)/, '');
        push(line, stream);
        newline = pending[stream].search(/\r?\n|\r/);
      }
    };
    const push = (line: string, stream: 'stdout' | 'stderr') => {
      lines.push(line);
      if (lines.length > keep) lines.splice(0, lines.length - keep);
      options.onLine?.(line, stream);
    };
    child.stdout.on('data', (chunk: Buffer) => take('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => take('stderr', chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        reject(new ArchiveError('ARCHIVE_TOOL_MISSING', `cannot start ${executable} (${error.code})${options.installHint ? `: ${options.installHint}` : ''}`, { tool: executable }, { cause: error }));
      } else reject(error);
    });
    child.on('close', (exitCode, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      for (const stream of ['stdout', 'stderr'] as const) if (pending[stream] !== '') push(pending[stream], stream);
      if (options.signal?.aborted) {
        reject(options.signal.reason instanceof Error ? options.signal.reason : new ArchiveError('ARCHIVE_ABORTED', 'stopped', {}));
        return;
      }
      resolve({ exitCode, signal, lines });
    });
  });
}
