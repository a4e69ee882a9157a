import { checkGeoJSON, GeoJSONInputError } from '@anbinh/db';
import { foldVietnamese, todayInVietnam, UnitLevel } from '@anbinh/shared';
import { fieldError } from './errors';

/**
 * The one place plain input is decoded and range-checked, before any SQL:
 * GraphQL's scalars and arguments, /geo, /tiles, /export and subscriptions
 * all call these, so a value means the same and is refused the same way
 * whichever door it comes through.
 */

/** The largest id a database integer holds. */
export const maxDatabaseId = 2 ** 31 - 1;

/** Global ids are base64url("Type:id") with id 1 … 2^31 − 1; anything else was not issued by this API. */
export function parseGlobalId(globalId: unknown, field = 'id'): { type: string; id: number } {
  const text = typeof globalId === 'string' ? globalId : String(globalId);
  const [type, id, extra] = Buffer.from(text, 'base64url').toString().split(':');
  const n = /^[1-9]\d{0,9}$/.test(id ?? '') ? Number(id) : NaN;
  if (!type || !/^[A-Za-z]+$/.test(type) || extra !== undefined || !(n <= maxDatabaseId)) {
    throw fieldError(field, 'INVALID_ID', `"${text.slice(0, 100)}" is not a global id issued by this API: use the id field of an object.`);
  }
  return { type, id: n };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (no 30 February, no month 13). */
export function parseDate(value: unknown, field?: string): string {
  const named = field ? `${field} ` : '';
  if (typeof value !== 'string' || !isoDate.test(value)) {
    throw fieldError(field ?? null, 'INVALID_DATE', `${named}"${String(value).slice(0, 100)}" is not a date: write it as YYYY-MM-DD, e.g. "2021-12-31".`);
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw fieldError(field ?? null, 'INVALID_DATE', `${named}"${value}" is not a real calendar date: check the month and the day.`);
  }
  return value;
}

/** An optional date from a query string: absent or empty is undefined. */
export function parseOptionalDate(value: unknown, field: string): string | undefined {
  return value === undefined || value === '' ? undefined : parseDate(value, field);
}

/** A level of the division by its name. */
export function parseLevel(value: unknown, field = 'level'): UnitLevel {
  const text = String(value);
  if (!Object.prototype.hasOwnProperty.call(UnitLevel, text))
    throw fieldError(field, 'INVALID_VALUE', `${field} must be one of ${Object.keys(UnitLevel).join(', ')}.`);
  return text as UnitLevel;
}

/**
 * A search folded for matching (case and diacritics, đ→d); blank is no search.
 * Text with no letter or digit would fold to nothing and match everything: refused.
 */
export function searchWords(search: string | null | undefined, field = 'search'): string {
  if (search == null || search.trim() === '') return '';
  const folded = foldVietnamese(search);
  if (folded === '')
    throw fieldError(field, 'SEARCH_WITHOUT_WORDS', `${field} "${search.slice(0, 100)}" has no letter or digit to look for; write a word of the name.`);
  return folded;
}

/** A date that is not after today in Vietnam. */
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
    throw fieldError(
      field,
      'INVALID_GEOMETRY',
      `${field} [${raw[0]}, ${raw[1]}] looks like [latitude, longitude]; GeoJSON is [longitude, latitude]: send [${raw[1]}, ${raw[0]}].`,
    );
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
