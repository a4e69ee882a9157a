import { runSql, type Knex } from '@anbinh/db';
import type { MeasureId } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import { recordTypes } from '../records/catalogue';
import { columnOf } from '../records/fields';
import type { RecordType } from '../records/record-type';

/**
 * Where each measure comes from. `span` records count when active at some time
 * in the period; `on` records when dated in it. `date` is what YEAR/MONTH group
 * by (for spans, the day it began) and `kind` what KIND groups by.
 */
interface MeasureSource {
  table: string;
  /** Counted by the pieces of a route in each atom (record_piece, as `p`), not by the record's own atom. */
  pieces?: boolean;
  value: string;
  condition?: string;
  span?: [start: string, end: string];
  on?: string;
  date: string;
  kind?: string;
}

const builtInSources: Record<MeasureId, MeasureSource> = {
  selfManagementModels: {
    table: 'security_model',
    value: 'count(*)',
    span: ['r.established_on', 'r.dissolved_on'],
    date: 'r.established_on',
    kind: 'r.kind::text',
  },
  crimeReportMailboxes: { table: 'report_mailbox', value: 'count(*)', span: ['r.installed_on', 'r.removed_on'], date: 'r.installed_on', kind: 'r.host::text' },
  cameraSites: { table: 'camera_site', value: 'count(*)', span: ['r.installed_on', 'r.removed_on'], date: 'r.installed_on' },
  communityCovidTeams: { table: 'covid_team', value: 'count(*)', span: ['r.formed_on', 'r.disbanded_on'], date: 'r.formed_on' },
  commendations: { table: 'commendation', value: 'count(*)', on: 'r.awarded_on', date: 'r.awarded_on', kind: 'r.form::text' },
  outreachSessions: { table: 'outreach_activity', value: 'sum(r.quantity)', condition: `r.kind = 'SESSION'`, on: 'r.held_on', date: 'r.held_on' },
  outreachAttendances: { table: 'outreach_activity', value: 'sum(r.attendance)', condition: `r.kind = 'SESSION'`, on: 'r.held_on', date: 'r.held_on' },
  valuableTips: { table: 'valuable_tip', value: 'count(*)', on: 'r.received_on', date: 'r.received_on', kind: 'r.channel::text' },
  incidentsUncovered: { table: 'incident', value: 'count(*)', on: 'r.uncovered_on', date: 'r.uncovered_on', kind: 'r.category::text' },
  peopleUnderCommunityEducation: { table: 'community_education_case', value: 'count(*)', on: 'r.placed_on', date: 'r.placed_on' },
  // Under community education at some time in the period: still under it when it began, or placed during it.
  peopleInCommunityEducation: { table: 'community_education_case', value: 'count(*)', span: ['r.placed_on', 'r.released_on'], date: 'r.placed_on' },
  peopleProgressed: { table: 'community_education_case', value: 'count(*)', condition: `r.outcome = 'PROGRESSED'`, on: 'r.released_on', date: 'r.released_on' },
  householdsCommitted: {
    table: 'household_commitment',
    value: 'sum(r.committed)',
    span: ['make_date(r.year, 1, 1)', 'make_date(r.year, 12, 31)'],
    date: 'make_date(r.year, 1, 1)',
    kind: 'r.topic::text',
  },
  households: {
    table: 'household_commitment',
    value: 'sum(r.households)',
    span: ['make_date(r.year, 1, 1)', 'make_date(r.year, 12, 31)'],
    date: 'make_date(r.year, 1, 1)',
    kind: 'r.topic::text',
  },
};

/** A measure a record type declares, as SQL over its table. */
function declaredSource(type: RecordType, measure: RecordType['measures'][string]): MeasureSource {
  const column = (field: string) => `r.${columnOf(field, type.fields[field])}`;
  const period = type.kind.period;
  const [start, end] = 'on' in period ? [period.on, undefined] : [period.from, period.to];
  return {
    table: type.kind.table,
    pieces: measure.value === 'kilometres',
    value: measure.value === 'count' ? 'count(*)' : measure.value === 'kilometres' ? 'sum(p.metres) / 1000' : `sum(${column(measure.value.sum)})`,
    ...(end === undefined ? { on: start } : { span: [start, end] as [string, string] }),
    date: start,
    kind: measure.kind && `${column(measure.kind)}::text`,
  };
}

