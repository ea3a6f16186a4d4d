/**
 * A real OpenSSH server (Debian's /usr/sbin/sshd) for the SFTP backup tests: 127.0.0.1, a random high
 * port, a temporary host key, config and authorized_keys for the current user, internal-sftp. Started
 * and stopped by the test; `unavailable` says why when this machine cannot run it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface TestSshd {
  port: number;
  username: string;
  clientPrivateKey: string;
  authorizedKeysFile: string;
  clientPublicKey: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not listen on ${port}: ${stderr()}`);
}

/** Starts sshd, or returns the reason it cannot run here. */
export async function startSshd(dir: string): Promise<TestSshd | { unavailable: string }> {
  const sshd = '/usr/sbin/sshd';
  if (!existsSync(sshd)) return { unavailable: `${sshd} is not installed (Debian: apt-get install openssh-server)` };
  try {
    // Privilege separation needs this folder when sshd runs as root.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    await mkdir(dir, { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
  } catch (error) {
    return { unavailable: `cannot prepare sshd: ${error instanceof Error ? error.message : String(error)}` };
  }
  const username = userInfo().username;
  const clientPublicKey = await readFile(path.join(dir, 'client_key.pub'), 'utf8');
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  await writeFile(authorizedKeysFile, clientPublicKey, { mode: 0o600 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_key')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `PermitRootLogin ${username === 'root' ? 'prohibit-password' : 'no'}`,
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let stderr = '';
  const child = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill();
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
  return {
    port,
    username,
    clientPrivateKey: await readFile(path.join(dir, 'client_key'), 'utf8'),
    clientPublicKey,
    authorizedKeysFile,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
