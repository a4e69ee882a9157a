import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import type { DatabaseConfig } from './config';
import { lockDataDir } from './embedded';
import type { Progress } from './seed/load';

/**
 * Backups of the hub's database, whole: on a real PostgreSQL with pg_dump's
 * custom format (pg_dump and pg_restore from PostgreSQL's client programs); on
 * the embedded one as PGlite's own archive of its data directory (gzipped tar),
 * taken while no server has it open. A backup restores into the same kind.
 */
export async function dumpDatabase(config: DatabaseConfig, file: string, progress: Progress): Promise<void> {
  if (config.url) {
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.url]);
  } else {
    const release = lockDataDir(config.dataDir);
    try {
      const db = await PGlite.create(config.dataDir, { extensions: { postgis } });
      const archive = await db.dumpDataDir('gzip');
      await db.close();
      writeFileSync(file, Buffer.from(await archive.arrayBuffer()));
    } finally {
      release();
    }
  }
  progress(`Backup written to ${file}`);
}

/**
 * Restores a backup: on a real PostgreSQL into DATABASE_URL, which must not
 * hold the hub's tables yet (create it first: createdb); on the embedded one
 * into its data directory, the one there moved aside (never deleted).
 */
export async function restoreDatabase(config: DatabaseConfig, file: string, progress: Progress): Promise<void> {
  if (!existsSync(file)) throw new Error(`There is no backup at ${file}.`);
  if (config.url) {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select to_regclass('public.admin_unit') is not null as taken`);
      if (rows[0].taken)
        throw new Error(
          `${new URL(config.url).pathname.slice(1)} already holds a hub's tables: restore into a new, empty database (createdb), or drop this one first.`,
        );
      run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${config.url}`, file]);
      await continueFeedClock(client, progress);
      await client.query('analyze'); // pg_restore does not bring the planner's statistics
    } finally {
      await client.end();
    }
  } else {
    if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
      const aside = `${config.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(config.dataDir, aside);
      progress(`The embedded database that was there is kept in ${aside}`);
    }
    const release = lockDataDir(config.dataDir);
    try {
      const db = await PGlite.create(config.dataDir, { extensions: { postgis }, loadDataDir: new Blob([readFileSync(file)]) });
      await db.close();
    } finally {
      release();
    }
  }
  progress(`Restored from ${file}`);
}

/**
 * Change-feed cursors carry transaction ids, and another server's ids may be
 * behind the restored changes': shift the feed's clock so that every change
 * written from now on sorts after every restored one (see the FeedClock migration).
 */
async function continueFeedClock(client: pg.Client, progress: Progress): Promise<void> {
  const { rows } =
    await client.query(`select greatest((select max(tx_id::text::numeric) from change), (select max(tx_id::text::numeric) from change_horizon), 0)::text as last,
    feed_xact_id()::text as now`);
  const behind = BigInt(rows[0].last) - BigInt(rows[0].now);
  if (behind < 0n) return;
  // A margin for transactions that began on this server before the shift.
  await client.query('update change_clock set shift = shift + $1::bigint', [String(behind + 1_000_000n)]);
  progress(`This server's transaction ids were behind the backup's by ${behind}: the change feed's clock moves ahead of them`);
}

function run(program: string, args: string[]): void {
  const result = spawnSync(program, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error) throw new Error(`${program} could not run (${result.error.message}): install PostgreSQL's client programs (Debian: postgresql-client).`);
  if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr.trim()}`);
}
