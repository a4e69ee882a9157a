import { Migration } from '@mikro-orm/migrations';

/** Trusted documents: the reviewed GraphQL documents a partner's `docs: trusted` token may run, by hash. */
export class Migration20261207230000TrustedDocuments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "trusted_document" ("hash" varchar(64) not null, "name" varchar(200) not null, "document" text not null, "registered_by" varchar(200) not null, "registered_at" timestamptz not null default now(), constraint "trusted_document_pkey" primary key ("hash"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "trusted_document";`);
  }
}
