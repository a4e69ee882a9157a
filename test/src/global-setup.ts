import type { TestProject } from 'vitest/node';
import { openOrm, prepareDatabase, startEmbeddedPostgis, type EmbeddedPostgis } from '@anbinh/db';
import type {} from '@anbinh/db/testing';

const log = (message: string) => console.log(`[test db] ${message}`);

/**
 * One database for the run: a fresh in-memory embedded PostGIS by default, or
 * the real PostGIS at DATABASE_URL, emptied first (its name must contain "test").
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgis | undefined;
  let url = process.env.DATABASE_URL;
  if (url) {
    const name = new URL(url).pathname.slice(1);
    if (!name.includes('test')) {
      throw new Error(`The tests empty the database they run on; DATABASE_URL names "${name}". Point it at a database whose name contains "test".`);
    }
    log(`Emptying ${name} on the real PostGIS`);
    const orm = await openOrm(url, 1);
    await orm.em.getKnex().raw('drop schema public cascade; create schema public');
    await orm.close();
  } else {
    log('Starting an in-memory embedded PostGIS');
    embedded = await startEmbeddedPostgis({ maxConnections: 16 });
    url = embedded.url;
  }
  const orm = await openOrm(url, 2);
  await prepareDatabase(orm, log);
  await orm.close();
  project.provide('databaseUrl', url);
  project.provide('databaseEmbedded', embedded !== undefined);
  return async () => {
    await embedded?.stop();
  };
}
