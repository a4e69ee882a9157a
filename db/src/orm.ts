import 'reflect-metadata';
import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrations } from './migrations';
import { usePreparedStatements } from './sql';

/**
 * Each connection's settings, measured on the national dataset (a zoom-6 tile of 117,134 camera sites):
 * - no parallel workers for one statement: the hub serves many requests at once, and parallel plans
 *   were slower even alone (300 ms with a parallel scan and sort, 115 ms without; the choropleth's
 *   measures 62 ms against 38 ms);
 * - no JIT: compiling that tile's plan took 180 ms, twice what running it takes (80 ms);
 * - 16 MB to sort or hash in: at 4 MB the planner sorted the points on disk (20 MB) to cluster them
 *   (300 ms) instead of hashing their 270 cells in memory;
 * - PROJ started (about 50 ms, once per connection, on the first ST_Transform) here rather than
 *   during a request; skipped before PostGIS is installed.
 */
export const sessionSettings = `set max_parallel_workers_per_gather = 0; set jit = off; set work_mem = '16MB';
  do $$ begin if to_regtype('geometry') is not null then perform ST_Transform('SRID=4326;POINT(106 21)'::geometry, 3857); end if; end $$`;

/** The MikroORM configuration for a database URL; the same for the embedded and the real PostGIS. */
export function ormConfig(url: string, poolMax: number): Options {
  return defineConfig({
    clientUrl: url,
    entities: [...entities],
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    pool: {
      // Connections are kept once made (readied by `warmPool` at start): a new one costs its first request PROJ's start.
      min: poolMax,
      max: poolMax,
      afterCreate(connection: { query(sql: string, done: (error?: Error) => void): void }, done: (error: Error | undefined, connection: unknown) => void) {
        connection.query(sessionSettings, (error) => done(error, connection));
      },
    },
    // Kept connections are probed by TCP keepalive, so one cut silently (a NAT's or firewall's idle timeout) fails fast.
    driverOptions: { connection: { keepAlive: true } },
    forceUtcTimezone: true,
    // Each request forks its own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    debug: false,
  });
}

/** Opens the ORM; `preparedStatements` lets `runSql` keep named statements on its connections (a real PostgreSQL only). */
export async function openOrm(url: string, poolMax = 8, options: { preparedStatements?: boolean } = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(url, poolMax));
  if (options.preparedStatements) usePreparedStatements(orm.em.getKnex());
  return orm;
}

/** Opens the pool's connections now (each readied by `sessionSettings`), so that no request waits for one. */
export async function warmPool(orm: MikroORM): Promise<void> {
  const knex = orm.em.getKnex();
  const size = (knex.client.pool as { max: number } | undefined)?.max ?? 1;
  // Each query holds its connection a moment, so the others cannot reuse it and the pool opens them all.
  await Promise.all(Array.from({ length: size }, () => knex.raw('select pg_sleep(0.02)')));
}

export { MikroORM };
