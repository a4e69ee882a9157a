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
    pool: { min: 0, max: poolMax },
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
