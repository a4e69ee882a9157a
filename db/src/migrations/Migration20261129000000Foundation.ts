import { Migration } from '@mikro-orm/migrations';

/** Tables that hold recorded facts; every write to them appends to the outbox (table "change"). */
export const factTables = [
  'security_model',
  'camera_site',
  'report_mailbox',
  'covid_team',
  'outreach_activity',
  'valuable_tip',
  'incident',
  'seizure',
  'community_education_case',
  'commendation',
  'household_commitment',
];

/** The foundation schema: versioned geography, the movement's facts, and the outbox. */
export class Migration20261129000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists postgis;');
    this.addSql(`create type "unit_level" as enum ('PROVINCE', 'DISTRICT', 'COMMUNE');`);
    this.addSql(`create type "unit_kind" as enum ('PROVINCE', 'CITY', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP');`);
    this.addSql(`create type "case_outcome" as enum ('PROGRESSED', 'REOFFENDED', 'TRANSFERRED');`);
    this.addSql(`create type "commitment_topic" as enum ('COVID_PREVENTION', 'SECURITY_AND_ORDER');`);
    this.addSql(`create type "lineage_event_kind" as enum ('RENAME', 'MERGE', 'SPLIT', 'REFORM_2025');`);
    this.addSql(`create type "outreach_kind" as enum ('SESSION', 'POSTERS_AND_BANNERS', 'LEAFLETS', 'MEDIA_REPORT');`);
    this.addSql(`create type "mailbox_host" as enum ('COMMUNE_OFFICE', 'POLICE_STATION', 'VILLAGE_HALL', 'SCHOOL', 'ENTERPRISE', 'MARKET');`);
    this.addSql(
      `create type "model_kind" as enum ('SELF_MANAGED_RESIDENTIAL_AREA', 'SECURITY_PATROL', 'HERITAGE_SITE_SELF_MANAGEMENT', 'CAMERA_SURVEILLANCE', 'DRUG_PREVENTION', 'FIRE_SAFETY', 'TRAFFIC_SAFETY', 'REINTEGRATION_SUPPORT', 'CONFLICT_MEDIATION', 'SAFE_ENTERPRISE', 'SAFE_SCHOOL');`,
    );
    this.addSql(`create type "model_host" as enum ('VILLAGE', 'RESIDENTIAL_GROUP', 'COMMUNE', 'AGENCY', 'ENTERPRISE', 'SCHOOL');`);
    this.addSql(
      `create type "organisation" as enum ('POLICE', 'FATHERLAND_FRONT', 'WOMEN_UNION', 'YOUTH_UNION', 'FARMERS_UNION', 'VETERANS_ASSOCIATION', 'ELDERLY_ASSOCIATION', 'MILITIA');`,
    );
    this.addSql(`create type "recipient_kind" as enum ('COLLECTIVE', 'INDIVIDUAL');`);
    this.addSql(
      `create type "commendation_form" as enum ('MINISTRY_CERTIFICATE', 'PROVINCE_CERTIFICATE', 'POLICE_DIRECTOR_CERTIFICATE', 'DISTRICT_CERTIFICATE', 'LETTER_OF_COMMENDATION');`,
    );
    this.addSql(
      `create type "seizure_item" as enum ('GUN', 'AMMUNITION', 'EXPLOSIVE_ORDNANCE', 'EXPLOSIVES', 'DETONATOR', 'SUPPORT_TOOL', 'PRIMITIVE_WEAPON', 'FIRECRACKERS', 'FIRECRACKER_POWDER');`,
    );
    this.addSql(`create type "measure_unit" as enum ('PIECE', 'ROUND', 'KILOGRAM');`);
    this.addSql(`create type "tip_channel" as enum ('MAILBOX', 'HOTLINE', 'IN_PERSON', 'SELF_MANAGEMENT_MODEL');`);
    this.addSql(
      `create type "incident_category" as enum ('DRUGS', 'THEFT', 'GAMBLING', 'ASSAULT', 'FRAUD', 'WEAPONS_AND_EXPLOSIVES', 'PUBLIC_ORDER', 'OTHER');`,
    );
    this.addSql(
      `create table "change" ("position" bigserial primary key, "occurred_at" timestamptz not null default now(), "entity" varchar(40) not null, "entity_id" int not null, "operation" varchar(6) not null, "unit_id" int null, "tx_id" xid8 not null default pg_current_xact_id());`,
    );
    this.addSql(`create index "change_entity_index" on "change" ("entity");`);
    this.addSql(
      `create table "geo_atom" ("id" varchar(16) not null, "name" varchar(100) not null, "geom" geometry(MultiPolygon,4326) not null, constraint "geo_atom_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "geo_atom_geom_gist" on "geo_atom" using gist ("geom");`);
    this.addSql(
      `create table "admin_unit" ("id" serial primary key, "code" varchar(10) not null, "name" varchar(100) not null, "name_folded" varchar(100) not null, "level" "unit_level" not null, "kind" "unit_kind" not null, "parent_code" varchar(10) null, "valid_from" date not null, "valid_to" date null, "area_km2" double precision null, "seat_atom_id" varchar(16) not null, "geom" geometry(MultiPolygon,4326) not null);`,
    );
    this.addSql(`create index "admin_unit_name_folded_index" on "admin_unit" ("name_folded");`);
    this.addSql(`create index "admin_unit_geom_gist" on "admin_unit" using gist ("geom");`);
    this.addSql(`create index "admin_unit_valid_from_valid_to_index" on "admin_unit" ("valid_from", "valid_to");`);
    this.addSql(`alter table "admin_unit" add constraint "admin_unit_code_valid_from_unique" unique ("code", "valid_from");`);
    this.addSql(
      `create table "covid_team" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "name" varchar(300) not null, "members" smallint not null, "formed_on" date not null, "disbanded_on" date null);`,
    );
    this.addSql(`create index "covid_team_unit_id_index" on "covid_team" ("unit_id");`);
    this.addSql(`create index "covid_team_atom_id_index" on "covid_team" ("atom_id");`);
    this.addSql(`create index "covid_team_formed_on_index" on "covid_team" ("formed_on");`);
    this.addSql(
      `create table "community_education_case" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "reference" varchar(40) not null, "placed_on" date not null, "released_on" date null, "outcome" "case_outcome" null);`,
    );
    this.addSql(`create index "community_education_case_unit_id_index" on "community_education_case" ("unit_id");`);
    this.addSql(`create index "community_education_case_atom_id_index" on "community_education_case" ("atom_id");`);
    this.addSql(`create index "community_education_case_reference_index" on "community_education_case" ("reference");`);
    this.addSql(`create index "community_education_case_placed_on_index" on "community_education_case" ("placed_on");`);
    this.addSql(`create index "community_education_case_released_on_index" on "community_education_case" ("released_on");`);
    this.addSql(
      `create table "admin_unit_atom" ("unit_id" int not null, "atom_id" varchar(16) not null, constraint "admin_unit_atom_pkey" primary key ("unit_id", "atom_id"));`,
    );
    this.addSql(`create index "admin_unit_atom_atom_id_index" on "admin_unit_atom" ("atom_id");`);
    this.addSql(
      `create table "heritage_site" ("id" serial primary key, "name" varchar(200) not null, "address" varchar(300) not null, "coordinate_source" varchar(300) not null, "location" geometry(Point,4326) not null);`,
    );
    this.addSql(
      `create table "household_commitment" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "year" smallint not null, "topic" "commitment_topic" not null, "households" int not null, "committed" int not null);`,
    );
    this.addSql(`create index "household_commitment_unit_id_index" on "household_commitment" ("unit_id");`);
    this.addSql(`create index "household_commitment_atom_id_index" on "household_commitment" ("atom_id");`);
    this.addSql(`create index "household_commitment_year_index" on "household_commitment" ("year");`);
    this.addSql(
      `create table "lineage_event" ("id" serial primary key, "event_date" date not null, "kind" "lineage_event_kind" not null, "from_code" varchar(10) not null, "from_name" varchar(100) not null, "to_code" varchar(10) not null, "to_name" varchar(100) not null, "legal_basis" text not null, "evidence" text not null);`,
    );
    this.addSql(`create index "lineage_event_to_code_event_date_index" on "lineage_event" ("to_code", "event_date");`);
    this.addSql(`create index "lineage_event_from_code_event_date_index" on "lineage_event" ("from_code", "event_date");`);
    this.addSql(
      `create table "outreach_activity" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "kind" "outreach_kind" not null, "held_on" date not null, "quantity" int not null default 1, "attendance" int null, "topic" varchar(300) not null);`,
    );
    this.addSql(`create index "outreach_activity_unit_id_index" on "outreach_activity" ("unit_id");`);
    this.addSql(`create index "outreach_activity_atom_id_index" on "outreach_activity" ("atom_id");`);
    this.addSql(`create index "outreach_activity_held_on_index" on "outreach_activity" ("held_on");`);
    this.addSql(
      `create table "report_mailbox" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "host" "mailbox_host" not null, "installed_on" date not null, "removed_on" date null, "location" geometry(Point,4326) not null);`,
    );
    this.addSql(`create index "report_mailbox_unit_id_index" on "report_mailbox" ("unit_id");`);
    this.addSql(`create index "report_mailbox_atom_id_index" on "report_mailbox" ("atom_id");`);
    this.addSql(`create index "report_mailbox_installed_on_index" on "report_mailbox" ("installed_on");`);
    this.addSql(`create index "report_mailbox_location_gist" on "report_mailbox" using gist ("location");`);
    this.addSql(
      `create table "security_model" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "name" varchar(300) not null, "kind" "model_kind" not null, "host" "model_host" not null, "organisations" "organisation"[] not null, "established_on" date not null, "dissolved_on" date null, "exemplary" boolean not null default false, "location" geometry(Geometry,4326) null);`,
    );
    this.addSql(`create index "security_model_unit_id_index" on "security_model" ("unit_id");`);
    this.addSql(`create index "security_model_atom_id_index" on "security_model" ("atom_id");`);
    this.addSql(`create index "security_model_established_on_index" on "security_model" ("established_on");`);
    this.addSql(`create index "security_model_location_gist" on "security_model" using gist ("location");`);
    this.addSql(
      `create table "commendation" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "recipient_kind" "recipient_kind" not null, "recipient_name" varchar(300) not null, "awarding_body" varchar(200) not null, "form" "commendation_form" not null, "awarded_on" date not null, "reason" text not null, "model_id" int null);`,
    );
    this.addSql(`create index "commendation_unit_id_index" on "commendation" ("unit_id");`);
    this.addSql(`create index "commendation_atom_id_index" on "commendation" ("atom_id");`);
    this.addSql(`create index "commendation_awarded_on_index" on "commendation" ("awarded_on");`);
    this.addSql(
      `create table "camera_site" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "name" varchar(300) not null, "camera_count" smallint not null default 1, "model_id" int null, "installed_on" date not null, "removed_on" date null, "location" geometry(Point,4326) not null);`,
    );
    this.addSql(`create index "camera_site_unit_id_index" on "camera_site" ("unit_id");`);
    this.addSql(`create index "camera_site_atom_id_index" on "camera_site" ("atom_id");`);
    this.addSql(`create index "camera_site_model_id_index" on "camera_site" ("model_id");`);
    this.addSql(`create index "camera_site_installed_on_index" on "camera_site" ("installed_on");`);
    this.addSql(`create index "camera_site_location_gist" on "camera_site" using gist ("location");`);
    this.addSql(
      `create table "seizure" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "seized_on" date not null, "item" "seizure_item" not null, "quantity" numeric(12,3) not null, "measure" "measure_unit" not null);`,
    );
    this.addSql(`create index "seizure_unit_id_index" on "seizure" ("unit_id");`);
    this.addSql(`create index "seizure_atom_id_index" on "seizure" ("atom_id");`);
    this.addSql(`create index "seizure_seized_on_index" on "seizure" ("seized_on");`);
    this.addSql(
      `create table "valuable_tip" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "received_on" date not null, "channel" "tip_channel" not null, "mailbox_id" int null);`,
    );
    this.addSql(`create index "valuable_tip_unit_id_index" on "valuable_tip" ("unit_id");`);
    this.addSql(`create index "valuable_tip_atom_id_index" on "valuable_tip" ("atom_id");`);
    this.addSql(`create index "valuable_tip_received_on_index" on "valuable_tip" ("received_on");`);
    this.addSql(
      `create table "incident" ("id" serial primary key, "unit_id" int not null, "atom_id" varchar(16) not null, "sample" boolean not null default false, "created_at" timestamptz not null default now(), "uncovered_on" date not null, "category" "incident_category" not null, "tip_id" int null);`,
    );
    this.addSql(`create index "incident_unit_id_index" on "incident" ("unit_id");`);
    this.addSql(`create index "incident_atom_id_index" on "incident" ("atom_id");`);
    this.addSql(`create index "incident_uncovered_on_index" on "incident" ("uncovered_on");`);
    this.addSql(
      `alter table "admin_unit" add constraint "admin_unit_seat_atom_id_foreign" foreign key ("seat_atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "covid_team" add constraint "covid_team_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(`alter table "covid_team" add constraint "covid_team_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`);
    this.addSql(
      `alter table "community_education_case" add constraint "community_education_case_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "community_education_case" add constraint "community_education_case_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "admin_unit_atom" add constraint "admin_unit_atom_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "admin_unit_atom" add constraint "admin_unit_atom_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "household_commitment" add constraint "household_commitment_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "household_commitment" add constraint "household_commitment_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "outreach_activity" add constraint "outreach_activity_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "outreach_activity" add constraint "outreach_activity_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "report_mailbox" add constraint "report_mailbox_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "report_mailbox" add constraint "report_mailbox_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "security_model" add constraint "security_model_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "security_model" add constraint "security_model_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "commendation" add constraint "commendation_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "commendation" add constraint "commendation_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "commendation" add constraint "commendation_model_id_foreign" foreign key ("model_id") references "security_model" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "camera_site" add constraint "camera_site_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "camera_site" add constraint "camera_site_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "camera_site" add constraint "camera_site_model_id_foreign" foreign key ("model_id") references "security_model" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`alter table "seizure" add constraint "seizure_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`);
    this.addSql(`alter table "seizure" add constraint "seizure_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`);
    this.addSql(
      `alter table "valuable_tip" add constraint "valuable_tip_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "valuable_tip" add constraint "valuable_tip_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "valuable_tip" add constraint "valuable_tip_mailbox_id_foreign" foreign key ("mailbox_id") references "report_mailbox" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`alter table "incident" add constraint "incident_unit_id_foreign" foreign key ("unit_id") references "admin_unit" ("id") on update cascade;`);
    this.addSql(`alter table "incident" add constraint "incident_atom_id_foreign" foreign key ("atom_id") references "geo_atom" ("id") on update cascade;`);
    this.addSql(
      `alter table "incident" add constraint "incident_tip_id_foreign" foreign key ("tip_id") references "valuable_tip" ("id") on update cascade on delete set null;`,
    );
    // The outbox row is written by the database in the writing transaction, so no code path can forget it.
    this.addSql(`create function record_change() returns trigger language plpgsql as $$
declare
  r record;
begin
  if tg_op = 'DELETE' then r := old; else r := new; end if;
  insert into "change" ("entity", "entity_id", "operation", "unit_id") values (tg_table_name, r.id, lower(tg_op), r.unit_id);
  return null;
end $$;`);
    for (const table of factTables) {
      this.addSql(`create trigger "${table}_record_change" after insert or update or delete on "${table}" for each row execute function record_change();`);
    }
  }
}
