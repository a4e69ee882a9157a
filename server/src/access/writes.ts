import { checkGeoJSON, GeoJSONInputError, runSql, type Knex } from '@anbinh/db';
import { Role, todayInVietnam } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { fieldError } from '../graphql/errors';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import { covers, requireRole } from './viewer';

/** The checks every write shares, so each mutation states only what is its own. */

/** Officers and admins write; everyone else is refused before anything is read. */
export function requireWriter(ctx: Context, what: string): void {
  requireRole(ctx.viewer, [Role.ADMIN, Role.OFFICER], what);
}

export function notInFuture(date: string, field: string): void {
  const today = todayInVietnam();
  if (date > today) throw fieldError(field, 'IN_THE_FUTURE', `${field} (${date}) is in the future; today is ${today} in Vietnam.`);
}

/** Trimmed NFC text of bounded length, or a sentence naming the field. */
export function cleanText(value: string, field: string, max: number): string {
  const clean = value.normalize('NFC').trim();
  if (clean.length === 0) throw fieldError(field, 'REQUIRED', `${field} is empty; write it out.`);
  if (clean.length > max) throw fieldError(field, 'TOO_LONG', `${field} is ${clean.length} characters long; at most ${max} are allowed.`);
  return clean;
}

/** Refuses a place outside the territory the viewer acts for on that date. */
export function requireCovers(ctx: Context, unit: AdminUnitNode, atom: string, onDate: string): void {
  if (!covers(ctx.viewer, ctx.gazetteer, atom, onDate)) {
    throw fieldError('unitCode', 'NOT_IN_TERRITORY', `${unit.name} (${unit.code}) lies outside the units your token acts for (${ctx.viewer.units.join(', ') || 'none'}): you may record only there.`, 'FORBIDDEN');
  }
}

// Vietnam's mainland and islands, generously (the Spratlys reach 117.8° E, the northern tip 23.4° N).
const vietnam = { west: 102.1, east: 117.9, south: 6.0, north: 23.4 };
const inVietnam = (lon: number, lat: number) => lon >= vietnam.west && lon <= vietnam.east && lat >= vietnam.south && lat <= vietnam.north;

/**
 * A GeoJSON Point inside Vietnam, as [longitude, latitude]. A point given as
 * [latitude, longitude] — the commonest slip — is named as such.
 */
export function checkPoint(value: unknown, field: string): [number, number] {
  const raw = (value as { type?: unknown; coordinates?: unknown } | null)?.coordinates;
  if (Array.isArray(raw) && raw.length === 2 && raw.every((n) => typeof n === 'number') && !inVietnam(raw[0], raw[1]) && inVietnam(raw[1], raw[0])) {
    throw fieldError(field, 'INVALID_GEOMETRY', `${field} [${raw[0]}, ${raw[1]}] looks like [latitude, longitude]; GeoJSON is [longitude, latitude]: send [${raw[1]}, ${raw[0]}].`);
  }
  let geometry;
  try {
    geometry = checkGeoJSON(value);
  } catch (error) {
    if (error instanceof GeoJSONInputError) throw fieldError(field, 'INVALID_GEOMETRY', `${field}: ${error.message}.`);
    throw error;
  }
  if (geometry.type !== 'Point') throw fieldError(field, 'INVALID_GEOMETRY', `${field} must be a GeoJSON Point, not a ${geometry.type}.`);
  const [lon, lat] = geometry.coordinates as [number, number];
  if (inVietnam(lon, lat)) return [lon, lat];
  throw fieldError(field, 'NOT_IN_TERRITORY', `${field} [${lon}, ${lat}] lies outside Vietnam; check the coordinates (GeoJSON is [longitude, latitude]).`);
}

/** The geography atom a point lies in, or a sentence saying it is outside the hub's geography. */
export async function atomAt(knex: Knex, [lon, lat]: [number, number], field: string): Promise<string> {
  const { rows } = await runSql(knex, 'select id from geo_atom where ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) order by id limit 1', [lon, lat]);
  if (rows.length === 0) throw fieldError(field, 'NOT_IN_TERRITORY', `${field} [${lon}, ${lat}] lies outside the province's communes; check the point.`);
  return rows[0].id;
}
