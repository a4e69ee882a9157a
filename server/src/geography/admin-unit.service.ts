import DataLoader from 'dataloader';
import { runSql, type Knex } from '@anbinh/db';
import { foldedUnitPrefixes, foldVietnamese, geographyStart, UnitLevel } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import { toGlobalId } from '../graphql/node';
import { pageWindow, toConnection, type PageArgs } from '../graphql/pagination';
import { AdminUnitNode } from './admin-unit.type';

export const unitColumns = `u.id, u.code, u.name, u.level, u.kind, u.parent_code, u.valid_from::text as valid_from,
  u.valid_to::text as valid_to, u.area_km2`;

export interface UnitRow {
  id: number; code: string; name: string; level: UnitLevel; kind: AdminUnitNode['kind'];
  parent_code: string | null; valid_from: string; valid_to: string | null; area_km2: number | null;
}

export function toNode(row: UnitRow): AdminUnitNode {
  return Object.assign(new AdminUnitNode(), {
    id: toGlobalId('AdminUnit', row.id), versionId: row.id, code: row.code, name: row.name, level: row.level, kind: row.kind, parentCode: row.parent_code,
    validFrom: row.valid_from, validTo: row.valid_to, areaKm2: row.area_km2,
  });
}

/** Refuses a date the hub has no geography for. */
export function checkAsOf(asOf: string | undefined): void {
  if (asOf !== undefined && asOf < geographyStart) {
    throw userError(`The hub's geography starts on ${geographyStart}; ask for a date on or after it.`);
  }
}

const inForce = `(u.valid_from <= :asOf and (u.valid_to is null or u.valid_to > :asOf))`;

/** Units whose own name, or the name of a unit that became part of them, matches the folded search at a word start. */
export async function searchUnits(knex: Knex, args: { search?: string; level?: UnitLevel; asOf?: string; page: PageArgs }) {
  checkAsOf(args.asOf);
  const folded = args.search === undefined ? '' : foldVietnamese(args.search);
  const pattern = `% ${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const params = { folded, pattern, prefixes: `^(${foldedUnitPrefixes.join('|')}) `, level: args.level ?? null, asOf: args.asOf ?? null };
  const matched = `
    with matched as (
      select ${unitColumns},
             case when :folded = '' then 0
                  when regexp_replace(u.name_folded, :prefixes, '') = :folded then 0
                  when ' ' || u.name_folded like :pattern then 1
                  else 2 end as rank
      from admin_unit u
      where (:level::unit_level is null or u.level = :level::unit_level)
        and (:asOf::date is null or ${inForce})
        and (:folded = '' or ' ' || u.name_folded like :pattern or exists (
              select 1 from admin_unit p
              join admin_unit_atom pa on pa.unit_id = p.id
              join admin_unit_atom ua on ua.atom_id = pa.atom_id and ua.unit_id = u.id
              where p.level = u.level and p.valid_to <= u.valid_from and ' ' || p.name_folded like :pattern))
    )`;
  const counted = await runSql(knex, `${matched} select count(*)::int as total from matched`, params);
  const total: number = counted.rows[0].total;
  const { limit, offset } = pageWindow(args.page, total);
  const { rows } = await runSql(knex, 
    `${matched} select * from matched
     order by rank, array_position(array['PROVINCE','DISTRICT','COMMUNE']::unit_level[], level), name, valid_from desc, id
     limit :limit offset :offset`,
    { ...params, limit, offset },
  );
  return toConnection((rows as UnitRow[]).map(toNode), offset, total);
}

/** The version of `code` in force on `asOf`, or its latest version without a date. */
export async function findUnit(knex: Knex, code: string, asOf?: string): Promise<AdminUnitNode> {
  checkAsOf(asOf);
  const { rows } = await runSql(knex, `select ${unitColumns} from admin_unit u where u.code = :code order by u.valid_from`, { code });
  const versions = (rows as UnitRow[]).map(toNode);
  if (versions.length === 0) {
    throw userError(`No administrative unit has the code "${code}". Find a unit's code with adminUnits(search: "its name").`);
  }
  if (asOf === undefined) return versions[versions.length - 1];
  const match = versions.find((v) => v.validFrom <= asOf && (v.validTo === null || asOf < v.validTo));
  if (!match) {
    const spans = versions.map((v) => `${v.name} from ${v.validFrom}${v.validTo ? ` to ${v.validTo}` : ''}`).join('; ');
    throw userError(`Unit ${code} was not in force on ${asOf} (${spans}). Ask for a date in that span, or look at its successors.`);
  }
  return match;
}

/**
 * The version of a code that a period's figures are read on: the one in force on
 * `asOf` if given; else the latest in force during [from, to]; else the nearest
 * in time. Without a code, the province.
 */
export async function unitForPeriod(knex: Knex, code: string | undefined, period: { asOf?: string; from?: string; to?: string }): Promise<AdminUnitNode> {
  const { asOf, from = geographyStart, to = '9999-12-31' } = period;
  if (asOf !== undefined && code !== undefined) return findUnit(knex, code, asOf);
  checkAsOf(asOf);
  const { rows } = await runSql(knex, 
    `select ${unitColumns} from admin_unit u where ${code === undefined ? `u.level = 'PROVINCE'` : 'u.code = :code'} order by u.valid_from`,
    { code: code ?? null },
  );
  const versions = (rows as UnitRow[]).map(toNode);
  if (versions.length === 0) throw userError(`No administrative unit has the code "${code}". Find a unit's code with adminUnits(search: "its name").`);
  const inForce = (v: AdminUnitNode, day: string) => v.validFrom <= day && (v.validTo === null || day < v.validTo);
  const onAsOf = asOf === undefined ? undefined : versions.find((v) => inForce(v, asOf));
  if (onAsOf) return onAsOf;
  const during = versions.filter((v) => v.validFrom <= to && (v.validTo === null || v.validTo > from));
  if (during.length > 0) return during[during.length - 1];
  return versions[0].validFrom > to ? versions[0] : versions[versions.length - 1];
}

