import { getMetadataStorage } from 'type-graphql';
import { runSql, type SqlFragment } from '@anbinh/db';
import { Role, todayInVietnam, UnitLevel } from '@anbinh/shared';
import { allMetrics, findMetric } from '../metrics/catalogue';
import type { BaseContext } from '../graphql/context';
import { userError } from '../graphql/errors';
import { parseLevel, parseOptionalDate } from '../graphql/input';
import { checkAsOf } from '../geography/admin-unit.service';
import { measureTables } from '../metrics/measures';
import { measuresOf, metricFor, periodOf } from '../metrics/metric.resolver';
import { recordTypes } from '../records/catalogue';
import type { RecordType } from '../records/record-type';
import { disclosureScope, isPersonal } from '../access/disclosure';
import { periodCondition, readable, whereClause, type AnyRecordKind } from '../records/record';

/** Below this zoom, points are gathered into one feature per cell, with a count. */
export const clusterBelowZoom = 12;
/** Cells per tile side for that: 16, one per 32 pixels as MapLibre draws a vector tile (512), close to clustering GeoJSON in the browser (radius 40). */
const clusterCells = 16;

export interface TileLayer {
  id: string;
  /** Its name in a map's list of layers. */
  label: { vi: string; en: string };
  /** What its features are drawn as. */
  geometry: 'polygon' | 'point' | 'line';
  /** The record type it draws, when it draws one: a feature's id is the record's. */
  record?: RecordType;
  description: string;
  /** Attribute names and types, for TileJSON's vector_layers. */
  fields: Record<string, string>;
  minzoom: number;
  maxzoom: number;
  /** The query-string parameters it takes, checked; the canonical form keys the cache. */
  parameters(query: Record<string, unknown>): Record<string, string>;
  /** Outbox tables whose changes change its tiles. */
  tables(parameters: Record<string, string>): string[];
  /** What besides the parameters and the tile a tile depends on: who reads it. */
  scope(ctx: BaseContext, parameters: Record<string, string>): string;
  /**
   * The tile's features: a select over `tile` (its envelope `env` in Web
   * Mercator, and `area`, the same with its buffer in lon/lat for the spatial
   * index), with `id`, attributes, and `geom` made by `geometry`.
   */
  query(ctx: BaseContext, parameters: Record<string, string>, tile: [number, number, number], geometry: TileGeometry): Promise<SqlFragment>;
  /**
   * For point layers: how many features the parameters select, and the GeoJSON
   * export holding the same features, which a map may load whole when they are few.
   */
  whole?: {
    count(ctx: BaseContext, parameters: Record<string, string>): Promise<number>;
    geojson(parameters: Record<string, string>): string;
  };
}

/** SQL turning a Web Mercator geometry into the tile's (see encode.ts). */
export type TileGeometry = (mercator: string, shape: 'polygon' | 'line' | 'point') => string;

