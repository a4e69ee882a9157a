import type { ClassType } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import {
  checkGeoJSON,
  distanceTo,
  GeoJSONInputError,
  inBoundingBox,
  intersects,
  invalidReason,
  nearPoint,
  runSql,
  within,
  withinUnit,
  type Knex,
  type SqlFragment,
} from '@anbinh/db';
import { Role, type Geometry } from '@anbinh/shared';
import { userError } from '../graphql/errors';
import { searchWords } from '../graphql/input';
import { Node, toGlobalId } from '../graphql/node';
import {
  afterRow,
  connection,
  keyColumns,
  pageConnection,
  planPage,
  rowCursor,
  withoutKeys,
  type Connection,
  type Keyset,
  type PageArgs,
  type SortKey,
} from '../graphql/pagination';
import { LocatedRecordFilter, NamedRecordFilter, RecordOrder, type RecordFilter } from './record.inputs';

/** What every record type shows: its global id, whether it is sample data, and where it was recorded. */
@ObjectType()
export abstract class RecordNode extends Node {
  /** The row's id; with the type name it makes the global id. */
  dbId!: number;
  typeName!: string;
  unitId!: number;
  atomId!: string;

  @Field(() => Boolean, { description: 'True for generated sample data, false for a recorded fact.' })
  sample!: boolean;

  @Field(() => Int, { description: 'Raised by every update; pass it back when you change the record, so a stale change is refused (CONFLICT).' })
  version!: number;
}

/** A record with a location (a point, or for some models an area). */
@ObjectType()
export abstract class LocatedRecordNode extends RecordNode {
  location!: Geometry | null;

  @Field(() => Float, { nullable: true, description: 'Geodesic distance in metres to `filter.near`, when the query gave one.' })
  distanceMetres!: number | null;
}

/** Where a record lies: a point (required), a point or an area (optional), or a route (a line, required). */
export type LocationKind = 'point' | 'geometry' | 'line';

/** How a record type lies in time, as SQL over `r`: on one date, or over a span (open while `to` is null). */
export type Period = { on: string } | { from: string; to: string };

/**
 * Everything the generic collection needs to know about one record type: its
 * table, the columns behind its fields, its dates, and its own filters. Derived
 * by `defineRecordType` from a feature's declaration; the SQL, pagination and loaders are shared.
 */
export interface RecordKind<N extends RecordNode, F extends RecordFilter> {
  typeName: string;
  /** The Query field, e.g. "cameraSites". */
  queryName: string;
  description: string;
  table: string;
  node: ClassType<N>;
  filter: ClassType<F>;
  /** Node property → SQL expression over the alias `r`. */
  columns: Record<string, string>;
  period: Period;
  /** The column searched by `filter.search` and sorted by NAME_ASC. */
  nameColumn?: string;
  located?: boolean;
  /** Its location's kind, when it has one. */
  geometry?: LocationKind;
  /** Conditions from the type's own filter fields. */
  where?: (filter: F) => SqlFragment[];
  /**
   * Who may read rows of this type, and which: conditions limiting the rows to
   * the viewer's, or a thrown FORBIDDEN / UNAUTHENTICATED. Absent: everyone, every row.
   */
  access?: (reader: Reader) => SqlFragment[];
}

// `any`: the shared SQL only reads the descriptor, whatever the node and filter types.
export type AnyRecordKind = RecordKind<any, any>;

const baseColumns = { dbId: 'r.id', unitId: 'r.unit_id', atomId: 'r.atom_id', sample: 'r.sample', version: 'r.version' };

const selectLists = new WeakMap<AnyRecordKind, string>();
function selectList(kind: AnyRecordKind): string {
  let list = selectLists.get(kind);
  if (list === undefined) selectLists.set(kind, (list = buildSelectList(kind)));
  return list;
}
function buildSelectList(kind: AnyRecordKind): string {
  const columns: Record<string, string> = { ...baseColumns, ...kind.columns };
  if (kind.located) columns.location = 'ST_AsGeoJSON(r.location, 6)::json';
  return Object.entries(columns)
    .map(([prop, sql]) => `${sql} as "${prop}"`)
    .join(', ');
}

export function toRecord<N extends RecordNode>(kind: RecordKind<N, RecordFilter>, row: Record<string, unknown>): N {
  return Object.assign(new kind.node(), { distanceMetres: null, ...row, typeName: kind.typeName, id: toGlobalId(kind.typeName, row.dbId as number) });
}

