import { spawn } from 'node:child_process';
import pg from 'pg';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The URL without its password, for printing and for the results file. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Makes sure the benchmark database exists (creating it, with PostGIS, when
 * it is missing and on this machine), then migrates it and loads the sample
 * if it is empty, through the repo's own `pnpm db:migrate`.
 */
export async function prepareBenchDatabase(url: string, repoRoot: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!(await databaseExists(url))) {
    if (!loopbackHosts.has(target.hostname)) {
      throw new Error(`Database "${name}" does not exist on ${target.host}; the bench creates databases only on this machine. Create it (with PostGIS) first.`);
    }
    console.log(`[bench] Creating database ${name} with PostGIS`);
    const maintenance = new URL(url);
    maintenance.pathname = '/postgres';
    await withClient(maintenance.toString(), (c) => c.query(`create database "${name.replaceAll('"', '""')}"`));
    await withClient(url, (c) => c.query('create extension if not exists postgis'));
  }
  console.log(`[bench] Migrating ${displayUrl(url)} (loads the sample if empty)`);
  await run('pnpm', ['db:migrate'], repoRoot, { ...process.env, DATABASE_URL: url });
}

/** `valid_from` of the version of unit `code` in force on `asOf` (PostGraphile addresses a version by its key, not by a date). */
export async function versionStart(url: string, code: string, asOf: string): Promise<string> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ valid_from: string }>(`select valid_from::text from admin_unit where code = $1 and valid_from <= $2 and (valid_to is null or valid_to > $2)`, [
      code,
      asOf,
    ]),
  );
  if (rows.length !== 1) throw new Error(`Expected one version of unit ${code} in force on ${asOf}, found ${rows.length}.`);
  return rows[0].valid_from;
}

/** PostgreSQL and PostGIS versions, for the results file. */
export async function databaseVersions(url: string): Promise<{ postgres: string; postgis: string }> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ postgres: string; postgis: string }>(`select current_setting('server_version') as postgres, postgis_lib_version() as postgis`),
  );
  return rows[0];
}

async function databaseExists(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query('select 1'));
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false; // invalid_catalog_name
    throw error;
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
