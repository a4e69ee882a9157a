import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Resolver, Root, type ClassType } from 'type-graphql';
import type { SqlFragment } from '@anbinh/db';
import type { Context } from '../graphql/context';
import { argDocs } from '../graphql/arguments';
import { fromGlobalId, Node } from '../graphql/node';
import { ConnectionType, type Connection } from '../graphql/pagination';
import { DateScalar } from '../graphql/scalars';
import { AdminUnitNode } from '../geography/admin-unit.type';
import { equals, oneOf } from './enum-filter';
import { columnOf, float, graphqlTypeOf, lengthKmSelect, selectOf, type FieldSpec, type ReferenceField, type ValueOf } from './fields';
import { writePipeline, type WriteSpec } from './pipeline';
import { LocatedRecordNode, loadRecord, nestedRecords, RecordNode, type LocationKind, type Period, type Reader, type RecordKind } from './record';
import { LocatedRecordFilter, NamedRecordFilter, RecordFilter } from './record.inputs';
import { recordResolver } from './record.resolver';
import type { DeclaredMeasure, DeclaredTileLayer, RecordMutation, RecordType } from './record-type';
import type { MetricDefinition } from '@anbinh/shared';
import { register, requireRecordType } from './catalogue';

type FieldName<Fs> = keyof Fs & string;

/** One record type, declared once: the engine derives its schema, reads, writes, change type, import and export. */
export interface RecordTypeDeclaration<Fs extends Record<string, FieldSpec>> {
  /** The GraphQL type, e.g. CameraSite. */
  typeName: string;
  /** Its list on Query, e.g. cameraSites; also its export's name (/export/cameraSites.csv). */
  queryName: string;
  table: string;
  /** What one record is called in messages, e.g. "camera-surveillance site" (default: the type's name). */
  noun?: string;
  /** What one record is. */
  description: string;
  /** What the list on Query gives. */
  listDescription: string;
  /** What its filter selects. */
  filterDescription: string;
  /** A point (required), a point or area (optional), or a route (a line, required); absent: no location. */
  geometry?: LocationKind;
  /** How it lies in time, by its fields: on one date, over a span (open while `to` is null), or over a whole year. */
  period: { on: FieldName<Fs> } | { from: FieldName<Fs>; to: FieldName<Fs> } | { year: FieldName<Fs> };
  /** The text field `filter.search` matches and NAME_ASC sorts by. */
  search?: FieldName<Fs>;
  fields: Fs;
  /** Listed on AdminUnit (as `queryName`) with this description: the records in a unit's territory. */
  listedOnUnit?: string;
  /** Who may read which rows (default: everyone, every row): conditions, or a thrown FORBIDDEN. */
  access?: (reader: Reader) => SqlFragment[];
  /** Rules across fields of a record as it would be stored: a sentence when broken. */
  check?(values: Record<string, unknown>): string | undefined;
  /** A mutation under another name or with its own words (recordCameraSite), or `false` for none. */
  mutations?: WriteSpec['mutations'];
  /** Quantities counted from it per unit and period, by id (e.g. patrolKm), each over its fields. */
  measures?: Record<string, Omit<DeclaredMeasure, 'value' | 'kind'> & { value: 'count' | 'kilometres' | { sum: FieldName<Fs> }; kind?: FieldName<Fs> }>;
  /** Metrics over its measures, in the catalogue beside the others (built with `metric` from @anbinh/shared). */
  metrics?: readonly MetricDefinition[];
  /** Drawn on the map: a tile layer with this id and description (points, or lines for routes). */
  tiles?: DeclaredTileLayer;
}

/** A record of a declared type, as resolvers and code see it. */
export type RecordOf<Fs extends Record<string, FieldSpec>> = RecordNode &
  Partial<LocatedRecordNode> & {
    [K in keyof Fs as Fs[K] extends ReferenceField ? never : K]: ValueOf<Fs[K]>;
  };

function periodOf(
  fields: Record<string, FieldSpec>,
  period: { on: string } | { from: string; to: string } | { year: string },
): { sql: Period; start: WriteSpec['start']; end?: WriteSpec['end'] } {
  const column = (name: string) => `r.${columnOf(name, fields[name])}`;
  if ('on' in period) {
    const on = (v: Record<string, unknown>) => v[period.on] as string;
    return { sql: { on: column(period.on) }, start: { field: period.on, day: period.on, of: on, last: on } };
  }
  if ('year' in period) {
    const year = column(period.year);
    // A record of a year stands for the whole year: it falls in any period that overlaps it.
    return {
      sql: { from: `make_date(${year}, 1, 1)`, to: `make_date(${year}, 12, 31)` },
      start: { field: period.year, day: `1 January of ${period.year}`, of: (v) => `${v[period.year]}-01-01`, last: (v) => `${v[period.year]}-12-31` },
    };
  }
  return {
    sql: { from: column(period.from), to: column(period.to) },
    start: { field: period.from, day: period.from, of: (v) => v[period.from] as string },
    end: { field: period.to, column: columnOf(period.to, fields[period.to]) },
  };
}