/** SQL for "active at some time in [from, to]" or "dated within [from, to]". */
export function periodCondition(period: Period, from?: string | null, to?: string | null): SqlFragment[] {
  const out: SqlFragment[] = [];
  const [start, end] = 'on' in period ? [period.on, period.on] : [period.from, period.to];
  if (from) out.push({ sql: 'on' in period ? `${start} >= ?` : `(${end} is null or ${end} >= ?)`, bindings: [from] });
  if (to) out.push({ sql: `${start} <= ?`, bindings: [to] });
  return out;
}

const startColumn = (period: Period) => ('on' in period ? period.on : period.from);

/** Refuses GeoJSON that PostGIS cannot use, saying why. */
export async function checkedGeometry(knex: Knex, value: unknown, field: string): Promise<Geometry> {
  let geometry: Geometry;
  try {
    geometry = checkGeoJSON(value);
  } catch (error) {
    if (error instanceof GeoJSONInputError) throw userError(`filter.${field}: ${error.message}.`);
    throw error;
  }
  const check = invalidReason(geometry);
  const { rows } = await runSql(knex, check.sql, check.bindings);
  if (rows[0].reason) throw userError(`filter.${field} is not a valid geometry (${rows[0].reason}); fix it (for example with ST_MakeValid) and send it again.`);
  return geometry;
}

/** Turns a filter into SQL conditions over `r`, plus the distance expression when a point was given. */
/** What reading a collection needs: the database, the geography to resolve unit codes on, and who is reading. */
export type Reader = Pick<Context, 'knex' | 'gazetteer' | 'viewer'>;

/**
 * The rows of a type a viewer may read: the type's own rule (community-education
 * cases), and for a partner system only its declared units' territory, across
 * reorganisations. Lists, nested lists, node(id:) and exports all go through here.
 */
export function readable(kind: AnyRecordKind, reader: Reader): SqlFragment[] {
  const own = kind.access?.(reader) ?? [];
  if (reader.viewer.role !== Role.PARTNER) return own;
  return [...own, { sql: 'r.atom_id = any(?::text[])', bindings: [reader.gazetteer.territory(reader.viewer.units).atoms] }];
}

/** The pieces (record_piece) of a route `r` in some atoms: a route lies wherever any stretch of it does. */
const piecesIn = (kind: AnyRecordKind, atoms: string) =>
  `exists (select 1 from record_piece p where p.record_table = '${kind.table}' and p.record_id = r.id and p.atom_id ${atoms})`;

/** A record lies in a unit version's territory: its atom does, or for a route, any stretch of it. */
function inTerritory(kind: AnyRecordKind, unitVersionId: number): SqlFragment {
  if (kind.geometry !== 'line') return withinUnit('r.atom_id', unitVersionId);
  return { sql: piecesIn(kind, 'in (select atom_id from admin_unit_atom where unit_id = ?)'), bindings: [unitVersionId] };
}

export async function filterConditions(reader: Reader, kind: AnyRecordKind, filter: RecordFilter | null | undefined) {
  const { knex } = reader;
  const f = (filter ?? {}) as LocatedRecordFilter;
  const conditions: SqlFragment[] = readable(kind, reader);
  if (f.from && f.to && f.from > f.to) throw userError(`filter.from (${f.from}) is after filter.to (${f.to}); swap them.`);
  if (f.unitCode != null) {
    const unit = reader.gazetteer.forPeriod(f.unitCode, { asOf: f.asOf ?? undefined, from: f.from ?? undefined, to: f.to ?? undefined });
    conditions.push(inTerritory(kind, unit.versionId));
  }
  conditions.push(...periodCondition(kind.period, f.from, f.to));
  if (f.sample != null) conditions.push({ sql: 'r.sample = ?', bindings: [f.sample] });
  const words = searchWords((f as NamedRecordFilter).search, 'filter.search');
  if (words && kind.nameColumn) {
    const folded = words.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push({ sql: `' ' || fold_vi(r.${kind.nameColumn}) like ?`, bindings: [`% ${folded}%`] });
  }
  let distance: SqlFragment | undefined;
  if (kind.located) {
    if (f.near) {
      const { longitude, latitude, withinMetres } = f.near;
      if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90)
        throw userError('filter.near: longitude must be within −180…180 and latitude within −90…90 (longitude first).');
      if (withinMetres != null && !(withinMetres > 0 && withinMetres <= 1_000_000))
        throw userError('filter.near.withinMetres must be more than 0 and at most 1,000,000.');
      distance = distanceTo('r.location', longitude, latitude);
      if (withinMetres != null) conditions.push(nearPoint('r.location', longitude, latitude, withinMetres));
    }
    if (f.bbox) {
      const [west, south, east, north] = f.bbox;
      if (f.bbox.length !== 4 || !(west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north)) {
        throw userError('filter.bbox must be [west, south, east, north] in degrees, west ≤ east and south ≤ north.');
      }
      conditions.push(inBoundingBox('r.location', f.bbox));
    }
    if (f.intersects) conditions.push(intersects('r.location', await checkedGeometry(knex, f.intersects, 'intersects')));
    if (f.within) conditions.push(within('r.location', await checkedGeometry(knex, f.within, 'within')));
  }
  conditions.push(...(kind.where?.(f) ?? []));
  return { conditions, distance };
}

