import 'reflect-metadata';
import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrations } from './migrations';
import { usePreparedStatements } from './sql';

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
      min: 0,
      max: poolMax,
      // No parallel workers for one statement: the hub serves many requests at once, and on the
      // national dataset parallel plans were slower even alone (a zoom-6 camera tile: 300 ms with
      // a parallel scan and sort, 115 ms without; the choropleth's measures 62 ms against 38 ms).
      afterCreate(connection: { query(sql: string, done: (error?: Error) => void): void }, done: (error: Error | undefined, connection: unknown) => void) {
        connection.query('set max_parallel_workers_per_gather = 0', (error) => done(error, connection));
      },
    },
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

export { MikroORM };
