/**
 * One run as a child process: `node <fedrank bin> run-job <dir>` (the config is the directory's
 * job.json), its stdout and stderr appended to a log file in the directory. The child is tied to
 * this process by an IPC channel: when this process dies (even by SIGKILL) the child stops too,
 * so no orphaned run keeps writing into a directory that another launcher may take over.
 * The run's own one-line error (`fedrank: <field>: <message>`), or a crash's error line, is kept.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `fedrank` launcher of this package (packages/cli/bin/fedrank.js). */
export const FEDRANK_BIN = fileURLToPath(new URL('../../bin/fedrank.js', import.meta.url));

export interface RunExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The run's last `fedrank: ...` stderr line without the prefix, else its last stderr line. */
  readonly message?: string;
}

export interface RunProcess {
  readonly exited: Promise<RunExit>;
  kill(signal?: NodeJS.Signals): void;
}

export interface RunLaunch {
  /** The run directory, holding job.json. */
  readonly dir: string;
  /** The file in `dir` that collects the child's stdout and stderr. */
  readonly logFile: string;
  readonly bin?: string;
  readonly cwd?: string;
}

/** The run's own error line, else the last `SomethingError: ...` line (a crash), else the last line. */
export function lastMessage(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const own = lines.filter((l) => l.startsWith('fedrank: ')).pop();
  if (own) return own.slice('fedrank: '.length);
  return lines.filter((l) => /^[A-Za-z]*Error\b/.test(l)).pop() ?? lines.pop();
}

export function spawnRunJob(launch: RunLaunch): RunProcess {
  const args = [launch.bin ?? FEDRANK_BIN, 'run-job', launch.dir];
  const log = createWriteStream(join(launch.dir, launch.logFile), { flags: 'a' });
  log.write(`$ node ${args.map((a) => (/[\s"'{}]/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const child = spawn(process.execPath, args, { cwd: launch.cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let tail = '';
  child.stdout?.pipe(log, { end: false });
  child.stderr?.on('data', (d: Buffer) => {
    log.write(d);
    tail = (tail + d.toString()).slice(-8192);
  });
  const exited = new Promise<RunExit>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (e) => (spawnError = e.message));
    child.on('close', (code, signal) => {
      log.end(() => resolve({ code, signal, message: spawnError ?? lastMessage(tail) }));
    });
  });
  return {
    exited,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
