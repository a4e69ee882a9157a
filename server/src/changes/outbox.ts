import { runSql, type Knex } from '@anbinh/db';
import type { Gazetteer } from '../geography/gazetteer';
import { changeFromRow, type FeedPosition, type OutboxChange } from './event';

export interface Condition {
  sql: string;
  bindings: unknown[];
}

/**
 * Reads up to `limit` changes after `after` from the outbox, in delivery
 * order, and only those every reader can rely on: committed, with nothing
 * older still running. When fewer than `limit` come back, `complete` is the
 * position the read has covered: everything before it that will ever exist
 * has been seen, so a reader may continue from there without reading the
 * same stretch again. One statement, so the rows and that position come from
 * one snapshot.
 */
export async function readOutbox(
  knex: Knex,
  gazetteer: Gazetteer,
  after: FeedPosition,
  conditions: Condition[],
  limit: number,
): Promise<{ changes: OutboxChange[]; complete: FeedPosition | null }> {
  const { rows } = await runSql(
    knex,
    `select s.xmin::text as xmin, c.* from (select feed_xmin() as xmin) s
     left join lateral (
       select position::text, tx_id::text as tx, occurred_at, entity, entity_id, upper(operation) as operation, unit_id, atom_id
       from change
       where (tx_id, position) > (?::xid8, ?::bigint) and tx_id < s.xmin ${conditions.map((c) => `and ${c.sql}`).join(' ')}
       order by tx_id, position limit ?
     ) c on true`,
    [after.tx.toString(), after.position.toString(), ...conditions.flatMap((c) => c.bindings), limit],
  );
  const changes = rows[0].tx == null ? [] : rows.map((row: Record<string, any>) => changeFromRow(row, gazetteer));
  const xmin = BigInt(rows[0].xmin);
  return { changes, complete: changes.length < limit && xmin > after.tx ? { tx: xmin, position: 0n } : null };
}

/** The position of "now": what commits from here on comes after it. */
export async function presentPosition(knex: Knex): Promise<FeedPosition> {
  const { rows } = await runSql(knex, 'select feed_xmin()::text as tx');
  return { tx: BigInt(rows[0].tx), position: 0n };
}
