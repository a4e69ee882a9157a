import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { freePort } from '@anbinh/db/testing';

export interface ServerSpec {
  /** Shown in messages. */
  name: string;
  /** A pnpm command line run from the repo root, e.g. `['--filter', '@anbinh/server', 'start']`. */
  pnpmArgs: string[];
  /** Environment added to the bench's own; PORT and HOST are set by startServer. */
  env: Record<string, string>;
  /** A Node binary to run it with (first on its PATH), instead of the bench's own. */
  node?: string;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** The process listening on the port (Node itself, below pnpm and tsx), for its memory; Linux only. */
  pid: number | null;
  stop(): Promise<void>;
}

const readyTimeoutMs = 120_000;
const stopTimeoutMs = 10_000;
const host = '127.0.0.1';
const verbose = process.env.BENCH_VERBOSE === '1';

/** Every process group this module started and has not yet seen exit, so a crash or Ctrl-C of the bench ends them too. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
// The servers are in their own process groups, so Ctrl-C reaches only the bench: exiting runs the handler above.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/**
 * Starts a server in its own process group on a free loopback port, and
 * resolves once `GET /readyz` answers 200. Its output is kept (last lines) for
 * error messages, or shown with BENCH_VERBOSE=1.
 */
export async function startServer(spec: ServerSpec, repoRoot: string): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://${host}:${port}`;
  const child = spawn('pnpm', ['--silent', ...spec.pnpmArgs], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...spec.env,
      PORT: String(port),
      HOST: host,
      ...(spec.node ? { PATH: `${dirname(spec.node)}${delimiter}${process.env.PATH}` } : {}),
    },
    detached: true, // its own process group: pnpm, tsx and node are stopped together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (verbose) console.log(`  [${spec.name}] ${line}`);
      output.push(line);
      if (output.length > 40) output.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );

  const stop = async () => {
    if (!running.has(child)) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  const started = Date.now();
  const deadline = started + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (!running.has(child)) {
      throw new Error(`${spec.name} exited before it was ready. Its last output:\n${output.join('\n')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        console.log(`[bench] ${spec.name} ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return { baseUrl, pid: listeningPid(port), stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`${spec.name} was not ready within ${readyTimeoutMs / 1000} s. Its last output:\n${output.join('\n')}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** The process holding a listening TCP socket on `port`, found through /proc (null elsewhere than Linux). */
function listeningPid(port: number): number | null {
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set(
      readFileSync('/proc/net/tcp', 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') // 0A: LISTEN
        .map((f) => `socket:[${f[9]}]`),
    );
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (readdirSync(`/proc/${pid}/fd`).some((fd) => inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`)))) return Number(pid);
      } catch {
        // not ours to read, or gone
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/** Resident memory of a process in bytes (Linux), or null. */
export function residentBytes(pid: number | null): number | null {
  if (pid == null) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}
