import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from './config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostGIS, provided by test/src/global-setup.ts. */
    databaseUrl: string;
    /** Whether it is the embedded PGlite (served over a socket, so it looks like any URL). */
    databaseEmbedded: boolean;
  }
}

/** The URL of the database the test run set up (migrated and seeded once). */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** Settings for a hub or ORM on the run's database: prepared statements exactly when it is a real PostgreSQL. */
export function testDatabaseConfig(poolMax = 2): DatabaseConfig {
  return { url: inject('databaseUrl'), dataDir: '', poolMax, preparedStatements: !inject('databaseEmbedded') };
}

/** Runs statements one after the other on a connection of its own to `url`. */
export async function runStatements(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Database `name` on the server of `url`, new and empty (one an earlier run left is dropped), with
 * PostGIS unless `postgis` is false (a restore's target must be empty); its URL.
 */
export async function createDatabase(url: string, name: string, { postgis = true } = {}): Promise<string> {
  await runStatements(url, `drop database if exists "${name}" with (force)`, `create database "${name}"`);
  const created = Object.assign(new URL(url), { pathname: `/${name}` }).href;
  if (postgis) await runStatements(created, 'create extension postgis');
  return created;
}

/**
 * Whether an outside program a test needs (GDAL's ogrinfo, nginx, poppler…) runs here. Without it its tests are
 * skipped with a warning, except when the environment variable `required` is "required" (as CI sets it): then the
 * run fails at once instead of skipping them.
 */
export function programAvailable(program: string, versionArgs: string[], required: string, missing: string): boolean {
  try {
    execFileSync(program, versionArgs, { stdio: 'ignore' });
    return true;
  } catch {
    const message = `${missing} Set ${required}=required to make its absence an error.`;
    if (process.env[required] === 'required') throw new Error(message);
    console.warn(message);
    return false;
  }
}

export { freePort, privatePostgresAvailable, startPrivatePostgres, startPrivateStandby, type PrivatePostgres } from './private-postgres';
