import DataLoader from 'dataloader';
import type { Knex } from '@anbinh/db';
import { createGeometryLoader } from '../geography/admin-unit.service';
import type { Gazetteer } from '../geography/gazetteer';
import type { BaseContext, Context } from '../graphql/context';
import type { Tokens } from '../access/tokens';
import type { Viewer } from '../access/viewer';
import type { ChangeTail } from '../changes/tail';
import type { Freshness } from '../changes/freshness';

/** What the process holds that every request's context shares. */
export interface ContextSources {
  /** The primary database: writes, the change feed, and reads unless a request says otherwise. */
  primary: Knex;
  gazetteer: Gazetteer;
  tokens: Tokens;
  freshness?: Freshness;
  changeTail?: ChangeTail;
}

/**
 * The one way a request's context is made — GraphQL over HTTP (both paths), a
 * subscription, a tile, an export, the import command and the tests — from
 * who asks, from where, and which database it reads.
 */
export function baseContext(sources: ContextSources, viewer: Viewer, address: string | null, read: Knex = sources.primary): BaseContext {
  // No unit of work per request: nothing here goes through entities.
  const { primary, gazetteer, tokens, freshness, changeTail } = sources;
  return { knex: read, primary, gazetteer, tokens, viewer, address, freshness, changeTail, writes: [] };
}

/** A request's context with its own loaders. */
export function createContext(sources: ContextSources, viewer: Viewer, address: string | null, read?: Knex): Context {
  return withLoaders(baseContext(sources, viewer, address, read));
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
