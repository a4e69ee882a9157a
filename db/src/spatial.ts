import type { Knex } from '@mikro-orm/postgresql';
import type { Geometry, Position } from '@anbinh/shared';
import { runSql } from './sql';

/**
 * The spatial predicates the API offers, as SQL fragments over a geometry
 * column (SRID 4326). Each returns SQL with `?` placeholders and its bindings,
 * so callers compose them without writing PostGIS by hand.
 */
export interface SqlFragment {
  sql: string;
  bindings: SqlValue[];
}

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | boolean | null | string[] | number[];

/** Largest number of positions accepted in one GeoJSON input. */
export const maxInputPositions = 10_000;

/** Why a GeoJSON input was refused, in words a person can act on. */
export class GeoJSONInputError extends Error {}

const geometryTypes = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/**
 * Checks the shape of a GeoJSON geometry before it reaches PostGIS: a known
 * type, numeric [longitude, latitude] positions in range, closed rings, and
 * a bounded size. PostGIS then judges validity (see `invalidReason`).
 */
export function checkGeoJSON(value: unknown): Geometry {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GeoJSONInputError('a GeoJSON geometry must be an object with "type" and "coordinates"');
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !geometryTypes.has(type)) {
    throw new GeoJSONInputError(`"${String(type)}" is not a supported GeoJSON geometry type; use one of ${[...geometryTypes].join(', ')}`);
  }
  let positions = 0;
  const position = (p: unknown): Position => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new GeoJSONInputError('each position must be [longitude, latitude] with finite numbers');
    }
    const [lon, lat] = p as number[];
    if (lon < -180 || lon > 180) throw new GeoJSONInputError(`longitude ${lon} is outside −180…180`);
    if (lat < -90 || lat > 90) throw new GeoJSONInputError(`latitude ${lat} is outside −90…90 (GeoJSON puts longitude first)`);
    if (++positions > maxInputPositions) throw new GeoJSONInputError(`the geometry has more than ${maxInputPositions} positions; simplify it first`);
    return p as Position;
  };
  const list = <T>(v: unknown, each: (x: unknown) => T, min: number, what: string): T[] => {
    if (!Array.isArray(v) || v.length < min) throw new GeoJSONInputError(`${what} needs at least ${min} element(s)`);
    return v.map(each);
  };
  const ring = (r: unknown) => {
    const ps = list(r, position, 4, 'a polygon ring');
    const [first, last] = [ps[0], ps[ps.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1]) throw new GeoJSONInputError('a polygon ring must end where it starts');
    return ps;
  };
  const polygon = (p: unknown) => list(p, ring, 1, 'a polygon');
  const line = (l: unknown) => list(l, position, 2, 'a line');
  switch (type) {
    case 'Point':
      position(coordinates);
      break;
    case 'MultiPoint':
      list(coordinates, position, 1, 'a MultiPoint');
      break;
    case 'LineString':
      line(coordinates);
      break;
    case 'MultiLineString':
      list(coordinates, line, 1, 'a MultiLineString');
      break;
    case 'Polygon':
      polygon(coordinates);
      break;
    case 'MultiPolygon':
      list(coordinates, polygon, 1, 'a MultiPolygon');
      break;
  }
  return value as Geometry;
}

/** SQL yielding the geometry of a checked GeoJSON input. */
export function geometryFromInput(geometry: Geometry): SqlFragment {
  return { sql: 'ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', bindings: [JSON.stringify(geometry)] };
}

/** SQL giving PostGIS's reason a geometry is invalid, or null when it is valid. */
export function invalidReason(geometry: Geometry): SqlFragment {
  const g = geometryFromInput(geometry);
  return { sql: `select case when ST_IsValid(${g.sql}) then null else ST_IsValidReason(${g.sql}) end as reason`, bindings: [...g.bindings, ...g.bindings] };
}

/** The column's geometry intersects the input geometry. */
export function intersects(column: string, geometry: Geometry): SqlFragment {
  const g = geometryFromInput(geometry);
  return { sql: `ST_Intersects(${column}, ${g.sql})`, bindings: g.bindings };
}

/** The column's geometry lies within the input geometry. */
export function within(column: string, geometry: Geometry): SqlFragment {
  const g = geometryFromInput(geometry);
  return { sql: `ST_Within(${column}, ${g.sql})`, bindings: g.bindings };
}

/** The column's geometry touches the box [west, south, east, north]. */
export function inBoundingBox(column: string, [west, south, east, north]: number[]): SqlFragment {
  return { sql: `${column} && ST_MakeEnvelope(?, ?, ?, ?, 4326)`, bindings: [west, south, east, north] };
}

/** Geodesic distance in metres (on the WGS 84 spheroid) from the column's geometry to a point. */
export function distanceTo(column: string, longitude: number, latitude: number): SqlFragment {
  return { sql: `ST_Distance(${column}::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography)`, bindings: [longitude, latitude] };
}

/**
 * The column's geometry lies within `metres` of a point, geodesically. A box a
 * little larger than the circle goes first so the geometry's GiST index is used.
 */
export function nearPoint(column: string, longitude: number, latitude: number, metres: number): SqlFragment {
  const dLat = (metres / 110_574) * 1.01;
  const dLon = Math.min(180, (metres / (111_320 * Math.max(Math.cos((latitude * Math.PI) / 180), 0.01))) * 1.01);
  return {
    sql: `${column} && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_DWithin(${column}::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)`,
    bindings: [longitude - dLon, latitude - dLat, longitude + dLon, latitude + dLat, longitude, latitude, metres],
  };
}

/** The record lies in a unit version's territory: its atom belongs to the unit (rolls along lineage, includes descendants). */
export function withinUnit(atomColumn: string, unitVersionId: number): SqlFragment {
  return { sql: `${atomColumn} in (select atom_id from admin_unit_atom where unit_id = ?)`, bindings: [unitVersionId] };
}

/** The geography atom that holds a point (on a border, the first by id), or null outside the province's communes. */
export async function atomAt(knex: Knex, longitude: number, latitude: number): Promise<string | null> {
  const { rows } = await runSql(knex, 'select id from geo_atom where ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) order by id limit 1', [
    longitude,
    latitude,
  ]);
  return rows[0]?.id ?? null;
}
