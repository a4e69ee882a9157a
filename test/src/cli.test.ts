import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase, runStatements, testDatabaseUrl } from '@anbinh/db/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'anbinh-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command of the hub as `pnpm run` does (in its package, with tsx), with only the environment given. */
function run(pkg: 'db' | 'server', script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx/esm', script, ...args],
      {
        cwd: join(root, pkg),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TSX_TSCONFIG_PATH: '../tsconfig.base.json', ANBINH_ENV_FILE: join(scratch, 'none.env'), ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const commands: [string, 'db' | 'server', string, string[]][] = [
  ['db:*', 'db', 'src/cli.ts', []],
  ['token', 'server', 'src/access/cli.ts', ['token']],
  ['user:add', 'server', 'src/access/cli.ts', ['user:add']],
  ['import', 'server', 'src/imports/cli.ts', []],
  ['feed:follow', 'server', 'src/changes/follow.ts', []],
];

describe('every command line of the hub', () => {
  it.each(commands)('%s answers --help with its usage and an example, exit 0', async (_name, pkg, script, before) => {
    const result = await run(pkg, script, [...before, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pnpm (run )?\S+/);
    expect(result.stdout).toContain('Example');
    expect(result.stderr).toBe('');
  });

  it.each(commands)('%s refuses an unknown option in one sentence, exit 2, no stack', async (_name, pkg, script, before) => {
    const result = await run(pkg, script, [...before, '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--frobnicate');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('feed:follow takes its options after pnpm’s `--`, and checks them', async () => {
    const result = await run('server', 'src/changes/follow.ts', ['--', '--count', 'many']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('--count must be a whole number of changes ≥ 1, not "many".');
  });

  it('import takes the record type in any spelling', async () => {
    for (const type of ['valuable-tip', 'VALUABLE_TIP']) {
      const result = await run('server', 'src/imports/cli.ts', ['--columns', '--type', type]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('receivedOn');
    }
  });

  it('db:dump refuses to back up an embedded database that is not there, rather than make an empty one', async () => {
    const dataDir = join(scratch, 'no-such-database');
    const result = await run('db', 'src/cli.ts', ['dump', join(scratch, 'empty.backup')], { PGLITE_DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`There is no embedded database in ${dataDir}: nothing to back up.`);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(scratch, 'empty.backup'))).toBe(false);
  });

  it('the hub on a port already taken says so in one sentence', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await run('server', 'src/main.ts', [], { PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: join(scratch, 'unused') });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `[anbinh] Port ${port} on 127.0.0.1 is already in use (another hub, or another program): stop it, or set PORT to a free port.`,
      );
    } finally {
      taken.close();
    }
  });
});

// pg_dump and a database of the test's own need the real PostgreSQL the run uses.
describe.skipIf(inject('databaseEmbedded'))('db commands on a real PostgreSQL', () => {
  // Named after this file's database, so that runs side by side on one server keep apart.
  const named = (suffix: string) => `${new URL(testDatabaseUrl()).pathname.slice(1)}_${suffix}`;
  afterAll(() => runStatements(testDatabaseUrl(), ...['dump', 'seed'].map((suffix) => `drop database if exists "${named(suffix)}" with (force)`)));
  it('db:dump reads DATABASE_URL from .env, names the database, and dumps it', async () => {
    const url = await createDatabase(testDatabaseUrl(), named('dump'));
    await runStatements(url, 'create table admin_unit (id int)', 'insert into admin_unit values (1)');
    const envFile = join(scratch, 'dump.env');
    writeFileSync(envFile, `DATABASE_URL=${url}\n`);
    const backup = join(scratch, 'dump.backup');
    const result = await run('db', 'src/cli.ts', ['dump', backup], { ANBINH_ENV_FILE: envFile });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Backing up PostgreSQL database "${named('dump')}" on ${new URL(url).hostname}:${new URL(url).port || 5432}`);
    expect(statSync(backup).size).toBeGreaterThan(0);
    await runStatements(url, 'truncate admin_unit');
    const empty = await run('db', 'src/cli.ts', ['dump', join(scratch, 'again.backup')], { ANBINH_ENV_FILE: envFile });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no hub data: nothing to back up');
  });

  it('db:seed refuses to empty a database holding records that are not sample data, unless --force', async () => {
    const url = await createDatabase(testDatabaseUrl(), named('seed'), { postgis: false });
    await runStatements(
      url,
      'create table valuable_tip (id int, sample boolean not null)',
      'insert into valuable_tip values (1, false), (2, true)',
      'create table camera_site (id int, sample boolean not null)',
      'insert into camera_site values (1, false)',
    );
    const result = await run('db', 'src/cli.ts', ['seed'], { DATABASE_URL: url });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `PostgreSQL database "${named('seed')}" on ` +
        `${new URL(url).hostname}:${new URL(url).port || 5432}` +
        ' holds 2 records that are not sample data; db:seed would delete them. Back it up (pnpm db:dump <file>), then run db:seed again with --force to replace them.',
    );
  });
});