export function whereClause(conditions: SqlFragment[]): SqlFragment {
  return conditions.length === 0
    ? { sql: 'true', bindings: [] }
    : { sql: conditions.map((c) => `(${c.sql})`).join(' and '), bindings: conditions.flatMap((c) => c.bindings) };
}

/**
 * A collection's order as keyset keys: the orders asked for, then the id, which
 * runs the way the first key does so that one index on (date, id) serves both
 * directions. The scope names the collection, the order and, for distances, the point.
 */
export function recordKeyset(kind: AnyRecordKind, orderBy: RecordOrder[] | null | undefined, distance?: SqlFragment): Keyset {
  const order = orderBy?.length ? orderBy : [distance ? RecordOrder.DISTANCE_ASC : RecordOrder.DATE_DESC];
  const keys: SortKey[] = order.map((o) => {
    switch (o) {
      case RecordOrder.DATE_ASC:
        return { sql: startColumn(kind.period) };
      case RecordOrder.DATE_DESC:
        return { sql: startColumn(kind.period), descending: true };
      case RecordOrder.ID_ASC:
        return { sql: 'r.id' };
      case RecordOrder.NAME_ASC:
        if (!kind.nameColumn) throw userError(`${kind.typeName} records have no name to sort by; use DATE_ASC, DATE_DESC or ID_ASC.`);
        return { sql: `(r.${kind.nameColumn} collate "C")` };
      case RecordOrder.DISTANCE_ASC:
        if (!distance) throw userError('DISTANCE_ASC needs a point: give filter.near { longitude latitude }.');
        return { sql: distance.sql, bindings: distance.bindings, nullable: true };
    }
  });
  keys.push({ sql: 'r.id', descending: keys[0].descending });
  return { scope: `${kind.queryName}|${order.join(',')}|${distance ? JSON.stringify(distance.bindings) : ''}`, keys };
}

/** ORDER BY for a keyset read from the start. */
export function orderClause(keyset: Keyset): SqlFragment {
  return {
    sql: keyset.keys.map((k) => `${k.sql} ${k.descending ? 'desc' : 'asc'}`).join(', '),
    bindings: keyset.keys.flatMap((k) => k.bindings ?? []),
  };
}

type Filtered = Awaited<ReturnType<typeof filterConditions>>;

/** Rows of a filtered collection in an order, at most `limit`, with extra conditions and selected expressions. */
async function selectRows(
  knex: Knex,
  kind: AnyRecordKind,
  filtered: Filtered,
  order: SqlFragment,
  limit: number,
  extra: { conditions?: SqlFragment[]; columns?: SqlFragment } = {},
): Promise<Record<string, unknown>[]> {
  const where = whereClause([...filtered.conditions, ...(extra.conditions ?? [])]);
  const distance = filtered.distance;
  const { rows } = await runSql(
    knex,
    `select ${selectList(kind)}${distance ? `, ${distance.sql} as "distanceMetres"` : ''}${extra.columns ? `, ${extra.columns.sql}` : ''}
     from ${kind.table} r where ${where.sql} order by ${order.sql} limit ?`,
    [...(distance?.bindings ?? []), ...(extra.columns?.bindings ?? []), ...where.bindings, ...order.bindings, limit],
  );
  return rows;
}

