import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian puts PostgreSQL 15's server programs (PRIVATE_POSTGRES_BIN for another place). */
const bin = process.env.PRIVATE_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether this machine can start a PostgreSQL of its own (its server programs are installed). */
export const privatePostgresAvailable = existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'));

export interface PrivatePostgres {
  /** The loopback port it listens on. */
  port: number;
  /** A URL to one of its databases (trust authentication, user postgres). */
  url(database: string): string;
  /** Stops the server (fast shutdown: running transactions are rolled back, clients cut off). */
  stop(): void;
  start(): void;
  /** Removes it altogether. */
  destroy(): void;
}

/**
 * A PostgreSQL cluster of its own, in a temporary directory on a free
 * loopback port: for tests that stop, restart or restore a database server,
 * which they must not do to the server the other test files share. Run as root (CI),
 * the server runs as the `postgres` user, since PostgreSQL refuses root.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  return privateCluster((run, data) => run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']));
}

/**
 * A streaming standby of `primary`, copied from it by pg_basebackup, on a port of its own: a real
 * read replica. `settings` go to its server (e.g. recovery_min_apply_delay, to hold it behind).
 */
export async function startPrivateStandby(primary: PrivatePostgres, settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  return privateCluster(
    (run, data) => run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--no-sync']),
    settings,
  );
}

type Run = (program: string, args: string[]) => void;

async function privateCluster(create: (run: Run, data: string) => void, settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'anbinh-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const postgres = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const group = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(postgres), Number(group));
  }
  const run: Run = (program, args) => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    const result = spawnSync(command, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  create(run, data);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
