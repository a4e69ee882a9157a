export * from './entities';
export * from './config';
export * from './database';
export * from './embedded';
export * from './geometry';
export { openOrm, ormConfig, MikroORM } from './orm';
export { seed, isEmpty, type Progress } from './seed/load';
export { buildGeography } from './seed/geography';
export type { EntityManager, Knex } from '@mikro-orm/postgresql';
