import DataLoader from 'dataloader';
import type { MikroORM } from '@anbinh/db';
import { createGeometryLoader } from '../geography/admin-unit.service';
import type { Gazetteer } from '../geography/gazetteer';
import type { BaseContext, Context } from '../graphql/context';

export function createContext(orm: MikroORM, gazetteer: Gazetteer, access: Pick<Context, 'viewer' | 'tokens' | 'address' | 'freshness'>): Context {
  // No unit of work per request: nothing here goes through entities.
  const primary = orm.em.getKnex();
  return withLoaders({ knex: primary, primary, gazetteer, ...access });
}

/** The context with its own, empty loaders: each event of a subscription reads records as they are then, not as first cached. */
export function withLoaders(base: BaseContext): Context {
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    ...base,
    geometry: createGeometryLoader(base.knex),
    loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>) {
      if (!loaders.has(name)) loaders.set(name, new DataLoader<unknown, unknown>(batch as never));
      return loaders.get(name) as DataLoader<K, V>;
    },
  };
}
