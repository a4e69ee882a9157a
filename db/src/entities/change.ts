import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The outbox: one row per write to a fact table, appended by a trigger in the
 * writing transaction, so the change feed can never disagree with the data.
 * `txId` lets readers hold back positions whose transaction may still commit.
 */
@Entity()
@Index({ name: 'change_delivery_order', properties: ['txId', 'position'] }) // the feed's order
export class Change {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  position!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt!: Date;

  @Property({ type: 'string', length: 40 })
  @Index()
  entity!: string;

  @Property({ type: 'integer' })
  entityId!: number;

  @Property({ type: 'string', length: 6 })
  operation!: string;

  @Property({ type: 'integer', nullable: true })
  unitId?: number | null;

  /** The geography atom the record lies in, so a feed for a unit follows its territory. */
  @Property({ type: 'string', length: 16, nullable: true })
  atomId?: string | null;

  @Property({ type: 'string', length: 30, columnType: 'xid8', defaultRaw: 'feed_xact_id()' })
  txId!: string;
}

/**
 * How far the outbox has been pruned: every change up to this (transaction id,
 * position) is gone, so a reader holding an older cursor must resynchronise.
 * One row at most.
 */
@Entity()
export class ChangeHorizon {
  @PrimaryKey({ type: 'boolean', default: true })
  id: boolean = true;

  @Property({ type: 'string', length: 30, columnType: 'xid8' })
  txId!: string;

  @Property({ type: 'bigint' })
  position!: string;
}

/**
 * The change feed's clock: how far its transaction ids are shifted from this
 * server's, moved on when a backup is restored onto a server whose ids are
 * behind (see the FeedClock migration and backup.ts). One row.
 */
@Entity()
export class ChangeClock {
  @PrimaryKey({ type: 'boolean', default: true })
  id: boolean = true;

  @Property({ type: 'bigint', default: 0 })
  shift!: string;
}
