import { Migration } from '@mikro-orm/migrations';

/**
 * The change feed's clock: transaction ids shifted by `change_clock.shift`.
 * Cursors carry transaction ids, which only grow on one server; a database
 * restored onto another server (db:restore) counts from wherever that one is,
 * maybe behind. The restore moves the shift so the feed's ids go on growing
 * past every restored change, and partners' cursors stay valid.
 */
export class Migration20261129050000FeedClock extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "change_clock" ("id" boolean primary key default true, "shift" bigint not null default 0);`);
    this.addSql(`insert into "change_clock" default values;`);
    this.addSql(`create function feed_xact_id() returns xid8 language sql volatile as $$
  select (pg_current_xact_id()::text::numeric + (select shift from change_clock))::text::xid8 $$;`);
    this.addSql(`create function feed_xmin() returns xid8 language sql stable as $$
  select (pg_snapshot_xmin(pg_current_snapshot())::text::numeric + (select shift from change_clock))::text::xid8 $$;`);
    this.addSql(`alter table "change" alter column "tx_id" set default feed_xact_id();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "change" alter column "tx_id" set default pg_current_xact_id();`);
    this.addSql(`drop function feed_xmin();`);
    this.addSql(`drop function feed_xact_id();`);
    this.addSql(`drop table "change_clock";`);
  }
}
