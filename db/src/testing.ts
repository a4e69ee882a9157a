import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import type { DatabaseConfig } from './config';
import { prepareDatabase } from './database';
import { startEmbeddedPostgis } from './embedded';
import { openOrm } from './orm';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * What each test file's database is made from, provided by test/src/global-setup.ts: the URL of the migrated and
     * seeded template on a real PostgreSQL, or the file holding a snapshot of the embedded one.
     */
    databaseTemplate: string;
    /** Whether the files' databases are embedded PGlite (served over a socket, so each looks like any URL). */
    databaseEmbedded: boolean;
  }
}

/** The prefix of the databases cloned from `template`, so that a run can drop those an interrupted one left. */
export function fileDatabasePrefix(template: string): string {
  return `${new URL(template).pathname.slice(1)}_file_`;
}

let fileDatabaseUrl: string | undefined;

/**
 * Gives the calling test file a database of its own, migrated and seeded, and removes it after the file: a clone of
 * the template on a real PostgreSQL (`CREATE DATABASE … TEMPLATE`), or an embedded PGlite in this worker started from
 * the snapshot. Called once per file by test/src/file-database.ts, before the file is imported.
 */
export async function useFileDatabase(): Promise<string> {
  const template = inject('databaseTemplate');
  if (inject('databaseEmbedded')) {
    const embedded = await startEmbeddedPostgis({ maxConnections: 16, loadDataDir: new Blob([readFileSync(template)]) });
    afterAll(() => embedded.stop());
    fileDatabaseUrl = embedded.url;
  } else {
    const name = `${fileDatabasePrefix(template)}${randomBytes(4).toString('hex')}`;
    // From the maintenance database: a template cannot be copied while anyone (another file, too) is connected to it.
    const server = databaseOnServer(template, 'postgres');
    await runStatements(server, `create database "${name}" template "${new URL(template).pathname.slice(1)}"`);
    afterAll(() => runStatements(server, `drop database if exists "${name}" with (force)`));
    fileDatabaseUrl = databaseOnServer(template, name);
  }
  return fileDatabaseUrl;
}

/** The URL of this test file's own database (migrated and seeded; no other file sees its writes). */
export function testDatabaseUrl(): string {
  if (!fileDatabaseUrl) throw new Error('This test file has no database: only files under db/, server/ and test/ get one (vitest.config.ts).');
  return fileDatabaseUrl;
}

/** Settings for a hub or ORM on this file's database: prepared statements exactly when it is a real PostgreSQL. */
export function testDatabaseConfig(poolMax = 2): DatabaseConfig {
  return { url: testDatabaseUrl(), dataDir: '', poolMax, preparedStatements: !inject('databaseEmbedded') };
}

/** The URL of database `name` on the server of `url`. */
export function databaseOnServer(url: string, name: string): string {
  return Object.assign(new URL(url), { pathname: `/${name}` }).href;
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
  const created = databaseOnServer(url, name);
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

export { testData, type TestData, type Inserted, type LonLat, type Placement } from './factories';
export { freePort, privatePostgresAvailable, startPrivatePostgres, startPrivateStandby, type PrivatePostgres } from './private-postgres';

/** A PostgreSQL of the test's own whose database `hub` is migrated and holds the sample: for tests that stop, replicate or kill its server. */
export async function startPrivateHubDatabase(): Promise<PrivatePostgres> {
  const server = await startPrivatePostgres();
  await createDatabase(server.url('postgres'), 'hub');
  const orm = await openOrm(server.url('hub'), 2);
  try {
    await prepareDatabase(orm, () => undefined);
  } finally {
    await orm.close();
  }
  return server;
}