async function countRecords(knex: Knex, kind: AnyRecordKind, filtered: Filtered): Promise<number> {
  const where = whereClause(filtered.conditions);
  const { rows } = await runSql(knex, `select count(*)::int as total from ${kind.table} r where ${where.sql}`, where.bindings);
  return rows[0].total;
}

/** One page of a collection after or before a cursor: one statement, and a count only when totalCount is asked for. */
export async function listRecords<N extends RecordNode>(
  reader: Reader & Pick<Context, 'tokens'>,
  kind: RecordKind<N, RecordFilter>,
  filter: RecordFilter | null | undefined,
  orderBy: RecordOrder[] | null | undefined,
  page: PageArgs,
): Promise<Connection<N>> {
  const { knex } = reader;
  const any = kind as unknown as AnyRecordKind;
  const cursors = reader.tokens.cursors;
  const filtered = await filterConditions(reader, any, filter);
  const plan = planPage(recordKeyset(any, orderBy, filtered.distance), page, cursors);
  const rows = await selectRows(knex, any, filtered, plan.order, plan.limit, { conditions: plan.conditions, columns: plan.keyColumns });
  return pageConnection(
    plan,
    rows,
    (row) => toRecord(kind, row),
    cursors,
    () => countRecords(knex, any, filtered),
  );
}

/**
 * Every record of a filtered collection, up to `max`, in batches of `batch` read one after another by keyset
 * (exports): each batch is a short statement, so a slow reader holds no connection, and only the batch it is
 * being sent is in memory. Refuses more than `max` before the first batch, so an export never runs away.
 */
export async function* recordBatches(
  reader: Reader,
  kind: AnyRecordKind,
  filter: RecordFilter | null | undefined,
  orderBy: RecordOrder[] | null | undefined,
  max: number,
  batch: number,
): AsyncGenerator<RecordNode[]> {
  const { knex } = reader;
  const filtered = await filterConditions(reader, kind, filter);
  const total = await countRecords(knex, kind, filtered);
  if (total > max)
    throw userError(
      `The export would hold ${total.toLocaleString('en')} rows; at most ${max.toLocaleString('en')} are allowed. Narrow the filter (a unit, a period).`,
    );
  const keyset = recordKeyset(kind, orderBy, filtered.distance);
  const order = orderClause(keyset);
  let last: Record<string, unknown> | undefined;
  for (let read = 0; read < max;) {
    const conditions = last ? [afterRow(keyset, last)] : [];
    const rows = await selectRows(knex, kind, filtered, order, Math.min(batch, max - read), { conditions, columns: keyColumns(keyset) });
    if (rows.length > 0) yield rows.map((row) => toRecord(kind, withoutKeys(row)));
    if (rows.length < batch) return;
    read += rows.length;
    last = rows.at(-1);
  }
}

/** Rows by id, for `node(id:)` and references between records. */
export async function recordsById(reader: Reader, kind: AnyRecordKind, ids: readonly number[]): Promise<(RecordNode | null)[]> {
  const where = whereClause([{ sql: 'r.id = any(?)', bindings: [[...ids]] }, ...readable(kind, reader)]);
  const { rows } = await runSql(reader.knex, `select ${selectList(kind)} from ${kind.table} r where ${where.sql}`, where.bindings);
  const byId = new Map(rows.map((row: Record<string, unknown>) => [row.dbId, toRecord(kind, row)]));
  return ids.map((id) => (byId.get(id) as RecordNode | undefined) ?? null);
}

/** How nested collections find their parent's records: by territory (a unit) or by a foreign key. */
export type Parent = { byUnitTerritory: true } | { column: string };

/**
 * The first N records of many parents at once, with each parent's total: one
 * statement for a whole page of parents, so nesting costs no extra round trips.
 * A unit's territory comes from the gazetteer in memory, as atom ids: joining
 * admin_unit_atom instead cost PostgreSQL more planning than running the statement.
 */
