import { runSql, type SqlFragment } from '@anbinh/db';
import { divisions, type Division } from '@anbinh/shared';
import { parseGlobalId } from '../graphql/input';
import { toGlobalId } from '../graphql/node';
import type { Keyset } from '../graphql/pagination';
import { recordTypes } from '../records/catalogue';
import { columnOf, selectOf } from '../records/fields';
import { readable, recordKeyset, whereClause, type Period, type Reader } from '../records/record';
import { RecordOrder } from '../records/record.inputs';
import type { RecordType } from '../records/record-type';

/** A property of a collection's features, by its JSON Schema type. */
export interface Property {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'geometry' | 'array';
  description: string;
  enum?: string[];
}

/** A property a filter may name, with the SQL over the row `r` it compares. */
export interface Queryable extends Property {
  type: Exclude<Property['type'], 'array'>;
  sql: string;
}

/**
 * One collection of /ogc: the rows of one table under the viewer's scope, their geometry, dates and
 * queryables, their order for paging, and how a row becomes a feature's id and properties.
 */
export interface Collection {
  id: string;
  title: string;
  description: string;
  table: string;
  geometry: string;
  period: Period;
  queryables: Queryable[];
  /** Every property a feature has, for the schema clients type their fields by. */
  properties: Property[];
  keyset: Keyset;
  /** The select list of a feature's columns: "id", "geometry", and its properties. */
  columns: string;
  /** The rows the reader may see; throws FORBIDDEN or UNAUTHENTICATED when none. */
  scope(reader: Reader): SqlFragment[];
  propertiesOf(row: Record<string, unknown>, reader: Reader): Record<string, unknown>;
  featureId(row: Record<string, unknown>): string;
  /** The row id of a feature id, or undefined when it cannot be one of this collection's. */
  rowId(featureId: string): number | undefined;
}

const queryableType = {
  text: 'string',
  int: 'integer',
  float: 'number',
  boolean: 'boolean',
  date: 'date',
  enum: 'string',
} as const;

/** A record type with a location, whatever its geometry: its records as features. */
function recordCollection(type: RecordType): Collection {
  const { kind } = type;
  const fields = Object.entries(type.fields);
  const queryables: Queryable[] = [
    { name: 'geometry', type: 'geometry', sql: 'r.location', description: 'Where the record lies.' },
    ...fields.flatMap(([name, f]): Queryable[] => {
      if (!(f.type in queryableType)) return [];
      const column = f.select ?? `r.${columnOf(name, f)}`;
      const enumValues = f.type === 'enum' ? Object.values(f.enum).map(String) : undefined;
      return [
        {
          name,
          type: queryableType[f.type as keyof typeof queryableType],
          sql: f.type === 'enum' ? `(${column})::text` : column,
          description: f.description,
          ...(enumValues ? { enum: enumValues } : {}),
        },
      ];
    }),
    { name: 'sample', type: 'boolean', sql: 'r.sample', description: 'True for generated sample data, false for a recorded fact.' },
  ];
  const columns = [
    'r.id as "dbId"',
    'ST_AsGeoJSON(r.location, 6)::json as "geometry"',
    'r.unit_id as "unitId"',
    'r.sample as "sample"',
    ...fields.map(([name, f]) => `${f.type === 'reference' ? `r.${columnOf(name, f)}` : selectOf(name, f)} as "${name}"`),
  ].join(', ');
  const references = new Map(fields.flatMap(([name, f]) => (f.type === 'reference' ? [[name, f.to] as const] : [])));
  return {
    id: kind.queryName,
    // cameraSites → Camera sites
    title: kind.queryName.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase()),
    description: kind.description,
    table: kind.table,
    geometry: 'r.location',
    period: kind.period,
    queryables,
    properties: [
      ...fields.map(([name, f]): Property => {
        const description = f.description;
        if (f.type === 'reference') return { name, type: 'string', description: `${description} Its GraphQL id.` };
        if (f.type === 'enumList') return { name, type: 'array', description, enum: Object.values(f.enum).map(String) };
        return queryables.find((q) => q.name === name) ?? { name, type: 'string', description };
      }),
      { name: 'unitCode', type: 'string', description: 'GSO code of the unit it was recorded in.' },
      { name: 'unitName', type: 'string', description: 'Name of the unit it was recorded in.' },
      { name: 'sample', type: 'boolean', description: 'True for generated sample data, false for a recorded fact.' },
    ],
    keyset: recordKeyset(kind, [RecordOrder.ID_ASC]),
    columns,
    scope: (reader) => readable(kind, reader),
    propertiesOf(row, reader) {
      const unit = reader.gazetteer.byId(row.unitId as number);
      const own = Object.fromEntries(
        fields.map(([name]) => {
          const to = references.get(name);
          return [name, to && row[name] != null ? toGlobalId(to, row[name] as number) : row[name]];
        }),
      );
      return { ...own, unitCode: unit?.code ?? null, unitName: unit?.name ?? null, sample: row.sample };
    },
    featureId: (row) => toGlobalId(kind.typeName, row.dbId as number),
    rowId: (featureId) => globalRowId(featureId, kind.typeName),
  };
}

