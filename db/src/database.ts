import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { defaultReplicaMaxLag, type DatabaseConfig } from './config';
import { startEmbeddedPostgis, type EmbeddedPostgis } from './embedded';
import { openOrm, warmPool, type DriverLog } from './orm';
import { ReadRouter, type ReplicaState } from './replica';
import { isEmpty, seed, type Progress } from './seed/load';

export interface Database {
  orm: MikroORM;
  /** Where a read goes now: the replica (DATABASE_READ_URL) while it streams close behind, else the primary. */
  readonly readKnex: Knex;
  /** Where writes go: the primary, through a pool of their own (but on the embedded database), so that they do not queue behind reads. */
  readonly writeKnex: Knex;
  /** Every pool's knex: the primary's, the writes', and the replica's when there is one. */
  readonly knexes: readonly Knex[];
  /** Each pool's connections in use, idle and awaited (for the metrics). */
  pools(): { pool: string; used: number; free: number; pending: number }[];
  /** How the replica stands (`none` without one). */
  replica(): ReplicaState;
  /** A write or change has committed: reads see it from now on, wherever they go. */
  committed(): Promise<void>;
  /** True when the process runs its own embedded PostGIS. */
  embedded: boolean;
  /** Opens every pooled connection now (after migrations, so that PostGIS is there to ready them). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to the configured PostGIS, starting the embedded one when no URL is given. `log` receives the driver's
 * own messages, by pool (without it they go to the console), and each change of the replica's status.
 */
export async function openDatabase(
  config: DatabaseConfig,
  progress: Progress,
  log?: { driver: (pool: 'primary' | 'writes' | 'replica', ...message: Parameters<DriverLog>) => void; replica?: (state: ReplicaState) => void },
): Promise<Database> {
  let server: EmbeddedPostgis | undefined;
  let url = config.url;
  if (!url) {
    progress(`Starting the embedded PostGIS in ${config.dataDir} (the first start initialises it and takes about 20 s)`);
    server = await startEmbeddedPostgis({ dataDir: config.dataDir });
    url = server.url;
  }
  const orm = await openOrm(url, Math.min(config.poolMax, server?.maxConnections ?? Infinity), {
    preparedStatements: config.preparedStatements && server === undefined,
    log: log && ((...message) => log.driver('primary', ...message)),
  });
  // A few connections of their own: a write waits for another write at most, never for the queue of reads.
  const writes = server
    ? undefined
    : await openOrm(url, writePoolMax(config.poolMax), {
        preparedStatements: config.preparedStatements,
        log: log && ((...message) => log.driver('writes', ...message)),
      });
  const replica = config.readUrl
    ? await openOrm(config.readUrl, config.poolMax, {
        preparedStatements: config.preparedStatements,
        replica: true,
        log: log && ((...message) => log.driver('replica', ...message)),
      })
    : undefined;
  const primary = orm.em.getKnex();
  const router =
    replica &&
    (await ReadRouter.start(primary, replica.em.getKnex(), config.readUrl!, {
      maxLagSeconds: config.replicaMaxLag ?? defaultReplicaMaxLag,
      onStatus: log?.replica,
    }));
  return {
    orm,
    get readKnex() {
      return router?.knex() ?? primary;
    },
    writeKnex: writes?.em.getKnex() ?? primary,
    knexes: [primary, ...(writes ? [writes.em.getKnex()] : []), ...(replica ? [replica.em.getKnex()] : [])],
    replica: () => router?.state() ?? { status: 'none', lagSeconds: null },
    pools: () =>
      [['primary', orm] as const, ...(writes ? [['writes', writes] as const] : []), ...(replica ? [['replica', replica] as const] : [])].map(
        ([pool, { em }]) => {
          const tarn = em.getKnex().client.pool as { numUsed(): number; numFree(): number; numPendingAcquires(): number } | undefined;
          return { pool, used: tarn?.numUsed() ?? 0, free: tarn?.numFree() ?? 0, pending: tarn?.numPendingAcquires() ?? 0 };
        },
      ),
    committed: async () => router?.committed(),
    embedded: server !== undefined,
    async warm() {
      // A replica away at start leaves the hub degraded, not down: its pool fills when it returns.
      await Promise.all([warmPool(orm), ...(writes ? [warmPool(writes)] : []), ...(replica ? [warmPool(replica).catch(() => undefined)] : [])]);
    },
    async close() {
      await router?.close();
      await replica?.close();
      await writes?.close();
      await orm.close();
      await server?.stop();
    },
  };
}

/** The writes' own pool: a quarter of the reads', at least two. */
export const writePoolMax = (poolMax: number) => Math.max(2, Math.ceil(poolMax / 4));

/** Applies pending migrations, then loads the geography and sample when the database is empty (or when forced). */
export async function prepareDatabase(orm: MikroORM, progress: Progress, options: { forceSeed?: boolean; noSample?: boolean } = {}): Promise<void> {
  const migrator = orm.getMigrator();
  const pending = await migrator.getPendingMigrations();
  if (pending.length > 0) {
    progress(`Applying ${pending.length} migration(s)`);
    await migrator.up();
  }
  const knex = orm.em.getKnex();
  if (options.forceSeed || (!options.noSample && (await isEmpty(knex)))) {
    await seed(knex, progress, { replace: options.forceSeed });
    progress('Sample data loaded');
  }
}

/** True when every migration has been applied. */
export async function isMigrated(orm: MikroORM): Promise<boolean> {
  return (await orm.getMigrator().getPendingMigrations()).length === 0;
}
