import { Migration } from '@mikro-orm/migrations';

/** Date columns that order each record type, as their own index name, table and column. */
const dated = [
  ['security_model', 'established_on'],
  ['camera_site', 'installed_on'],
  ['report_mailbox', 'installed_on'],
  ['covid_team', 'formed_on'],
  ['outreach_activity', 'held_on'],
  ['valuable_tip', 'received_on'],
  ['incident', 'uncovered_on'],
  ['seizure', 'seized_on'],
  ['community_education_case', 'placed_on'],
  ['commendation', 'awarded_on'],
] as const;

/** Name columns that NAME_ASC sorts by, compared bytewise (collate "C") as the API's ORDER BY does. */
const named = [
  ['security_model', 'name'],
  ['camera_site', 'name'],
  ['covid_team', 'name'],
  ['outreach_activity', 'topic'],
  ['commendation', 'recipient_name'],
] as const;

/**
 * Keyset pages read `(date, id) < (cursor's date, cursor's id)` in the listing's order:
 * an index on both columns finds the page start at once and reads the page in order,
 * whatever the depth. The (date) indexes they replace served nothing these do not.
 */
export class Migration20261207150000KeysetIndexes extends Migration {
  override async up(): Promise<void> {
    for (const [table, column] of dated) {
      this.addSql(`drop index "${table}_${column}_index";`);
      this.addSql(`create index "${table}_${column}_id_index" on "${table}" ("${column}", "id");`);
    }
    for (const [table, column] of named) this.addSql(`create index "${table}_${column}_c_id_index" on "${table}" ("${column}" collate "C", "id");`);
    this.addSql(`create index "household_commitment_year_start_id_index" on "household_commitment" (make_date("year", 1, 1), "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "household_commitment_year_start_id_index";`);
    for (const [table, column] of named) this.addSql(`drop index "${table}_${column}_c_id_index";`);
    for (const [table, column] of dated) {
      this.addSql(`drop index "${table}_${column}_id_index";`);
      this.addSql(`create index "${table}_${column}_index" on "${table}" ("${column}");`);
    }
  }
}