/** The units of a level in force on a date, optionally only those whose seat lies in another unit's territory. */
export async function unitsOfLevel(knex: Knex, level: UnitLevel, asOf: string, withinUnitId?: number): Promise<AdminUnitNode[]> {
  checkAsOf(asOf);
  const { rows } = await runSql(knex, 
    `select ${unitColumns} from admin_unit u
     where u.level = :level and ${inForce}
       and (:scope::int is null or u.seat_atom_id in (select atom_id from admin_unit_atom where unit_id = :scope))
     order by u.code`,
    { level, asOf, scope: withinUnitId ?? null },
  );
  return (rows as UnitRow[]).map(toNode);
}

/** Batching loaders for the fields every unit can ask for, so a page of units costs one query per field. */
export function createGeographyLoaders(knex: Knex) {
  const related = (sql: string) =>
    new DataLoader<number, AdminUnitNode[]>(async (ids) => {
      const { rows } = await runSql(knex, sql, { ids: [...ids] });
      const bySource = new Map<number, AdminUnitNode[]>();
      for (const row of rows as (UnitRow & { source_id: number })[]) {
        bySource.set(row.source_id, [...(bySource.get(row.source_id) ?? []), toNode(row)]);
      }
      return ids.map((id) => bySource.get(id) ?? []);
    });
  // Units of the same level sharing territory across the boundary date: the lineage, read from the atoms.
  const acrossBoundary = (boundary: string) => `
    select distinct s.id as source_id, ${unitColumns}
    from admin_unit s
    join admin_unit_atom sa on sa.unit_id = s.id
    join admin_unit_atom ua on ua.atom_id = sa.atom_id
    join admin_unit u on u.id = ua.unit_id and u.level = s.level and ${boundary}
    where s.id = any(:ids)
    order by s.id, u.name`;
  const byKey = <K extends string | number>(sql: string, bindings: (keys: readonly K[]) => Record<string, unknown>) =>
    new DataLoader<K, AdminUnitNode | null>(async (keys) => {
      const { rows } = await runSql(knex, sql, bindings(keys));
      const found = new Map((rows as (UnitRow & { key: K })[]).map((r) => [String(r.key), toNode(r)]));
      return keys.map((k) => found.get(String(k)) ?? null);
    });
  return {
    byId: byKey<number>(`select u.id as key, ${unitColumns} from admin_unit u where u.id = any(:ids)`, (ids) => ({ ids: [...ids] })),
    /** The commune in force on a date that holds an atom: how a record reads on another period's map. Key: "atom@date". */
    communeOfAtom: byKey<string>(
      `select k.atom || '@' || k.on_date as key, ${unitColumns}
       from unnest(:atoms::text[], :dates::date[]) as k(atom, on_date)
       join admin_unit_atom ua on ua.atom_id = k.atom
       join admin_unit u on u.id = ua.unit_id and u.level = 'COMMUNE' and u.valid_from <= k.on_date and (u.valid_to is null or u.valid_to > k.on_date)`,
      (keys) => ({ atoms: keys.map((k) => k.split('@')[0]), dates: keys.map((k) => k.split('@')[1]) }),
    ),
    successors: related(acrossBoundary('u.valid_from = s.valid_to')),
    predecessors: related(acrossBoundary('u.valid_to = s.valid_from')),
    /** Every earlier unit whose territory is now part of this one. */
    ancestors: related(acrossBoundary('u.valid_to <= s.valid_from')),
    parent: new DataLoader<string, AdminUnitNode | null>(async (keys) => {
      const pairs = keys.map((k) => k.split('@'));
      const { rows } = await runSql(knex, 
        `select p.code || '@' || p.on_date as key, ${unitColumns}
         from unnest(:codes::text[], :dates::date[]) as p(code, on_date)
         join admin_unit u on u.code = p.code and u.valid_from <= p.on_date and (u.valid_to is null or u.valid_to > p.on_date)`,
        { codes: pairs.map((p) => p[0]), dates: pairs.map((p) => p[1]) },
      );
      const byKey = new Map((rows as (UnitRow & { key: string })[]).map((r) => [r.key, toNode(r)]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    geometry: new DataLoader<string, object | null>(async (keys) => {
      const parsed = keys.map((k) => k.split(':').map(Number));
      const { rows } = await runSql(knex, 
        `select k.ord, ST_AsGeoJSON(case when k.tolerance > 0 then ST_SimplifyPreserveTopology(u.geom, k.tolerance) else u.geom end, k.digits)::json as geometry
         from unnest(:ids::int[], :digits::int[], :tolerances::float8[]) with ordinality as k(id, digits, tolerance, ord)
         join admin_unit u on u.id = k.id`,
        { ids: parsed.map((p) => p[0]), digits: parsed.map((p) => p[1]), tolerances: parsed.map((p) => p[2]) },
      );
      const byOrd = new Map((rows as { ord: string; geometry: object }[]).map((r) => [Number(r.ord), r.geometry]));
      return keys.map((_, i) => byOrd.get(i + 1) ?? null);
    }),
  };
}

export type GeographyLoaders = ReturnType<typeof createGeographyLoaders>;