/** Every measure: the catalogue's own, then those the record types declare. */
let known: { types: number; sources: Record<MeasureId, MeasureSource> } | undefined;
function sources(): Record<MeasureId, MeasureSource> {
  // Built once every record type is declared (the catalogue fills as the features load), not on every read.
  if (known?.types !== recordTypes.length) {
    const declared = recordTypes.flatMap((type) => Object.entries(type.measures).map(([id, m]) => [id, declaredSource(type, m)] as const));
    known = { types: recordTypes.length, sources: { ...builtInSources, ...Object.fromEntries(declared) } };
  }
  return known.sources;
}

/** The measure's source, or a sentence naming the known ones. */
function sourceOf(measure: MeasureId): MeasureSource {
  const all = sources();
  const source = all[measure];
  if (!source) throw userError(`There is no measure "${measure}". Known measures: ${Object.keys(all).join(', ')}.`);
  return source;
}

export const measureIds = (): MeasureId[] => Object.keys(sources());

/** The tables measures are counted from: a change to one may change them. */
export function measureTables(measures: readonly MeasureId[]): string[] {
  return [...new Set(measures.map((m) => sourceOf(m).table))];
}

export function measureHasKind(measure: MeasureId): boolean {
  return sourceOf(measure).kind !== undefined;
}

/** The rows a measure counts, each with the atom it counts in (`atom`): a route once per atom it crosses. */
function rowsOf(s: MeasureSource): string {
  return s.pieces ? `${s.table} r join record_piece p on p.record_table = '${s.table}' and p.record_id = r.id` : `${s.table} r`;
}
const atomOf = (s: MeasureSource) => (s.pieces ? 'p.atom_id' : 'r.atom_id');

export interface Period {
  from: string;
  to: string;
}

/** Whether a record counts in the period from `from` to `to` (SQL date expressions). */
function inPeriod(source: MeasureSource, from = ':from', to = ':to'): string {
  if (source.span) return `${source.span[0]} <= ${to} and (${source.span[1]} is null or ${source.span[1]} >= ${from})`;
  return `${source.on} between ${from} and ${to}`;
}

/** A unit version and the atoms of its territory (from the gazetteer). */
export interface MeasuredUnit {
  id: number;
  atoms: readonly string[];
}

/**
 * Every requested measure for every unit version, in one statement: each fact
 * lies in one atom, so the facts are summed per atom in SQL (a range scan of
 * the period) and a unit's value is the sum over the atoms of its territory,
 * whichever division the fact was recorded in. For many units (a country's
 * communes) that is one pass over the period's facts, where joining units to
 * atoms in SQL cost a nested loop per atom; for a few, only their atoms are read.
 */
export async function measureValues<M extends MeasureId>(
  knex: Knex,
  measures: M[],
  units: readonly MeasuredUnit[],
  period: Period,
): Promise<Map<number, Record<M, number>>> {
  const wanted = [...new Set(measures)];
  const atoms = [...new Set(units.flatMap((u) => u.atoms))];
  // A long list of atoms costs more to plan than scanning the period's facts.
  const few = atoms.length <= 50;
  const parts = wanted.map((m, i) => {
    const s = sourceOf(m);
    return `select ${i} as m, ${atomOf(s)} as atom_id, (${s.value})::float8 as v from ${rowsOf(s)}
      where ${inPeriod(s)}${s.condition ? ` and ${s.condition}` : ''}${few ? ` and ${atomOf(s)} = any(:atoms)` : ''} group by 2`;
  });
  const perAtom = wanted.map(() => new Map<string, number>());
  if (parts.length > 0 && atoms.length > 0) {
    const { rows } = await runSql(knex, parts.join('\nunion all\n'), { ...period, ...(few ? { atoms } : {}) });
    for (const r of rows as { m: number; atom_id: string; v: number }[]) perAtom[r.m].set(r.atom_id, r.v);
  }
  return new Map(
    units.map((u) => [
      u.id,
      Object.fromEntries(wanted.map((m, i) => [m, u.atoms.reduce((sum, atom) => sum + (perAtom[i].get(atom) ?? 0), 0)])) as Record<M, number>,
    ]),
  );
}

/**
 * Measures for units, each calendar year from `first` to `last` as its own
 * period (a span counts in every year it was active), in one statement: the
 * yearly figures of a trend, on the same definitions as `measureValues`.
 */
