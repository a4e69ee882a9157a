import type { ClassType } from 'type-graphql';
import type { Knex } from '@anbinh/db';
import type { Context } from '../graphql/context';
import type { Connection } from '../graphql/pagination';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import type { MetricDefinition } from '@anbinh/shared';
import type { FieldSpec } from './fields';
import type { AnyRecordKind, LocationKind, RecordNode } from './record';

/** One mutation of a record type, callable from code as the schema calls it. */
export type RecordMutation<N extends RecordNode = RecordNode> = (ctx: Context, input: Record<string, unknown>) => Promise<N>;

/** A problem with one field of a record, as a sentence, its error code and its stable reason (docs/errors.md). */
export interface Problem {
  field: string;
  message: string;
  code: string;
  reason: string;
}

/** A checked new record: its unit and the columns to insert. */
export interface NewRow {
  unit: AdminUnitNode;
  columns: string[];
  placeholders: string[];
  bindings: unknown[];
}

/** What bulk import uses of a record type's writes: the same checks and the same insert as its create mutation. */
export interface RecordWriter {
  type: RecordType;
  /** The fields a new record is written with, by name. */
  createFields: [string, FieldSpec][];
  /** Point: a GeoJSON Point is required. Geometry: an optional point or area. Line: a route is required. Absent: no location. */
  location?: LocationKind;
  checkNew(ctx: Context, input: Record<string, unknown>): Promise<{ row?: NewRow; problems: Problem[] }>;
  insert(trx: Knex, ctx: Pick<Context, 'viewer' | 'address'>, row: NewRow, action: string): Promise<number>;
}

/** Everything the engine derives from one `defineRecordType` declaration. */
export interface RecordType<N extends RecordNode = RecordNode> {
  typeName: string;
  /** What one record is called in messages, e.g. "self-management model". */
  noun: string;
  /** What the generic reads need: table, columns, period, filters, access. */
  kind: AnyRecordKind;
  node: ClassType<N>;
  filter: ClassType;
  connection: ClassType<Connection<N>>;
  fields: Record<string, FieldSpec>;
  /** The checks and insert of its create mutation; absent when it has none. */
  writer?: RecordWriter;
  /** Its mutations by their schema names (createCovidTeam…). */
  mutations: Record<string, RecordMutation<N>>;
  /** The type-graphql resolvers that put it in the schema. */
  resolvers: ClassType[];
  /** The measures counted from it, by id. */
  measures: Record<string, DeclaredMeasure>;
  /** The metrics built on its measures, for the catalogue. */
  metrics: readonly MetricDefinition[];
  /** Its map layer (/tiles/<id>.json), when it has one. */
  tiles?: DeclaredTileLayer;
  /** The text field that names a record (filter.search), when it has one. */
  search?: string;
  /** How it lies in time, by its fields. */
  period: { on: string } | { from: string; to: string } | { year: string };
}

/**
 * A quantity counted per unit and period from a record type's rows: how many
 * there are, the sum of a field, or (a route) the kilometres inside the unit.
 * Spans count when active at some time in the period, dated records when dated in it.
 */
export interface DeclaredMeasure {
  value: 'count' | 'kilometres' | { sum: string };
  /** The enum field AGGREGATE's KIND groups by. */
  kind?: string;
}

/** A record type drawn on the map from the hub's tiles. */
export interface DeclaredTileLayer {
  id: string;
  /** Its name in the map's list of layers. */
  label: { vi: string; en: string };
  description: string;
}
