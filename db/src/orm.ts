import 'reflect-metadata';
import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrations } from './migrations';
import { pipelineSettings } from './pipeline';
import { usePreparedStatements } from './sql';

/**
 * Each connection's settings, chosen with EXPLAIN ANALYZE on the national dataset's low-zoom tiles:
 * - no parallel workers for one statement: the hub serves many requests at once, and parallel plans
 *   were slower even alone;
 * - no JIT: compiling a tile's plan took longer than running it;
 * - enough memory to hash a tile's cells rather than sort its points on disk;
 * - PROJ started here, once per connection, rather than during a request's first ST_Transform;
 *   skipped before PostGIS is installed.
 */
export const sessionSettings = `set max_parallel_workers_per_gather = 0; set jit = off; set work_mem = '16MB';
  do $$ begin if to_regtype('geometry') is not null then perform ST_Transform('SRID=4326;POINT(106 21)'::geometry, 3857); end if; end $$`;

/** Where the database driver's own messages go (knex would print them to the console): the hub's log. */
export type DriverLog = (level: 'debug' | 'warn' | 'error', message: string) => void;

export interface PoolOptions {
  /** pg's pipeline mode, for `runSql`'s reads sent together. */
  pipeline?: boolean;
  /**
   * A read replica's pool: a connection that cannot be made, or a free one that cannot be had, fails in seconds,
   * so a read waiting on a standby that has gone away runs again on the primary instead of hanging.
   */
  replica?: boolean;
  log?: DriverLog;
}

/** A kept connection idle this long is probed, so one cut silently (a NAT's or firewall's idle timeout, a host gone) fails in under a minute. */
const keepAliveDelayMs = 10_000;
/** How long a replica's connection may take to open, and a read may wait for a free one, before the read goes to the primary. */
export const replicaConnectTimeoutMs = 2_000;

/** The MikroORM configuration for a database URL; the same for the embedded and the real PostGIS. */
export function ormConfig(url: string, poolMax: number, options: PoolOptions = {}): Options {
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
    driverOptions: {
      connection: {
        keepAlive: true,
        keepAliveInitialDelayMillis: keepAliveDelayMs,
        ...(options.replica ? { connectionTimeoutMillis: replicaConnectTimeoutMs } : {}),
        ...(options.pipeline ? pipelineSettings : {}),
      },
      ...(options.replica ? { acquireConnectionTimeout: replicaConnectTimeoutMs } : {}),
      ...(options.log ? { log: driverLog(options.log) } : {}),
    },
    forceUtcTimezone: true,
    // Each request forks its own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    debug: false,
  });
}

/** knex's logger hooks, each passing its message on as text. */
function driverLog(log: DriverLog) {
  const at = (level: Parameters<DriverLog>[0]) => (message: unknown) => log(level, typeof message === 'string' ? message : JSON.stringify(message));
  return { debug: at('debug'), warn: at('warn'), error: at('error'), deprecate: at('warn') };
}

/** Opens the ORM; `preparedStatements` lets `runSql` keep named statements on its pipelined connections (a real PostgreSQL only). */
export async function openOrm(url: string, poolMax = 8, options: { preparedStatements?: boolean } & Omit<PoolOptions, 'pipeline'> = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(url, poolMax, { pipeline: options.preparedStatements, replica: options.replica, log: options.log }));
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
