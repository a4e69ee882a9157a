import { Migration } from '@mikro-orm/migrations';
import { factTables } from './Migration20261129000000Foundation';

/** A version number on every fact, raised by each update, so a stale edit is refused instead of overwriting another. */
export class Migration20261129030000Versions extends Migration {
  override async up(): Promise<void> {
    for (const table of factTables) this.addSql(`alter table "${table}" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    for (const table of factTables) this.addSql(`alter table "${table}" drop column "version";`);
  }
}
