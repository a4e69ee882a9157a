import { Migration } from '@mikro-orm/migrations';
import { factTables } from './Migration20261129000000Foundation';

/**
 * The outbox as a feed: each change also names the atom of geography it lies in
 * (so a feed for a unit follows its territory across reorganisations), and is
 * indexed in delivery order, (transaction id, position), and every writing
 * transaction NOTIFYs the servers — see server/src/changes.
 */
export class Migration20261129040000ChangeFeed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "change" add column "atom_id" varchar(16) null;`);
    for (const table of factTables) {
      this.addSql(`update "change" c set "atom_id" = t."atom_id" from "${table}" t where c."entity" = '${table}' and c."entity_id" = t."id";`);
    }
    this.addSql(`create index "change_delivery_order" on "change" ("tx_id", "position");`);
    this.addSql(
      `create table "change_horizon" ("id" boolean not null default true, "tx_id" xid8 not null, "position" bigint not null, constraint "change_horizon_pkey" primary key ("id"));`,
    );
    this.addSql(`create or replace function record_change() returns trigger language plpgsql as $$
declare
  r record;
begin
  if tg_op = 'DELETE' then r := old; else r := new; end if;
  insert into "change" ("entity", "entity_id", "operation", "unit_id", "atom_id") values (tg_table_name, r.id, lower(tg_op), r.unit_id, r.atom_id);
  -- Delivered at commit, once per transaction (identical payloads fold): wakes every server's subscribers.
  perform pg_notify('anbinh_change', '');
  return null;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function record_change() returns trigger language plpgsql as $$
declare
  r record;
begin
  if tg_op = 'DELETE' then r := old; else r := new; end if;
  insert into "change" ("entity", "entity_id", "operation", "unit_id") values (tg_table_name, r.id, lower(tg_op), r.unit_id);
  return null;
end $$;`);
    this.addSql(`drop table "change_horizon";`);
    this.addSql(`drop index "change_delivery_order";`);
    this.addSql(`alter table "change" drop column "atom_id";`);
  }
}