/** Administrative units of a level on the map of a date, with a metric's value for the period when asked (the choropleth). */
const units: TileLayer = {
  id: 'units',
  label: { vi: 'Đơn vị hành chính', en: 'Administrative units' },
  geometry: 'polygon',
  description:
    'Administrative units of one level in force on a date; with metric and year, each unit’s value and status (PUBLISHED, WITHHELD or NOT_APPLICABLE; no value unless PUBLISHED).',
  fields: { id: 'Number', code: 'String', name: 'String', level: 'String', value: 'Number', status: 'String' },
  minzoom: 0,
  maxzoom: 16,
  parameters(query) {
    const level = parseLevel(query.level ?? UnitLevel.COMMUNE);
    const asOf = parseOptionalDate(query.asOf, 'asOf') ?? todayInVietnam();
    checkAsOf(asOf);
    const out: Record<string, string> = { level, asOf };
    const asked = query.metric;
    if (typeof asked === 'string' && asked !== '') {
      const metric = findMetric(asked);
      if (!metric)
        throw userError(
          `There is no metric "${asked}". Known metrics: ${allMetrics()
            .map((m) => m.id)
            .join(', ')}.`,
        );
      periodOf({ year: Number(query.year) }); // refuses a missing or absurd year
      Object.assign(out, { metric: metric.id, year: String(Number(query.year)) });
    }
    return out;
  },
  tables: (p) => (p.metric ? measureTables(measuresOf(findMetric(p.metric)!.formula)) : []),
  // Person figures depend on who reads them (access/disclosure.ts); other metrics and the geography alone are the same for all.
  scope: (ctx, p) => (p.metric && measuresOf(findMetric(p.metric)!.formula).some(isPersonal) ? disclosureScope(ctx.viewer) : 'all'),
  async query(ctx, p, _tile, geometry) {
    // The metric for every unit of the map, computed once for all its tiles (metricFor keeps it).
    // A unit without a value (withheld from this reader, or nothing to divide by) has no `value`, and its `status` says why.
    const computed = p.metric
      ? await metricFor(ctx, findMetric(p.metric)!, { level: p.level as UnitLevel, asOf: p.asOf }, periodOf({ year: Number(p.year) }))
      : [];
    // A value is sent only where published (bindings cannot carry nulls): 0 stands in for the others, and `v.status` decides.
    const values = { ids: computed.map((v) => v.unit.versionId), values: computed.map((v) => v.value ?? 0), statuses: computed.map((v) => String(v.status)) };
    return {
      sql: `select u.id, u.code, u.name, u.level::text as level, case when v.status = 'PUBLISHED' then v.value end as value, v.status, ${geometry('u.geom_mercator', 'polygon')} as geom
            from tile, admin_unit u
            left join unnest(?::int[], ?::float8[], ?::text[]) as v(id, value, status) on v.id = u.id
            where u.level = ?::unit_level and u.valid_from <= ?::date and (u.valid_to is null or u.valid_to > ?::date) and u.geom && tile.area`,
      bindings: [values.ids, values.values, values.statuses, p.level, p.asOf, p.asOf],
    };
  },
};

/** Map cells (the MapCells migration) are the grid at zoom 11: tiles up to zoom 7 count from them (16 cells a side). */
const mapCellZoom = 11;

/**
 * A located record type as points: each record with its own fields at zoom
 * 12 and above; below, one point per cell with how many it gathers (a
 * country's 500,000 camera sites do not fit in a tile one by one). A record
 * with an area (a model guarding a site) is drawn at a point inside it.
 */
/** A record's own fields as tile attributes (a string, number or boolean: lists become comma-separated text). */
function attributesOf(kind: AnyRecordKind) {
  return Object.entries(kind.columns)
    .filter(([prop]) => !prop.endsWith('Id'))
    .map(([prop, column]) => [prop, column.endsWith('[]') ? `array_to_string(${column}, ',')` : column] as const);
}

/** What a record layer takes and depends on: a period, the record type's table, and (a partner) its territory. */
function recordLayerBase(type: RecordType, geometry: TileLayer['geometry']) {
  const { kind, tiles } = type;
  return {
    id: tiles!.id,
    label: tiles!.label,
    geometry,
    record: type,
    description: tiles!.description,
    minzoom: 0,
    maxzoom: 16,
    parameters(query: Record<string, unknown>) {
      const from = parseOptionalDate(query.from, 'from');
      const to = parseOptionalDate(query.to, 'to');
      if (from && to && from > to) throw userError(`from (${from}) is after to (${to}); swap them.`);
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    },
    tables: () => [kind.table],
    // A partner reads only its units' territory (records.ts, readable); everyone else the same rows.
    scope: (ctx: BaseContext) => (ctx.viewer.role === Role.PARTNER ? `partner:${[...ctx.viewer.units].sort().join(',')}` : 'all'),
  };
}

/**
 * A record type drawn as lines (patrol routes): each record with its own
 * fields at every zoom, its course clipped to the tile; they are few, so never gathered.
 */
