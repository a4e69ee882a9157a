import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openOrm, prepareDatabase, startEmbeddedPostgis } from '@anbinh/db';
import { databaseOnServer, fileDatabasePrefix, runStatements } from '@anbinh/db/testing';

const log = (message: string) => console.log(`[test db] ${message}`);

/**
 * Migrates and seeds, once per run, what every test file's own database is made from (test/src/file-database.ts):
 * the real PostGIS at DATABASE_URL, emptied first (its name must contain "test"), which each file clones as a
 * template; or, without DATABASE_URL, an in-memory embedded PostGIS, whose snapshot each file starts its own from.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = new URL(url).pathname.slice(1);
    if (!name.includes('test')) {
      throw new Error(`The tests empty the database they run on; DATABASE_URL names "${name}". Point it at a database whose name contains "test".`);
    }
    const server = databaseOnServer(url, 'postgres');
    const left = await openOrm(server, 1);
    const pattern = `${fileDatabasePrefix(url).replaceAll('_', '\\_')}%`;
    const { rows } = await left.em.getKnex().raw('select datname from pg_database where datname like ?', [pattern]);
    await left.close();
    for (const { datname } of rows as { datname: string }[]) await runStatements(server, `drop database "${datname}" with (force)`);
    log(`Emptying ${name} on the real PostGIS`);
    await runStatements(url, 'drop schema public cascade', 'create schema public');
    const orm = await openOrm(url, 2);
    await prepareDatabase(orm, log);
    await orm.close();
    project.provide('databaseTemplate', url);
    project.provide('databaseEmbedded', false);
    return;
  }
  log('Starting an in-memory embedded PostGIS');
  const embedded = await startEmbeddedPostgis({ maxConnections: 2 });
  const orm = await openOrm(embedded.url, 2);
  await prepareDatabase(orm, log);
  await orm.close();
  const snapshot = join(tmpdir(), `anbinh-test-${process.pid}.tar`);
  writeFileSync(snapshot, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  project.provide('databaseTemplate', snapshot);
  project.provide('databaseEmbedded', true);
  return () => rmSync(snapshot, { force: true });
}
