import { runSql, type Knex } from '@anbinh/db';
import { SeizureItem, seizureMeasure } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import type { Reader } from '../records/record';
import type { Context } from '../graphql/context';
import { withholding } from '../access/disclosure';
import type { MovementReport } from './report.type';

/** The first and last year any fact was recorded in. */
export async function dataYears(knex: Knex): Promise<{ first: number; last: number } | null> {
  const { rows } = await runSql(
    knex,
    `
    select extract(year from min(d))::int as first, extract(year from max(d))::int as last from (
      select min(established_on) as d from security_model union all select max(coalesce(dissolved_on, established_on)) from security_model
      union all select min(installed_on) from report_mailbox union all select max(installed_on) from report_mailbox
      union all select min(placed_on) from community_education_case union all select max(coalesce(released_on, placed_on)) from community_education_case
      union all select min(awarded_on) from commendation union all select max(awarded_on) from commendation
      union all select make_date(min(year), 1, 1) from household_commitment union all select make_date(max(year), 12, 31) from household_commitment
    ) dates`,
  );
  return rows[0].first === null ? null : rows[0];
}

/**
 * A year's figures for a unit. Each fact lies in one atom of territory, so
 * counting the facts whose atom belongs to the unit rolls them along lineage
 * whichever division they were recorded in.
 */
export async function movementReport(
  ctx: Reader & Pick<Context, 'viewer' | 'freshness'>,
  year: number,
  unitCode?: string,
  asOf?: string,
): Promise<MovementReport> {
  const { knex, gazetteer } = ctx;
  const years = await dataYears(knex);
  if (!years || year < years.first || year > years.last) {
    throw userError(
      years
        ? `There is no data for ${year}: the hub holds data for ${years.first}–${years.last}.`
        : 'The hub holds no data yet: load the sample with `pnpm db:seed` or record some.',
    );
  }
  const unit = gazetteer.forPeriod(unitCode, { asOf, from: `${year}-01-01`, to: `${year}-12-31` });
  const unitId = unit.versionId;
  const params = { unitId, start: `${year}-01-01`, end: `${year}-12-31`, year };
  const inUnit = `atom_id in (select atom_id from admin_unit_atom where unit_id = :unitId)`;
  const activeDuring = (from: string, to: string) => `${from} <= :end and (${to} is null or ${to} >= :start)`;
  const { rows } = await runSql(
    knex,
    `select
       (select count(*) from security_model where ${inUnit} and ${activeDuring('established_on', 'dissolved_on')})::int as "selfManagementModels",
       (select count(*) from report_mailbox where ${inUnit} and ${activeDuring('installed_on', 'removed_on')})::int as "crimeReportMailboxes",
       (select count(*) from covid_team where ${inUnit} and ${activeDuring('formed_on', 'disbanded_on')})::int as "communityCovidTeams",
       (select coalesce(sum(quantity) filter (where kind = 'SESSION'), 0) from outreach_activity where ${inUnit} and held_on between :start and :end)::int as "outreachSessions",
       (select coalesce(sum(attendance) filter (where kind = 'SESSION'), 0) from outreach_activity where ${inUnit} and held_on between :start and :end)::int as "outreachAttendances",
       (select coalesce(sum(quantity) filter (where kind = 'POSTERS_AND_BANNERS'), 0) from outreach_activity where ${inUnit} and held_on between :start and :end)::int as "postersAndBanners",
       (select coalesce(sum(quantity) filter (where kind = 'LEAFLETS'), 0) from outreach_activity where ${inUnit} and held_on between :start and :end)::int as "leaflets",
       (select coalesce(sum(quantity) filter (where kind = 'MEDIA_REPORT'), 0) from outreach_activity where ${inUnit} and held_on between :start and :end)::int as "mediaReports",
       (select count(*) from valuable_tip where ${inUnit} and received_on between :start and :end)::int as "valuableTips",
       (select count(*) from incident where ${inUnit} and uncovered_on between :start and :end)::int as "incidentsUncovered",
       (select count(*) from community_education_case where ${inUnit} and placed_on between :start and :end)::int as "peopleUnderCommunityEducation",
       (select count(*) from community_education_case where ${inUnit} and released_on between :start and :end and outcome = 'PROGRESSED')::int as "peopleProgressed",
       (select sum(committed)::float8 / nullif(sum(households), 0) from household_commitment where ${inUnit} and year = :year) as "householdCommitmentRate"`,
    params,
  );
  const seized = await runSql(
    knex,
    `select item, sum(quantity)::float8 as quantity from seizure where ${inUnit} and seized_on between :start and :end group by item`,
    params,
  );
  const byItem = new Map((seized.rows as { item: SeizureItem; quantity: number }[]).map((r) => [r.item, r.quantity]));
  const seizures = Object.values(SeizureItem).map((item) => ({ item, quantity: byItem.get(item) ?? 0, unit: seizureMeasure[item] }));
  const row = rows[0];
  const withheld = (await withholding(ctx, [unit], { from: params.start, to: params.end })).get(unitId) !== null;
  return { ...row, seizures, ...(withheld ? { peopleUnderCommunityEducation: null, peopleProgressed: null } : {}) };
}