export async function yearlyMeasureValues<M extends MeasureId>(
  knex: Knex,
  measures: M[],
  units: readonly MeasuredUnit[],
  first: number,
  last: number,
): Promise<Map<number, Map<number, Record<M, number>>>> {
  const wanted = [...new Set(measures)];
  const atoms = [...new Set(units.flatMap((u) => u.atoms))];
  const perAtom = wanted.map(() => new Map<string, number>());
  if (wanted.length > 0 && atoms.length > 0 && first <= last) {
    const parts = wanted.map((m, i) => {
      const s = sourceOf(m);
      return `select ${i} as m, y.year, ${atomOf(s)} as atom_id, (${s.value})::float8 as v from ${rowsOf(s)}
        join generate_series(:first::int, :last::int) as y(year) on ${inPeriod(s, 'make_date(y.year, 1, 1)', 'make_date(y.year, 12, 31)')}
        where ${atomOf(s)} = any(:atoms)${s.condition ? ` and ${s.condition}` : ''} group by 2, 3`;
    });
    const { rows } = await runSql(knex, parts.join('\nunion all\n'), { first, last, atoms });
    for (const r of rows as { m: number; year: number; atom_id: string; v: number }[]) perAtom[r.m].set(`${r.year}|${r.atom_id}`, r.v);
  }
  const years = Array.from({ length: Math.max(last - first + 1, 0) }, (_, i) => first + i);
  return new Map(
    units.map((u) => [
      u.id,
      new Map(
        years.map((year) => [
          year,
          Object.fromEntries(wanted.map((m, i) => [m, u.atoms.reduce((sum, atom) => sum + (perAtom[i].get(`${year}|${atom}`) ?? 0), 0)])) as Record<M, number>,
        ]),
      ),
    ]),
  );
}

export type GroupKey = 'UNIT' | 'YEAR' | 'MONTH' | 'KIND';

/** A measure grouped by unit (of the given versions), year, month and/or kind, in one statement. */
export async function groupedMeasure(knex: Knex, measure: MeasureId, groupBy: GroupKey[], unitIds: number[], period: Period) {
  const s = sourceOf(measure);
  const keys: Record<GroupKey, string> = {
    UNIT: 'ua.unit_id',
    YEAR: `extract(year from ${s.date})::int`,
    MONTH: `extract(month from ${s.date})::int`,
    KIND: s.kind ?? 'null',
  };
  const names: Record<GroupKey, string> = { UNIT: 'unitId', YEAR: 'year', MONTH: 'month', KIND: 'kind' };
  const select = groupBy.map((g) => `${keys[g]} as "${names[g]}"`);
  // Spans grouped by date count where they began; events where they happened, within the period.
  const periodCondition = groupBy.some((g) => g === 'YEAR' || g === 'MONTH') ? `${s.date} between :from and :to` : inPeriod(s);
  const { rows } = await runSql(
    knex,
    `with ua as (select unit_id, atom_id from admin_unit_atom where unit_id = any(:units))
     select ${[...select, `(${s.value})::float8 as value`].join(', ')}
     from ${rowsOf(s)} join ua on ua.atom_id = ${atomOf(s)}
     where ${periodCondition}${s.condition ? ` and ${s.condition}` : ''}
     group by ${groupBy.length ? groupBy.map((_, i) => i + 1).join(', ') : '()'}
     order by ${groupBy.length ? groupBy.map((_, i) => i + 1).join(', ') : '1'}`,
    { units: unitIds, ...period },
  );
  return rows as { unitId?: number; year?: number; month?: number; kind?: string; value: number }[];
}

/** The first and last year any of these measures has a record dated in (null when there are none). */
export async function measureYears(knex: Knex, measures: readonly MeasureId[]): Promise<{ first: number; last: number } | null> {
  const parts = [...new Set(measures)].map((m) => {
    const s = sourceOf(m);
    const end = s.span ? `coalesce(${s.span[1]}, ${s.date})` : s.date;
    return `select min(${s.date}) as first, max(${end}) as last from ${s.table} r${s.condition ? ` where ${s.condition}` : ''}`;
  });
  const { rows } = await runSql(
    knex,
    `select extract(year from min(first))::int as first, extract(year from max(last))::int as last from (${parts.join('\nunion all\n')}) t`,
    {},
  );
  const row = rows[0] as { first: number | null; last: number | null };
  return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
}
