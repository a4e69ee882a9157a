import type { Knex } from '@mikro-orm/postgresql';

/**
 * The one place that knows how `runSql` reaches pg beneath knex; `pipeline.test.ts` fails if an
 * upgrade of pg, knex or MikroORM breaks what it relies on:
 * - knex creates each pooled connection as a `pg.Client` from the connection settings it is given, so
 *   `pipelineSettings` there puts every connection in pg's pipeline mode (pg ≥ 8.23): queries sent on
 *   one connection leave without waiting for the answers before them, each with its own Sync, so one
 *   failing fails alone;
 * - knex lends a connection with `client.acquireConnection()` and takes it back with `releaseConnection`.
 */
export const pipelineSettings = { pipeline: true } as const;

/** A query as pg takes it: `$n` placeholders, a `name` to keep it prepared on the connection. */
export interface PgQuery {
  name?: string;
  text: string;
  values: readonly unknown[];
}

/** A pooled connection as knex lends it: a pg Client. */
export interface PgConnection {
  readonly pipeline?: boolean;
  query(query: PgQuery): Promise<{ rows: any[] }>;
}

/** Runs `use` with a connection of the knex's pool, given back afterwards. */
export async function withConnection<T>(knex: Knex, use: (connection: PgConnection) => Promise<T>): Promise<T> {
  const client: Knex.Client = knex.client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}