function lineLayer(type: RecordType): TileLayer {
  const kind = type.kind;
  const own = attributesOf(kind);
  return {
    ...recordLayerBase(type, 'line'),
    fields: { id: 'Number', ...Object.fromEntries(own.map(([prop]) => [prop, 'String'])), lengthKm: 'Number' },
    async query(ctx, p, _tile, geometry) {
      const where = whereClause([...readable(kind, ctx), ...periodCondition(kind.period, p.from, p.to), { sql: 'r.location && tile.area', bindings: [] }]);
      return {
        sql: `select r.id, ${own.map(([prop, column]) => `${column} as "${prop}"`).join(', ')}, ${geometry('ST_Transform(r.location, 3857)', 'line')} as geom
              from tile, ${kind.table} r where ${where.sql}`,
        bindings: where.bindings,
      };
    },
  };
}

function pointLayer(type: RecordType): TileLayer {
  const kind = type.kind;
  const own = attributesOf(kind);
  // A record with an area (a model guarding a site) is drawn at a point inside it.
  const point = kind.geometry === 'geometry' ? 'ST_PointOnSurface(r.location)' : 'r.location';
  return {
    ...recordLayerBase(type, 'point'),
    fields: { id: 'Number', count: 'Number', ...Object.fromEntries(own.map(([prop]) => [prop, 'String'])) },
    whole: {
      async count(ctx, p) {
        const where = whereClause([...readable(kind, ctx), ...periodCondition(kind.period, p.from, p.to)]);
        const { rows } = await runSql(ctx.knex, `select count(*)::int as n from ${kind.table} r where ${where.sql}`, where.bindings);
        return rows[0].n;
      },
      geojson: (p) => `/export/${kind.queryName}.geojson${p.from || p.to ? `?filter=${encodeURIComponent(JSON.stringify(p))}` : ''}`,
    },
    async query(ctx, p, [z, x, y], geometry) {
      const limits = readable(kind, ctx);
      const where = whereClause([...limits, ...periodCondition(kind.period, p.from, p.to), { sql: 'r.location && tile.area', bindings: [] }]);
      if (z >= clusterBelowZoom) {
        return {
          sql: `select r.id, ${own.map(([prop, column]) => `${column} as "${prop}"`).join(', ')}, ${geometry(`ST_Transform(${point}, 3857)`, 'point')} as geom
                from tile, ${kind.table} r where ${where.sql}`,
          bindings: where.bindings,
        };
      }
      // Cells of the grid at zoom z + 4 (16 a tile side), each drawn at the mean of its points, with an id
      // made of its place in that grid (under 2^30 up to zoom 11). Only the tile's own cells: a cell's points in the neighbour's
      // buffer would be drawn there as a second, partial cluster.
      const cells = 2 ** (z + Math.log2(clusterCells));
      const [xs, ys] = [x, y].map((t) => [t * clusterCells, (t + 1) * clusterCells - 1]); // the tile's cells, first and last
      const drawn = (lon: string, lat: string, count: string) =>
        geometry(`ST_Transform(ST_SetSRID(ST_MakePoint(${lon} / ${count}, ${lat} / ${count}), 4326), 3857)`, 'point');
      const years = { from: /^(\d{4})-01-01$/.exec(p.from ?? '0000-01-01')?.[1], to: /^(\d{4})-12-31$/.exec(p.to ?? '9999-12-31')?.[1] };
      if (z + Math.log2(clusterCells) <= mapCellZoom && limits.length === 0 && years.from && years.to) {
        // Whole years, and every record readable: counted from map cells, in place at some time in the years
        // from–to being those begun by `to` less those ended before `from`.
        const shift = mapCellZoom - Math.log2(cells);
        const [began, ended] = ['c.year <= ?', 'c.year < ?'];
        const net = (startedColumn: string, endedColumn: string) =>
          `coalesce(sum(${startedColumn}) filter (where ${began}), 0) - coalesce(sum(${endedColumn}) filter (where ${ended}), 0)`;
        const [toYear, fromYear] = [Number(years.to), Number(years.from)];
        return {
          sql: `select cell.id, cell.count, ${drawn('cell.lon', 'cell.lat', 'cell.count')} as geom
                from tile, (select (c.x >> ${shift}) * ${cells} + (c.y >> ${shift}) as id, (${net('c.started', 'c.ended')})::int as count,
                                   ${net('c.started_lon', 'c.ended_lon')} as lon, ${net('c.started_lat', 'c.ended_lat')} as lat
                            from map_cell c where c.layer = ? and c.x between ? and ? and c.y between ? and ?
                            group by c.x >> ${shift}, c.y >> ${shift}) cell
                where cell.count > 0`,
          bindings: [
            toYear,
            fromYear,
            toYear,
            fromYear,
            toYear,
            fromYear,
            kind.table,
            xs[0] << shift,
            ((xs[1] + 1) << shift) - 1,
            ys[0] << shift,
            ((ys[1] + 1) << shift) - 1,
          ],
        };
      }
      // Found from lon/lat by arithmetic: transforming and snapping each point cost ten times as much.
      // sum / count, not avg: avg's larger state made the planner sort the points on disk instead of hashing the cells.
      const [lon, lat] = [`ST_X(${point})`, `ST_Y(${point})`];
      const [cx, cy] = [`floor((${lon} + 180) / 360 * ${cells})`, `floor((1 - ln(tan(radians(${lat})) + 1 / cos(radians(${lat}))) / pi()) / 2 * ${cells})`];
      return {
        sql: `select (${cx})::int * ${cells} + (${cy})::int as id, count(*)::int as count, ${drawn(`sum(${lon})`, `sum(${lat})`, 'count(*)')} as geom
              from tile, ${kind.table} r where ${where.sql} and ${cx} between ${xs[0]} and ${xs[1]} and ${cy} between ${ys[0]} and ${ys[1]}
              group by tile.env, ${cx}, ${cy}`,
        bindings: where.bindings,
      };
    },
  };
}