export async function recordsOfParents(
  reader: Reader & Pick<Context, 'tokens'>,
  kind: AnyRecordKind,
  parent: Parent,
  parentIds: readonly number[],
  args: { first: number; from?: string | null; to?: string | null },
): Promise<Connection<RecordNode>[]> {
  const column = 'column' in parent ? `r.${parent.column}` : undefined;
  const single = parentIds.length === 1;
  const conditions = [...readable(kind, reader), ...periodCondition(kind.period, args.from, args.to)];
  let from = '';
  let fromBindings: unknown[] = [];
  const line = kind.geometry === 'line';
  if (single && !column)
    conditions.push({ sql: line ? piecesIn(kind, '= any(?::text[])') : 'r.atom_id = any(?::text[])', bindings: [[...reader.gazetteer.atoms(parentIds[0])]] });
  else if (single) conditions.push({ sql: `${column} = ?`, bindings: [parentIds[0]] });
  else if (column) conditions.push({ sql: `${column} = any(?)`, bindings: [[...parentIds]] });
  else {
    const pairs = parentIds.flatMap((id) => reader.gazetteer.atoms(id).map((atom) => [id, atom] as const));
    from = line
      ? `join lateral (select distinct u.unit_id from unnest(?::int[], ?::text[]) as u(unit_id, atom_id)
           join record_piece rp on rp.atom_id = u.atom_id and rp.record_table = '${kind.table}' and rp.record_id = r.id) p on true`
      : 'join unnest(?::int[], ?::text[]) as p(unit_id, atom_id) on p.atom_id = r.atom_id';
    fromBindings = [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  }
  // With one parent there is nothing to partition by; its rows come back without a key.
  const key = single ? undefined : (column ?? 'p.unit_id');
  const partition = key ? `partition by ${key}` : '';
  const where = whereClause(conditions);
  const keyset = recordKeyset(kind, null);
  const order = orderClause(keyset);
  const keyColumns = keyset.keys.map((k, i) => `(${k.sql})::text as "_k${i}"`).join(', ');
  // Ranked by a window, not ORDER BY … LIMIT: given a LIMIT, PostgreSQL's cached plan walked the whole
  // date index backwards to find a unit's few rows.
  const sql = `select * from (
       select ${selectList(kind)}, ${keyColumns}${key ? `, ${key} as "parentKey"` : ''},
              count(*) over (${partition})::int as "parentTotal",
              row_number() over (${partition} order by ${order.sql}) as "rank"
       from ${kind.table} r ${from}
       where ${where.sql}
     ) ranked where "rank" <= greatest(?::int, 1)`; // one row even for first: 0, so the total still comes back
  const bindings = [...order.bindings, ...fromBindings, ...where.bindings, args.first];
  const { rows } = await runSql(reader.knex, sql, bindings);
  const grouped = new Map<number, { edges: { cursor: string; node: RecordNode }[]; total: number }>();
  for (const { parentKey = parentIds[0], parentTotal, rank: _rank, ...row } of rows as Record<string, unknown>[]) {
    const entry = grouped.get(parentKey as number) ?? { edges: [], total: parentTotal as number };
    // The cursors continue in the collection's own query, in its default order.
    if (entry.edges.length < args.first) entry.edges.push({ cursor: rowCursor(keyset, row, reader.tokens.cursors), node: toRecord(kind, withoutKeys(row)) });
    grouped.set(parentKey as number, entry);
  }
  return parentIds.map((id) => {
    const entry = grouped.get(id) ?? { edges: [], total: 0 };
    return connection(entry.edges, { hasNextPage: entry.total > entry.edges.length, hasPreviousPage: false }, entry.total);
  });
}

/** A nested collection (a unit's models, a model's camera sites…), batched across all parents of a request. */
export function nestedRecords(
  ctx: Reader & Pick<Context, 'loader' | 'tokens'>,
  kind: AnyRecordKind,
  parent: Parent,
  parentId: number,
  args: { first: number; from?: string | null; to?: string | null },
): Promise<Connection<RecordNode>> {
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > 100) throw userError('first must be between 0 and 100 on a nested collection.');
  if (args.from && args.to && args.from > args.to) throw userError(`from (${args.from}) is after to (${args.to}); swap them.`);
  const name = `${kind.typeName}|${JSON.stringify(parent)}|${args.first}|${args.from ?? ''}|${args.to ?? ''}`;
  return ctx.loader<number, Connection<RecordNode>>(name, (ids) => recordsOfParents(ctx, kind, parent, ids, args)).load(parentId);
}

/** One record by id, batched with every other lookup of the same type in the request. */
export function loadRecord(ctx: Reader & Pick<Context, 'loader'>, kind: AnyRecordKind, id: number): Promise<RecordNode | null> {
  return ctx.loader<number, RecordNode | null>(`${kind.typeName}|byId`, (ids) => recordsById(ctx, kind, ids)).load(id);
}
