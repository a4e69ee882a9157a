import { Migration } from '@mikro-orm/migrations';

/**
 * Records drawn as lines (patrol routes) cross several atoms, and count in each
 * unit by their length inside it. `record_piece` holds each line record's
 * length within every atom it crosses, kept by record_pieces(), which a line
 * type's table attaches as its `<table>_pieces` trigger; the hub never writes it.
 */
export class Migration20261207200000RecordPieces extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "record_piece" ("record_table" text not null, "record_id" int not null, "atom_id" varchar(16) not null, "metres" double precision not null, constraint "record_piece_pkey" primary key ("record_table", "record_id", "atom_id"));`,
    );
    this.addSql(`create index "record_piece_atom_id_index" on "record_piece" ("atom_id");`);
    this.addSql(`create function record_pieces() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    delete from record_piece where record_table = tg_table_name and record_id = old.id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    -- Geodesic metres of the line inside each atom it crosses.
    insert into record_piece (record_table, record_id, atom_id, metres)
    select tg_table_name, new.id, a.id, ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, new.location), 2)::geography)
    from geo_atom a where ST_Intersects(a.geom, new.location)
    on conflict do nothing;
    delete from record_piece where record_table = tg_table_name and record_id = new.id and metres = 0;
  end if;
  return null;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function record_pieces() cascade;');
    this.addSql('drop table "record_piece";');
  }
}