let layers: { types: number; byId: Record<string, TileLayer> } | undefined;

/** The map's tile layers: the units, then every record type that declares one (points, or lines for routes). */
export function tileLayers(): Record<string, TileLayer> {
  // Built once every record type is declared: the catalogue fills as the features load.
  if (layers?.types !== recordTypes.length) {
    const drawn = recordTypes.flatMap((type) => (type.tiles ? [(type.kind.geometry === 'line' ? lineLayer : pointLayer)(type)] : []));
    layers = { types: recordTypes.length, byId: Object.fromEntries([units, ...drawn].map((layer) => [layer.id, layer])) };
  }
  return layers.byId;
}

/**
 * What a map needs to know of a layer's records to open one: its GraphQL type,
 * the field naming a record, its period's fields, and the lists of other types'
 * records that name it (a model's camera sites and patrol routes), with whether those are drawn as lines.
 */
export function recordDescription(type: RecordType) {
  const fields = Object.entries(type.fields);
  return {
    type: type.typeName,
    name: type.search ?? null,
    period: type.period,
    enums: fields.flatMap(([field, f]) =>
      f.type === 'enum' || f.type === 'enumList' ? [{ field, list: f.type === 'enumList', values: enumWords(f.enum) }] : [],
    ),
    references: fields.flatMap(([field, f]) => (f.type === 'reference' ? [{ field, type: f.to }] : [])),
    lists: recordTypes.flatMap((other) =>
      Object.values(other.fields).flatMap((f) =>
        f.type === 'reference' && f.to === type.typeName && f.listedAs
          ? [
              {
                field: f.listedAs.field,
                description: f.listedAs.description,
                type: other.typeName,
                name: other.search ?? null,
                label: other.tiles?.label ?? null,
                geometry: other.kind.geometry === 'line' ? 'line' : other.kind.geometry ? 'point' : null,
              },
            ]
          : [],
      ),
    ),
  };
}

/** Each value of an enum in both languages, from its registered description "English (Vietnamese)." (graphql/enums.ts). */
function enumWords(values: object): Record<string, { vi: string; en: string }> {
  const config = getMetadataStorage().enums.find((e) => e.enumObj === values)?.valuesConfig ?? {};
  return Object.fromEntries(
    Object.keys(values).map((value) => {
      const description = config[value]?.description ?? value;
      const [, en, vi] = /^(.*?)\s*\(([^()]*)\)\.?$/.exec(description) ?? [description, description, description];
      return [value, { vi, en }];
    }),
  );
}
