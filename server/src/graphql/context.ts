import type { EntityManager, Knex, MikroORM } from '@anbinh/db';
import { createGeographyLoaders, type GeographyLoaders } from '../geography/admin-unit.service';

/** Per-request state: its own unit of work and its own batching loaders. */
export interface Context {
  em: EntityManager;
  knex: Knex;
  geography: GeographyLoaders;
}

export function createContext(orm: MikroORM): Context {
  const em = orm.em.fork() as EntityManager;
  const knex = em.getKnex();
  return { em, knex, geography: createGeographyLoaders(knex) };
}
