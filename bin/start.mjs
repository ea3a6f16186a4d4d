#!/usr/bin/env node
// `npm start`: the desktop app when this machine has the Electron binary, otherwise the loopback
// web host, and it says plainly which. Arguments (e.g. --data <dir>) are passed through to either.
// Expects a finished build (`npm start` runs `npm run build` first).
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** The Electron executable, or the reason there is none. require('electron') throws when its download never happened. */
function findElectron() {
  let executable;
  try {
    executable = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
  try {
    if (typeof executable !== 'string' || !statSync(executable).isFile()) return { missing: `${executable} is not a file` };
    accessSync(executable, constants.X_OK);
  } catch {
    return { missing: `${executable} does not exist or is not executable` };
  }
  return { executable };
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  // Ctrl+C already reaches the child (same process group); passing it on as well would be a second
  // SIGINT, which kills the station mid-shutdown. So SIGINT only keeps this launcher waiting.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    process.stderr.write(`could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
}

const electron = findElectron();
if (electron.executable) {
  process.stdout.write('启动桌面版工作站 (Electron) / Starting the desktop station (Electron)\n');
  // An inherited ELECTRON_RUN_AS_NODE would turn the app into a bare Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.executable, [root, ...args], env);
} else {
  process.stdout.write(
    [
      '本机缺少 Electron 程序文件（无法下载），改为启动本机网页版工作站（仅限 127.0.0.1），请用终端中打印的地址打开。',
      'The Electron binary is missing on this machine (it could not be downloaded), so the loopback web host',
      'is starting instead (127.0.0.1 only). Open the address it prints below.',
      `  (${electron.missing})`,
      '',
    ].join('\n'),
  );
  run(process.execPath, [fileURLToPath(new URL('./evidence-station.mjs', import.meta.url)), 'serve', ...args]);
}