/** A class made at run time and decorated as the @ syntax would: type-graphql reads the same metadata. */
function named<T extends ClassType>(name: string, Base: T): T {
  return { [name]: class extends Base {} }[name];
}

function method(target: ClassType, name: string, body: (...args: any[]) => unknown) {
  Object.defineProperty(target.prototype, name, { value: body, writable: true, configurable: true });
  return [target.prototype, name, Object.getOwnPropertyDescriptor(target.prototype, name)!] as const;
}

/**
 * Declares a record type. The declaration is the only place its fields, columns, limits, filters and
 * mutations are stated; the entity and migration in db/ stay separate, kept in step by the drift test.
 */
export function defineRecordType<const Fs extends Record<string, FieldSpec>>(declaration: RecordTypeDeclaration<Fs>) {
  type N = RecordOf<Fs>;
  const { typeName, table } = declaration;
  const located = declaration.geometry !== undefined;
  const period = periodOf(declaration.fields, declaration.period);
  // The end of a span is written by the close mutation unless the declaration says otherwise.
  const fields: Record<string, FieldSpec> = Object.fromEntries(
    Object.entries(declaration.fields).map(([name, f]) => [name, name === period.end?.field && f.write === undefined ? { ...f, write: 'close' } : f]),
  );
  // A route's length, read as its tiles carry it: the map's panel lists routes with it.
  if (declaration.geometry === 'line')
    fields.lengthKm ??= float({ select: lengthKmSelect, min: 0, max: 1e5, description: 'Its length in km (on the WGS 84 spheroid), to 10 m.' });
  const entries = Object.entries(fields);
  const references = entries.filter(([, f]) => f.type === 'reference') as [string, ReferenceField][];

  const NodeClass = named(typeName, (located ? LocatedRecordNode : RecordNode) as unknown as ClassType) as unknown as ClassType<N>;
  for (const [name, f] of entries) {
    if (f.type !== 'reference') Field(graphqlTypeOf(f) as never, { nullable: Boolean(f.nullable), description: f.description })(NodeClass.prototype, name);
  }
  ObjectType(typeName, { implements: Node, description: declaration.description })(NodeClass);

  const FilterClass = named(`${typeName}Filter`, located ? LocatedRecordFilter : declaration.search ? NamedRecordFilter : RecordFilter);
  const filters: ((filter: Record<string, any>) => SqlFragment[])[] = [];
  for (const [name, f] of entries) {
    if (!('filter' in f) || !f.filter) continue;
    const { name: key, description } = f.filter;
    const column = columnOf(name, f);
    if (f.type === 'enum') {
      Field(() => [f.enum], { nullable: true, description })(FilterClass.prototype, key);
      filters.push((filter) => oneOf(column, filter[key]));
    } else if (f.type === 'boolean') {
      Field(() => Boolean, { nullable: true, description })(FilterClass.prototype, key);
      filters.push((filter) => equals(column, filter[key]));
    } else {
      Field(() => [ID], { nullable: true, description })(FilterClass.prototype, key);
      filters.push((filter) =>
        filter[key]?.length ? [{ sql: `r.${column} = any(?)`, bindings: [filter[key].map((id: string) => fromGlobalId(id, `filter.${key}`).id)] }] : [],
      );
    }
  }
  InputType(`${typeName}Filter`, { description: declaration.filterDescription })(FilterClass);

  const ConnectionClass = ConnectionType(typeName, NodeClass) as ClassType<Connection<N>>;

  const kind: RecordKind<N, RecordFilter> = {
    typeName,
    queryName: declaration.queryName,
    description: declaration.listDescription,
    table,
    node: NodeClass,
    filter: FilterClass,
    columns: Object.fromEntries(entries.map(([name, f]) => (f.type === 'reference' ? [f.input, `r.${columnOf(name, f)}`] : [name, selectOf(name, f)]))),
    period: period.sql,
    nameColumn: declaration.search && columnOf(declaration.search, fields[declaration.search]),
    located,
    geometry: declaration.geometry,
    where: filters.length ? (filter) => filters.flatMap((where) => where(filter as never)) : undefined,
    access: declaration.access,
  };

  // The list on Query, the fields every record has, and the records this one names.
  const TypeResolver = named(`${typeName}Resolver`, recordResolver(kind, ConnectionClass) as ClassType);
  for (const [name, f] of references) {
    const [proto, key, descriptor] = method(TypeResolver, name, (record: Record<string, unknown>, ctx: Context) =>
      record[f.input] == null ? null : loadRecord(ctx, requireRecordType({ typeName: f.to }).kind, record[f.input] as number),
    );
    FieldResolver(() => requireRecordType({ typeName: f.to }).node, { nullable: true, description: f.description })(proto, key, descriptor);
    Root()(proto, key, 0);
    Ctx()(proto, key, 1);
  }
  Resolver(() => NodeClass)(TypeResolver);
  const resolvers: ClassType[] = [TypeResolver];

  // This type's records listed on the records it names (a model's camera sites).
  for (const [name, f] of references) {
    if (!f.listedAs) continue;
    const Listed = named(`${f.to}${typeName}ListResolver`, class {});
    const [proto, key, descriptor] = method(Listed, f.listedAs.field, (parent: RecordNode, ctx: Context, first: number) =>
      nestedRecords(ctx, kind, { column: columnOf(name, f) }, parent.dbId, { first }),
    );
    FieldResolver(() => ConnectionClass, { description: f.listedAs.description })(proto, key, descriptor);
    Root()(proto, key, 0);
    Ctx()(proto, key, 1);
    Arg('first', () => Int, { defaultValue: 20, description: argDocs.first })(proto, key, 2);
    Resolver(() => requireRecordType({ typeName: f.to }).node)(Listed);
    resolvers.push(Listed);
  }

  // The records in a unit's territory, whichever division they were recorded in.
  if (declaration.listedOnUnit) {
    const OnUnit = named(`AdminUnit${typeName}Resolver`, class {});
    const [proto, key, descriptor] = method(
      OnUnit,
      declaration.queryName,
      (unit: AdminUnitNode, ctx: Context, first: number, from?: string | null, to?: string | null) =>
        nestedRecords(ctx, kind, { byUnitTerritory: true }, unit.versionId, { first, from, to }),
    );
    FieldResolver(() => ConnectionClass, { description: declaration.listedOnUnit })(proto, key, descriptor);
    Root()(proto, key, 0);
    Ctx()(proto, key, 1);
    Arg('first', () => Int, { defaultValue: 20, description: argDocs.first })(proto, key, 2);
    Arg('from', () => DateScalar, { nullable: true, description: argDocs.from })(proto, key, 3);
    Arg('to', () => DateScalar, { nullable: true, description: argDocs.to })(proto, key, 4);
    Resolver(() => AdminUnitNode)(OnUnit);
    resolvers.push(OnUnit);
  }

  const writable = entries.some(([, f]) => f.write !== false && !f.select);
  const type: RecordType<N> & { mutations: Record<string, RecordMutation<N>> } = {
    typeName,
    noun: declaration.noun ?? typeName,
    kind: kind as never,
    node: NodeClass,
    filter: FilterClass,
    connection: ConnectionClass,
    fields,
    mutations: {},
    resolvers,
    measures: declaration.measures ?? {},
    metrics: declaration.metrics ?? [],
    tiles: declaration.tiles,
    search: declaration.search,
    period: declaration.period,
  };
  for (const [id, m] of Object.entries(type.measures)) {
    if (m.value === 'kilometres' && declaration.geometry !== 'line') throw new Error(`${typeName}.${id}: kilometres are measured on routes (geometry 'line').`);
    for (const field of [typeof m.value === 'object' ? m.value.sum : undefined, m.kind]) {
      if (field !== undefined && !(field in fields)) throw new Error(`${typeName}.${id} names ${field}, which is not one of its fields.`);
    }
  }
  if (writable) {
    const { writer, mutations, resolver } = writePipeline<N>(
      {
        kind: kind as never,
        noun: declaration.noun,
        fields,
        location: declaration.geometry,
        start: period.start,
        end: period.end,
        check: (values) => declaration.check?.(values),
        mutations: declaration.mutations,
      },
      () => type,
    );
    // A file of records is checked and written as the create mutation would: only types that have one.
    if (declaration.mutations?.create !== false) type.writer = { ...writer, type };
    type.mutations = mutations;
    resolvers.push(resolver);
  }
  register(type);
  return type;
}
