import { Migration } from '@mikro-orm/migrations';

/** Patrol routes (tuyến tuần tra): lines counted in every unit they cross by their length inside it. */
export class Migration20261207210000PatrolRoutes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "patrol_schedule" as enum ('NIGHTLY', 'DAILY', 'WEEKENDS', 'HOLIDAYS', 'EVENTS');`);
    this.addSql(
      `create table "patrol_route" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "version" int not null default 1, "name" varchar(300) not null, "schedule" "patrol_schedule"[] not null, "model_id" int null, "started_on" date not null, "ended_on" date null, "location" geometry(Geometry,4326) not null);`,
    );
    this.addSql(`create index "patrol_route_unit_id_index" on "patrol_route" ("unit_id");`);
    this.addSql(`create index "patrol_route_atom_id_index" on "patrol_route" ("atom_id");`);
    this.addSql(`create index "patrol_route_model_id_index" on "patrol_route" ("model_id");`);
    this.addSql(`create index "patrol_route_started_on_id_index" on "patrol_route" ("started_on", "id");`);
    this.addSql(`create index "patrol_route_name_c_id_index" on "patrol_route" ("name" collate "C", "id");`);
    this.addSql(`create index "patrol_route_location_gist" on "patrol_route" using gist ("location");`);
    this.addSql(
      `alter table "patrol_route" add constraint "patrol_route_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "patrol_route" add constraint "patrol_route_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "patrol_route" add constraint "patrol_route_model_id_foreign" foreign key ("model_id") references "security_model" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `create trigger "patrol_route_record_change" after insert or update or delete on "patrol_route" for each row execute function record_change();`,
    );
    this.addSql(
      `create trigger "patrol_route_pieces" after insert or update of "location" or delete on "patrol_route" for each row execute function record_pieces();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "record_piece" where "record_table" = 'patrol_route';`);
    this.addSql(`drop table "patrol_route";`);
    this.addSql(`drop type "patrol_schedule";`);
  }
}
