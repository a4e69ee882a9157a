import DataLoader from 'dataloader';
import type { EntityManager, Knex, MikroORM } from '@anbinh/db';
import { createGeographyLoaders, type GeographyLoaders } from '../geography/admin-unit.service';

/** Per-request state: its own unit of work and its own batching loaders. */
export interface Context {
  em: EntityManager;
  knex: Knex;
  geography: GeographyLoaders;
  /** A request-scoped loader by name, created on first use (one per field and argument set). */
  loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V>;
}

export function createContext(orm: MikroORM): Context {
  const em = orm.em.fork() as EntityManager;
  const knex = em.getKnex();
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  return {
    em,
    knex,
    geography: createGeographyLoaders(knex),
    loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>) {
      if (!loaders.has(name)) loaders.set(name, new DataLoader<unknown, unknown>(batch as never));
      return loaders.get(name) as DataLoader<K, V>;
    },
  };
}
