import type { Knex } from '@mikro-orm/postgresql';
import { foldVietnamese, type Geometry, type MultiPolygon, type Position } from '@anbinh/shared';
import { buildGeography, type GeographySeed } from './geography';
import { factTables, generateSample, type FactTable, type SampleRow } from './sample';
import { liesWellInside, randomPointIn } from './polygon';
import { Random } from './random';

export type Progress = (message: string) => void;

/** Tables the seed fills. The outbox is not emptied on a reseed: its positions must never go back. */
export const seededTables = [
  // A route's pieces go with it: truncating does not run its table's triggers.
  'record_piece',
  ...[...factTables].reverse(),
  'heritage_site',
  'lineage_event',
  'admin_unit_atom',
  'admin_unit',
  'geo_atom',
];

/** True when the geography has not been loaded yet. */
export async function isEmpty(knex: Knex): Promise<boolean> {
  const { rows } = await knex.raw('select not exists (select 1 from admin_unit) as empty');
  return rows[0].empty;
}

/**
 * Loads the geography and the generated sample in one transaction: a seed that
 * fails or is interrupted leaves the database as it was.
 */
export async function seed(knex: Knex, progress: Progress, options: { replace?: boolean } = {}): Promise<void> {
  const geo = buildGeography();
  await knex.transaction(async (trx) => {
    if (options.replace) {
      progress('Emptying the database before seeding');
      await trx.raw(`truncate ${seededTables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
    }
    const stored = await loadGeography(trx, geo, progress);
    progress('Generating the sample data (deterministic, marked as sample)');
    const sample = keepPointsInAtoms(generateSample(geo), stored);
    for (const [table, rows] of Object.entries(sample) as [FactTable, SampleRow[]][]) {
      progress(`Loading sample ${table}: ${rows.length.toLocaleString('en')} rows`);
      await insertRows(trx, table, rows);
    }
  });
  // Fresh statistics now, not whenever autovacuum gets round to it: without them the planner
  // took security_model for 484 rows (it holds 1,802) and read a unit's models by sequential scans.
  progress('Updating the planner statistics');
  await knex.raw(`analyze ${seededTables.map((t) => `"${t}"`).join(', ')}`);
}

/** Loads the geography; returns the atoms' shapes as stored, a partition of the province. */
export async function loadGeography(trx: Knex, geo: GeographySeed, progress: Progress): Promise<Map<string, MultiPolygon>> {
  progress(`Loading ${geo.atoms.length} commune polygons`);
  await trx.raw(
    `insert into geo_atom (id, name, geom)
     select r.id, r.name, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)), 3))
     from json_to_recordset(?::json) as r(id text, name text, geometry text)`,
    [JSON.stringify(geo.atoms.map((a) => ({ ...a, geometry: JSON.stringify(a.geometry) })))],
  );
  // Overlaps and gaps between the hand-drawn polygons are settled once, so every map is made of the same pieces.
  await trx.raw('select geo_atom_partition()');
  const { rows: stored } = await trx.raw('select id, ST_AsGeoJSON(geom) as geometry from geo_atom');
  const shapes = new Map((stored as { id: string; geometry: string }[]).map((r) => [r.id, JSON.parse(r.geometry) as MultiPolygon]));
  progress(`Deriving ${geo.units.length} unit versions of four divisions as unions of their atoms`);
  const units = geo.units.map((u) => ({ ...u, nameFolded: foldVietnamese(u.name) }));
  const inserted = await trx.raw(
    `insert into admin_unit (id, code, name, name_folded, level, kind, parent_code, valid_from, valid_to, seat_atom_id, geom)
     select r.id, r.code, r.name, r."nameFolded", r.level::unit_level, r.kind::unit_kind, r."parentCode", r."validFrom", r."validTo", r."seatAtomId",
            'SRID=4326;MULTIPOLYGON EMPTY'
     from json_to_recordset(?::json) as r(id int, code text, name text, "nameFolded" text, level text, kind text, "parentCode" text,
                                          "validFrom" date, "validTo" date, "seatAtomId" text)`,
    [JSON.stringify(units)],
  );
  if (inserted.rowCount !== units.length) throw new Error(`Expected ${units.length} unit versions, the database stored ${inserted.rowCount}`);
  await trx.raw(`insert into admin_unit_atom (unit_id, atom_id) select r.unit_id, r.atom_id from json_to_recordset(?::json) as r(unit_id int, atom_id text)`, [
    JSON.stringify(geo.units.flatMap((u) => u.atomIds.map((atom_id) => ({ unit_id: u.id, atom_id })))),
  ]);
  await trx.raw('select admin_unit_from_atoms()');
  // PGlite reports a failed overlay as an empty result, not an error.
  const {
    rows: [empty],
  } = await trx.raw('select count(*)::int as n from admin_unit where ST_IsEmpty(geom)');
  if (empty.n > 0) throw new Error(`${empty.n} unit versions came out with no shape from the union of their atoms`);
  await insertRows(
    trx,
    'lineage_event',
    geo.lineage.map((l, i) => ({
      id: i + 1,
      event_date: l.eventDate,
      kind: l.kind,
      from_code: l.fromCode,
      from_name: l.fromName,
      to_code: l.toCode,
      to_name: l.toName,
      legal_basis: l.legalBasis,
      evidence: l.evidence,
    })),
  );
  await insertRows(
    trx,
    'heritage_site',
    geo.heritage.map((h, i) => ({
      id: i + 1,
      name: h.name,
      address: h.address,
      coordinate_source: h.coordinateSource,
      location: h.location,
    })),
  );
  progress(`Loaded ${geo.lineage.length} lineage events and ${geo.heritage.length} heritage sites`);
  return shapes;
}

/**
 * The sample is drawn in the atoms as published, so that it stays the same
 * whatever the partition settles; a point the partition gave to a neighbour
 * moves to a point of its own atom nearby (drawn from a generator of its own).
 */
export function keepPointsInAtoms(sample: Record<FactTable, SampleRow[]>, shapes: Map<string, MultiPolygon>): Record<FactTable, SampleRow[]> {
  for (const [t, rows] of Object.values(sample).entries()) {
    for (const row of rows) {
      const location = row.location as Geometry | null | undefined;
      if (location?.type !== 'Point') continue;
      const shape = shapes.get(row.atom_id as string)!;
      const at = location.coordinates;
      if (liesWellInside(shape, [at[0], at[1]])) continue;
      const rng = new Random(Number(row.id) * 31 + t);
      let moved: Position;
      try {
        moved = randomPointIn(shape, rng, { at, radius: 0.003 });
      } catch {
        moved = randomPointIn(shape, rng); // the atom lies farther than 300 m from the point
      }
      row.location = { type: 'Point', coordinates: moved };
    }
  }
  return sample;
}

/**
 * Inserts rows keyed by column name through json_populate_recordset, which casts
 * every value (enums, dates, arrays) by the table's own types; geometry travels as EWKT.
 */
async function insertRows(trx: Knex, table: string, rows: SampleRow[], chunk = 5000): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const list = columns.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk).map(encodeGeometry));
    await trx.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", ?::json)`, [json]);
  }
  await trx.raw(`select setval(pg_get_serial_sequence('"${table}"', 'id'), (select max(id) from "${table}"))`);
}

function encodeGeometry(row: SampleRow): SampleRow {
  const out: SampleRow = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? toEwkt(value) : value;
  }
  return out;
}

/** GeoJSON → EWKT (SRID 4326), the text form PostGIS's geometry input accepts. */
export function toEwkt(g: Geometry): string {
  const pos = (p: Position) => `${p[0]} ${p[1]}`;
  const ring = (r: Position[]) => `(${r.map(pos).join(',')})`;
  const poly = (p: Position[][]) => `(${p.map(ring).join(',')})`;
  switch (g.type) {
    case 'Point':
      return `SRID=4326;POINT(${pos(g.coordinates)})`;
    case 'LineString':
      return `SRID=4326;LINESTRING${ring(g.coordinates)}`;
    case 'MultiLineString':
      return `SRID=4326;MULTILINESTRING(${g.coordinates.map(ring).join(',')})`;
    case 'Polygon':
      return `SRID=4326;POLYGON${poly(g.coordinates)}`;
    case 'MultiPolygon':
      return `SRID=4326;MULTIPOLYGON(${g.coordinates.map(poly).join(',')})`;
    default:
      throw new Error(`Unsupported geometry type for loading: ${g.type}`);
  }
}
