import type DataLoader from 'dataloader';
import type { Knex } from '@anbinh/db';
import type { createGeometryLoader } from '../geography/admin-unit.service';
import type { Gazetteer } from '../geography/gazetteer';
import type { Tokens } from '../access/tokens';
import type { Viewer } from '../access/viewer';
import type { ChangeTail } from '../changes/tail';
import type { Freshness, Write } from '../changes/freshness';

/** Per-request state: who asks, and its own batching loaders. */
export interface Context {
  /** Where this operation reads: the primary, or for a query the read replica (DATABASE_READ_URL) when there is one. */
  knex: Knex;
  /** The primary: where writes go, and the change feed reads (its cursors are the primary's transaction ids). */
  primary: Knex;
  /** Unit versions, parents and lineage, held in memory for the process. */
  gazetteer: Gazetteer;
  geometry: ReturnType<typeof createGeometryLoader>;
  /** Who is asking (the public without a token). */
  viewer: Viewer;
  /** Signs tokens (sign-in). */
  tokens: Tokens;
  /** The caller's network address, for the audit log. */
  address: string | null;
  /** A request-scoped loader by name, created on first use (one per field and argument set). */
  loader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V>;
  /** The process's reader of the change feed (subscriptions only). */
  changeTail?: ChangeTail;
  /** What the server keeps derived from tables until they change (HTTP requests), e.g. a metric for every unit. */
  freshness?: Freshness;
  /** What this request wrote (each audit entry notes it), told to `freshness` once committed. */
  writes?: Write[];
}

/** What a context holds besides its loaders: a subscription keeps only this for its lifetime. */
export type BaseContext = Omit<Context, 'geometry' | 'loader'>;
