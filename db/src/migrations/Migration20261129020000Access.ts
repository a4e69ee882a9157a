import { Migration } from '@mikro-orm/migrations';

/** Local users (for hubs without an identity provider) and the append-only audit log of writes. */
export class Migration20261129020000Access extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "app_user" ("id" serial primary key, "username" varchar(80) not null, "display_name" varchar(200) not null, "role" varchar(20) not null, "units" text[] not null default '{}', "password_hash" varchar(200) not null, "disabled" boolean not null default false, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(
      `create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor" varchar(200) not null, "role" varchar(20) not null, "address" varchar(64) null, "action" varchar(60) not null, "entity" varchar(40) not null, "entity_id" int null, "before" jsonb null, "after" jsonb null);`,
    );
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_actor_index" on "audit_entry" ("actor");`);
    this.addSql(`create index "audit_entry_entity_index" on "audit_entry" ("entity");`);
    // The log is append-only even for code that bypasses the API: the database itself refuses edits.
    this.addSql(`create function refuse_audit_edit() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only' using errcode = 'insufficient_privilege'; end $$;`);
    this.addSql(`create trigger "audit_entry_append_only" before update or delete on "audit_entry" for each row execute function refuse_audit_edit();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table "audit_entry";');
    this.addSql('drop function refuse_audit_edit();');
    this.addSql('drop table "app_user";');
  }
}
