import DataLoader from 'dataloader';
import { replacePlaceholders, runSql, type Knex, type SqlFragment } from '@anbinh/db';
import { foldedUnitPrefixes, geographyStart, type UnitLevel } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import { searchWords } from '../graphql/input';
import { toGlobalId } from '../graphql/node';
import { pageConnection, planPage, type Cursors, type Keyset, type PageArgs } from '../graphql/pagination';
import { AdminUnitNode } from './admin-unit.type';

export const unitColumns = `u.id, u.code, u.name, u.level, u.kind, u.parent_code, u.valid_from::text as valid_from,
  u.valid_to::text as valid_to, u.area_km2`;

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  kind: AdminUnitNode['kind'];
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
  area_km2: number | null;
}

export function toNode(row: UnitRow): AdminUnitNode {
  return Object.assign(new AdminUnitNode(), {
    id: toGlobalId('AdminUnit', row.id),
    versionId: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    kind: row.kind,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    areaKm2: row.area_km2,
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
export async function searchUnits(knex: Knex, cursors: Cursors, args: { search?: string; level?: UnitLevel; asOf?: string; page: PageArgs }) {
  checkAsOf(args.asOf);
  const folded = searchWords(args.search);
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
  // Best match first, then province, districts, communes by name, the latest version first.
  const keyset: Keyset = {
    scope: `adminUnits|${folded}`,
    keys: [
      { sql: 'rank' },
      { sql: `array_position(array['PROVINCE','DISTRICT','COMMUNE']::unit_level[], level)` },
      { sql: 'name' },
      { sql: 'valid_from', descending: true },
      { sql: 'id' },
    ],
  };
  const plan = planPage(keyset, args.page, cursors);
  const page = named([plan.order, plan.keyColumns, ...plan.conditions]);
  const [order, keyColumns, ...conditions] = page.sql;
  const { rows } = await runSql(
    knex,
    `${matched} select *, ${keyColumns} from matched where ${conditions.length ? conditions.join(' and ') : 'true'} order by ${order} limit :limit`,
    { ...params, ...page.params, limit: plan.limit },
  );
  const count = async () => (await runSql(knex, `${matched} select count(*)::int as total from matched`, params)).rows[0].total as number;
  return pageConnection(plan, rows, (row) => toNode(row as unknown as UnitRow), cursors, count);
}

/** Positional fragments as `:_pN` named ones, for SQL written with names. */
function named(fragments: SqlFragment[]): { sql: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  let n = 0;
  const sql = fragments.map((f) => {
    return replacePlaceholders(f.sql, (i) => {
      const name = `_p${n++}`;
      params[name] = f.bindings[i];
      return `:${name}`;
    });
  });
  return { sql, params };
}

/** Refuses a polygon precision or simplification a map or an analyst cannot mean. */
export function checkGeometryOptions(precision: number, simplify: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > 15) throw userError('precision must be a whole number of decimals from 0 to 15.');
  if (!(simplify >= 0 && simplify <= 0.1)) throw userError('simplify must be a tolerance in degrees from 0 to 0.1 (0.001 is about 100 m).');
}

/** Batches the polygons a page of units asks for: one query per page, not per unit. Key: "versionId:precision:simplify". */
export function createGeometryLoader(knex: Knex) {
  return new DataLoader<string, object | null>(async (keys) => {
    const parsed = keys.map((k) => k.split(':').map(Number));
    const { rows } = await runSql(
      knex,
      `select k.ord, ST_AsGeoJSON(case when k.tolerance > 0 then ST_SimplifyPreserveTopology(u.geom, k.tolerance) else u.geom end, k.digits)::json as geometry
       from unnest(:ids::int[], :digits::int[], :tolerances::float8[]) with ordinality as k(id, digits, tolerance, ord)
       join admin_unit u on u.id = k.id`,
      { ids: parsed.map((p) => p[0]), digits: parsed.map((p) => p[1]), tolerances: parsed.map((p) => p[2]) },
    );
    const byOrd = new Map((rows as { ord: string; geometry: object }[]).map((r) => [Number(r.ord), r.geometry]));
    return keys.map((_, i) => byOrd.get(i + 1) ?? null);
  });
}