function globalRowId(featureId: string, typeName: string): number | undefined {
  try {
    const { type, id } = parseGlobalId(featureId);
    return type === typeName ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The units of one division, every level, as they were when it came into force. */
function divisionCollection(division: Division): Collection {
  const unitText = (name: string, description: string): Queryable => ({
    name,
    type: 'string',
    sql: `r.${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
    description,
  });
  return {
    id: `units-${division.validFrom.slice(0, 4)}`,
    title: `Administrative units ${division.label.en}`,
    description: `The province, its districts and its communes as they were from ${division.validFrom}${division.validTo ? ` until ${division.validTo}` : ''}: ${division.label.en}.`,
    table: 'admin_unit',
    geometry: 'r.geom',
    // valid_to is the first day no longer in force; a period's end is its last day.
    period: { from: 'r.valid_from', to: '(r.valid_to - 1)' },
    queryables: [
      { name: 'geometry', type: 'geometry', sql: 'r.geom', description: 'The unit’s territory.' },
      unitText('code', 'GSO code (mã ĐVHC).'),
      unitText('name', 'Official name with its prefix.'),
      { ...unitText('level', 'Province, district or commune.'), sql: 'r.level::text', enum: ['PROVINCE', 'DISTRICT', 'COMMUNE'] },
      { ...unitText('kind', 'Tỉnh; thành phố or huyện; xã, phường or thị trấn.'), sql: 'r.kind::text' },
      unitText('parentCode', 'Code of the unit it lies in.'),
      { name: 'validFrom', type: 'date', sql: 'r.valid_from', description: 'First day this version is in force.' },
      { name: 'validTo', type: 'date', sql: 'r.valid_to', description: 'First day it is no longer in force; null while in force.' },
      { name: 'areaKm2', type: 'number', sql: 'r.area_km2', description: 'Area in km² (geodesic).' },
    ],
    get properties() {
      return this.queryables.filter((q) => q.type !== 'geometry');
    },
    keyset: { scope: `ogc|units|${division.id}`, keys: [{ sql: 'r.id' }] },
    columns: `r.id as "dbId", ST_AsGeoJSON(r.geom, 6)::json as "geometry", r.code, r.name, r.level, r.kind, r.parent_code as "parentCode",
      r.valid_from::text as "validFrom", r.valid_to::text as "validTo", r.area_km2::float8 as "areaKm2"`,
    scope: () => [{ sql: 'r.valid_from <= ?::date and (r.valid_to is null or r.valid_to > ?::date)', bindings: [division.validFrom, division.validFrom] }],
    propertiesOf: ({ dbId: _id, geometry: _geometry, ...properties }) => properties,
    featureId: (row) => toGlobalId('AdminUnit', row.dbId as number),
    rowId: (featureId) => globalRowId(featureId, 'AdminUnit'),
  };
}

/** Every collection: one per record type with a location, from the catalogue, and one per division. */
export function ogcCollections(): Collection[] {
  return [...recordTypes.filter((t) => t.kind.located).map(recordCollection), ...divisions.map(divisionCollection)];
}

/** The rows' extent in space (west, south, east, north) and time (first and last day; null when open or unknown). */
export async function extentOf(collection: Collection, reader: Reader) {
  const where = whereClause(collection.scope(reader));
  const [start, end] = 'on' in collection.period ? [collection.period.on, collection.period.on] : [collection.period.from, collection.period.to];
  const { rows } = await runSql(
    reader.knex,
    `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north, first::text, last::text from (
       select ST_Extent(${collection.geometry}) as e, min(${start}) as first, case when bool_or(${end} is null) then null else max(${end}) end as last
       from ${collection.table} r where ${where.sql}) x`,
    where.bindings,
  );
  const r = rows[0];
  return {
    spatial: { bbox: r.west == null ? [] : [[r.west, r.south, r.east, r.north].map(Number)], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' },
    temporal: { interval: [[r.first ?? null, r.last ?? null]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
  };
}

/** The geometry types a collection holds, as read from its rows: a new kind of location needs no change here. */
export async function geometryTypesOf(collection: Collection, reader: Reader): Promise<string[]> {
  const where = whereClause(collection.scope(reader));
  const { rows } = await runSql(
    reader.knex,
    `select distinct ST_GeometryType(${collection.geometry}) as type from ${collection.table} r where ${collection.geometry} is not null and ${where.sql}`,
    where.bindings,
  );
  return rows.map((r: { type: string }) => r.type.replace(/^ST_/, '')).sort();
}
