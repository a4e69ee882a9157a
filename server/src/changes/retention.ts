import { runSql, type Knex } from '@anbinh/db';

/**
 * Deletes changes older than the retention window, in delivery order, and
 * moves the horizon to the last one deleted: a reader whose cursor lies below
 * it is told RESYNC_REQUIRED instead of silently missing what was deleted.
 * Returns how many were deleted. Safe to run from several servers at once.
 */
export async function pruneChanges(knex: Knex, retentionDays: number): Promise<number> {
  return knex.transaction(async (trx) => {
    const { rows } = await runSql(
      trx,
      `select tx_id::text as tx, position::text from change
       where occurred_at < now() - make_interval(days => ?) and tx_id < feed_xmin()
       order by tx_id desc, position desc limit 1`,
      [retentionDays],
    );
    if (rows.length === 0) return 0;
    const { tx, position } = rows[0];
    const deleted = await runSql(
      trx,
      'with gone as (delete from change where (tx_id, position) <= (?::xid8, ?::bigint) returning 1) select count(*)::int as n from gone',
      [tx, position],
    );
    await runSql(
      trx,
      `insert into change_horizon (id, tx_id, position) values (true, ?::xid8, ?::bigint)
       on conflict (id) do update set tx_id = excluded.tx_id, position = excluded.position
       where (excluded.tx_id, excluded.position) > (change_horizon.tx_id, change_horizon.position)`,
      [tx, position],
    );
    return deleted.rows[0].n;
  });
}

/** The horizon, or null while nothing has been pruned. */
export async function changeHorizon(knex: Knex): Promise<{ tx: string; position: string } | null> {
  const { rows } = await runSql(knex, 'select tx_id::text as tx, position::text from change_horizon');
  return rows[0] ?? null;
}

/** Prunes now and every hour until stopped. */
export function keepPruning(knex: Knex, retentionDays: number, log: (message: string) => void): { stop(): void } {
  const prune = () =>
    pruneChanges(knex, retentionDays).then(
      (n) => n > 0 && log(`Change feed: ${n} changes older than ${retentionDays} days pruned`),
      (error: Error) => log(`Change feed: pruning failed (${error.message}); will try again in an hour`),
    );
  void prune();
  const timer = setInterval(() => void prune(), 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
