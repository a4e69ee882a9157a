import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, Resolver, type ClassType } from 'type-graphql';
import { checkGeoJSON, GeoJSONInputError, invalidReason, runSql, type Knex } from '@anbinh/db';
import type { Geometry } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { defaultReason, fieldError, userError } from '../graphql/errors';
import { fromGlobalId } from '../graphql/node';
import { DateScalar, GeoJSONScalar } from '../graphql/scalars';
import { covers } from '../access/viewer';
import { requireCovers, requireWriter } from '../access/viewer';
import { writeAudited } from '../audit/audit';
import { atomAt } from '../geography/atoms';
import { checkPoint, cleanText, notInFuture } from '../graphql/input';
import { audit } from '../audit/audit';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import { recordsById, type AnyRecordKind, type RecordNode } from './record';

/** One field an officer may write, and how it is checked. */
export type WritableField = {
  column: string;
  description: string;
  /** Null is a value (the column is nullable). */
  optional?: boolean;
  /** Taken when a new record leaves the field out. */
  default?: unknown;
} & (
  | { type: 'text'; max: number; pattern?: { test: RegExp; hint: string } }
  | { type: 'int' | 'float'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'enum'; enum: object }
  | { type: 'enumList'; enum: object; pgType: string }
);

/**
 * What a record type lets officers write: its fields, the date its unit must be
 * in force on, and for spans the date that closes it. Declared by each feature
 * beside its descriptor; the mutations, their inputs and their checks are shared.
 */
export interface Writable {
  fields: Record<string, WritableField>;
  /** The day the record starts, from its values (a date field, or 1 January of its year). */
  start(values: Record<string, unknown>): string;
  /** The start's field names, for messages. */
  startField: string;
  /** Spans only: the field and column that `close<Type>` sets (none when the feature closes it its own way). */
  end?: { field: string; column: string; closeMutation?: false };
  /** Point: a GeoJSON Point is required. Geometry: an optional point or area. Absent: no location. */
  location?: 'point' | 'geometry';
  /** create<Type> is left out when a feature has its own (awardCommendation, recordCameraSite). */
  noCreate?: boolean;
  /** Rules across fields, on the record as it would be stored: a sentence when broken. */
  check?(values: Record<string, unknown>): string | undefined;
}

/** 'a' or 'an' before a type name in the schema's descriptions. */
const article = (type: string) => (/^[AEIOU]/.test(type) ? 'an' : 'a');

const graphqlType = (f: WritableField) => {
  switch (f.type) {
    case 'text': return () => String;
    case 'int': return () => Int;
    case 'float': return () => Float;
    case 'boolean': return () => Boolean;
    case 'date': return () => DateScalar;
    case 'enum': return () => f.enum;
    case 'enumList': return () => [f.enum];
  }
};

const rules = (f: WritableField) =>
  f.type === 'text' ? ` 1–${f.max} characters.` : f.type === 'int' || f.type === 'float' ? ` From ${f.min} to ${f.max}.` : f.type === 'date' ? ' Not in the future.' : '';

/** An input class made at run time: type-graphql reads the same decorators a hand-written class carries. */
function inputType(name: string, description: string, fields: [string, () => unknown, { nullable: boolean; description: string }][]): ClassType {
  const Input = { [name]: class {} }[name];
  for (const [key, type, options] of fields) Field(type as never, options)(Input.prototype, key);
  InputType(name, { description })(Input);
  return Input;
}

type Values = Record<string, unknown>;

/** The checked value of one field, or a sentence naming it. */
function checkedValue(name: string, f: WritableField, value: unknown, creating: boolean): unknown {
  if (value === null || value === undefined) {
    if (f.optional) return null;
    if (creating && f.default !== undefined) return f.default;
    throw fieldError(name, 'REQUIRED', `${name} cannot be empty.`);
  }
  switch (f.type) {
    case 'text': {
      const text = cleanText(value as string, name, f.max);
      if (f.pattern && !f.pattern.test.test(text)) throw fieldError(name, 'INVALID_FORMAT', `${name} "${text}" ${f.pattern.hint}`);
      return text;
    }
    case 'int':
    case 'float': {
      const number = value as number;
      if ((f.type === 'int' && !Number.isInteger(number)) || number < f.min || number > f.max) {
        throw fieldError(name, 'OUT_OF_RANGE', `${name} must be ${f.type === 'int' ? 'a whole number' : 'a number'} from ${f.min} to ${f.max}; it is ${number}.`);
      }
      return number;
    }
    case 'date': notInFuture(value as string, name); return value;
    case 'enumList':
      if ((value as unknown[]).length === 0) throw fieldError(name, 'REQUIRED', `${name} needs at least one value.`);
      return [...new Set(value as unknown[])];
    default: return value;
  }
}

/** A location as PostGIS will store it, and the atom it lies in; refused with the reason when it is not a usable geometry inside Vietnam. */
async function checkedLocation(knex: Knex, value: unknown, kind: 'point' | 'geometry'): Promise<{ geojson: string; atom: string }> {
  const isPoint = (value as { type?: unknown } | null)?.type === 'Point';
  if (kind === 'point' || isPoint) {
    const point = checkPoint(value, 'location');
    return { geojson: JSON.stringify({ type: 'Point', coordinates: point }), atom: await atomAt(knex, point, 'location') };
  }
  let geometry: Geometry;
  try {
    geometry = checkGeoJSON(value);
  } catch (error) {
    if (error instanceof GeoJSONInputError) throw fieldError('location', 'INVALID_GEOMETRY', `location: ${error.message}.`);
    throw error;
  }
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') throw fieldError('location', 'INVALID_GEOMETRY', `location must be a Point, a Polygon or a MultiPolygon, not a ${geometry.type}.`);
  const check = invalidReason(geometry);
  const { rows } = await runSql(knex, check.sql, check.bindings);
  if (rows[0].reason) throw fieldError('location', 'INVALID_GEOMETRY', `location is not a valid area (${rows[0].reason}); close each ring and do not let edges cross. Nothing was written.`);
  // The area is filed under the atom holding a point inside it.
  const inside = await runSql(knex, 'select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(ST_GeomFromGeoJSON(?)) as p) s', [JSON.stringify(geometry)]);
  return { geojson: JSON.stringify(geometry), atom: await atomAt(knex, [inside.rows[0].lon, inside.rows[0].lat], 'location') };
}

/** The row as the audit log keeps it: every column, the location as GeoJSON. */
async function auditRow(trx: Knex, table: string, id: number, located: boolean): Promise<{ id: number } & Values> {
  const row = located ? `to_jsonb(r) - 'location' - 'created_at' || jsonb_build_object('location', ST_AsGeoJSON(r.location)::jsonb)` : `to_jsonb(r) - 'created_at'`;
  const { rows } = await runSql(trx, `select ${row} as row from ${table} r where r.id = ?`, [id]);
  return rows[0]?.row;
}

/** The unit version a record belongs to, which must be in force on its start date. */
function unitInForce(unit: AdminUnitNode, start: string, startField: string): void {
  if (start < unit.validFrom || (unit.validTo !== null && start >= unit.validTo)) {
    throw fieldError(startField, 'OUT_OF_RANGE', `${startField} (${start}) lies outside the time ${unit.name} was in force (${unit.validFrom}–${unit.validTo ?? 'now'}); record it against the unit of that date.`);
  }
}

/**
 * create<Type>, update<Type> and (for spans) close<Type> for one record type.
 * Every check runs before the transaction writes; the write, its audit entry
 * and its change-feed row (the table's trigger) commit together.
 */
export function recordWrites<N extends RecordNode>(kind: AnyRecordKind & { node: ClassType<N> }, writable: Writable): RecordWriter {
  const type = kind.typeName;
  const located = writable.location;
  const entries = Object.entries(writable.fields);
  const locationDoc = located === 'point' ? 'Where it is: a GeoJSON Point [longitude, latitude] inside the province.' : 'Where it is, if anywhere: a GeoJSON Point, Polygon or MultiPolygon inside the province.';
  const CreateInput = inputType(`Create${type}Input`, `A new ${type} to record. Checked whole before anything is written.`, [
    ['unitCode', () => String, { nullable: located === 'point', description: located === 'point' ? 'The commune it belongs to; the point must lie in it. Left out: the commune that holds the point.' : 'The commune (or ward) it belongs to, in force on its start date.' }],
    ...(located ? [['location', () => GeoJSONScalar, { nullable: located === 'geometry', description: locationDoc }] as [string, () => unknown, { nullable: boolean; description: string }]] : []),
    ...entries.map(([name, f]) => [name, graphqlType(f), { nullable: Boolean(f.optional) || f.default !== undefined, description: f.description + rules(f) + (f.default !== undefined ? ` Default: ${JSON.stringify(f.default)}.` : '') }] as [string, () => unknown, { nullable: boolean; description: string }]),
  ]);
  const UpdateInput = inputType(`Update${type}Input`, `Changes to a ${type}: only the fields given change. Checked whole before anything is written.`, [
    ['id', () => ID, { nullable: false, description: 'Its id.' }],
    ['version', () => Int, { nullable: false, description: 'The version you read; if it changed since, the update is refused (CONFLICT).' }],
    ...(located ? [['location', () => GeoJSONScalar, { nullable: true, description: `${locationDoc} It must stay within its unit.` }] as [string, () => unknown, { nullable: boolean; description: string }]] : []),
    ...entries.map(([name, f]) => [name, graphqlType(f), { nullable: true, description: f.description + rules(f) }] as [string, () => unknown, { nullable: boolean; description: string }]),
  ]);
  const CloseInput = writable.end && writable.end.closeMutation !== false && inputType(`Close${type}Input`, `The end of a ${type}.`, [
    ['id', () => ID, { nullable: false, description: 'Its id.' }],
    ['version', () => Int, { nullable: false, description: 'The version you read; if it changed since, the change is refused (CONFLICT).' }],
    [writable.end.field, () => DateScalar, { nullable: false, description: 'The day it ended: on or after it began, not in the future.' }],
  ]);

  const checkAcross = (values: Values) => {
    const broken = writable.check?.(values);
    if (broken) throw fieldError(writable.startField, 'OUT_OF_RANGE', broken);
  };
  const reread = async (ctx: Context, id: number) => (await recordsById(ctx, kind, [id]))[0] as N;

  /** Locks a row the viewer may change and checks the version; others' rows read as missing. */
  const lockOwn = async (ctx: Context, trx: Knex, globalId: string, version: number) => {
    const { type: idType, id } = fromGlobalId(globalId);
    if (idType !== type) throw fieldError('id', 'WRONG_TYPE', `id must be a ${type}'s id; "${globalId}" is a ${idType}.`);
    await runSql(trx, `select 1 from ${kind.table} where id = ? for update`, [id]);
    const before = await auditRow(trx, kind.table, id, located !== undefined);
    const unit = before && ctx.gazetteer.byId(before.unit_id as number);
    if (!before || !unit || !covers(ctx.viewer, ctx.gazetteer, before.atom_id as string, startOf(before))) {
      throw fieldError('id', 'NOT_FOUND', `There is no ${type} ${globalId} among those you may change.`);
    }
    if (before.version !== version) {
      throw fieldError('version', 'VERSION_CONFLICT', `The ${type} changed since you read it (version ${version}; it is now ${before.version}): read it again and redo your change.`, 'CONFLICT');
    }
    return { id, before, unit };
  };
  /** A stored row's start date, through the same rule as the input's. */
  const startOf = (row: Values) => writable.start(Object.fromEntries(entries.map(([name, f]) => [name, row[f.column]])));

  /** Every check of a new record, collecting the problems (by field) instead of stopping at the first. */
  const checkNew = async (ctx: Context, input: Values): Promise<{ row?: NewRow; problems: Problem[] }> => {
    const problems: Problem[] = [];
    const attempt = async <T>(field: string, check: () => T | Promise<T>): Promise<T | undefined> => {
      try {
        return await check();
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const { extensions } = error as { extensions: { field?: string; code?: string; reason?: string } };
        problems.push({ field: extensions.field ?? field, message: error.message, code: extensions.code ?? 'BAD_USER_INPUT', reason: extensions.reason ?? defaultReason(extensions.code) });
        return undefined;
      }
    };
    const values: Values = {};
    for (const [name, f] of entries) values[name] = await attempt(name, () => checkedValue(name, f, input[name], true));
    if (problems.length === 0) await attempt(writable.startField, () => checkAcross(values));
    const place = located && input.location != null ? await attempt('location', () => checkedLocation(ctx.knex, input.location, located)) : undefined;
    if (located === 'point' && input.location == null) problems.push({ field: 'location', message: 'location is required: a GeoJSON Point (in a file, longitude and latitude).', code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
    if (problems.length > 0) return { problems };
    const start = writable.start(values);
    const unit = await attempt('unitCode', () => {
      const code = typeof input.unitCode === 'string' ? input.unitCode.trim() : undefined;
      const found = code ? ctx.gazetteer.find(code, start) : place ? ctx.gazetteer.communeOfAtom(place.atom, start) : null;
      if (!found) throw code === undefined && !place ? fieldError('unitCode', 'REQUIRED', 'unitCode is required.') : fieldError('location', 'NOT_IN_TERRITORY', `No commune held that location on ${start}; check the date.`);
      if (place && !ctx.gazetteer.atoms(found.versionId).includes(place.atom)) {
        throw fieldError('unitCode', 'OUTSIDE_UNIT', `location lies in ${ctx.gazetteer.communeOfAtom(place.atom, start)?.name ?? 'another unit'}, not in ${found.name}: fix the location or the unit.`);
      }
      requireCovers(ctx, found, place?.atom ?? ctx.gazetteer.seat(found.versionId)!, start);
      return found;
    });
    if (!unit) return { problems };
    const columns = ['unit_id', 'atom_id', 'sample', ...entries.map(([, f]) => f.column)];
    const placeholders = ['?', '?', 'false', ...entries.map(([, f]) => (f.type === 'enumList' ? `?::${f.pgType}[]` : '?'))];
    const bindings: unknown[] = [unit.versionId, place?.atom ?? ctx.gazetteer.seat(unit.versionId)!, ...entries.map(([name]) => values[name])];
    if (place) {
      columns.push('location');
      placeholders.push('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)');
      bindings.push(place.geojson);
    }
    return { row: { unit, columns, placeholders, bindings }, problems };
  };

  /** The same checks, stopping at the first problem, as a mutation reports it. */
  const checkedNew = async (ctx: Context, input: Values): Promise<NewRow> => {
    const { row, problems } = await checkNew(ctx, input);
    if (!row) throw userError(problems[0].message, problems[0].code as never, { field: problems[0].field, reason: problems[0].reason });
    return row;
  };

  /** Writes a checked record and its audit entry in the caller's transaction. */
  const insert = async (trx: Knex, ctx: Pick<Context, 'viewer' | 'address'>, row: NewRow, action: string): Promise<number> => {
    const { rows } = await runSql(trx, `insert into ${kind.table} (${row.columns.join(', ')}) values (${row.placeholders.join(', ')}) returning id`, row.bindings);
    await audit(trx, ctx, { action, entity: kind.table, entityId: rows[0].id, before: null, after: await auditRow(trx, kind.table, rows[0].id, located !== undefined) });
    return rows[0].id;
  };

  const create = async (ctx: Context, input: Values): Promise<N> => {
    requireWriter(ctx, `record a ${type}`);
    const row = await checkedNew(ctx, input);
    return reread(ctx, await ctx.knex.transaction((trx) => insert(trx, ctx, row, `create${type}`)));
  };

  const update = async (ctx: Context, input: Values): Promise<N> => {
    requireWriter(ctx, `change a ${type}`);
    const given = entries.filter(([name]) => input[name] !== undefined);
    const changes = Object.fromEntries(given.map(([name, f]) => [name, checkedValue(name, f, input[name], false)]));
    if (given.length === 0 && input.location === undefined) throw fieldError(null, 'NOTHING_TO_CHANGE', 'Nothing to change: give at least one field.');
    if (input.location === null && located === 'point') throw fieldError('location', 'REQUIRED', 'location cannot be removed; give the new point.');
    const place = located && input.location != null ? await checkedLocation(ctx.knex, input.location, located) : undefined;
    const id = await writeAudited(ctx, `update${type}`, kind.table, async (trx) => {
      const own = await lockOwn(ctx, trx, String(input.id), Number(input.version));
      const current = Object.fromEntries(entries.map(([name, f]) => [name, own.before[f.column]]));
      checkAcross({ ...current, ...changes });
      const start = writable.start({ ...current, ...changes });
      unitInForce(own.unit, start, writable.startField);
      const ended = writable.end && (own.before[writable.end.column] as string | null);
      if (ended && ended < start) throw fieldError(writable.startField, 'OUT_OF_RANGE', `${writable.startField} (${start}) would fall after it ended (${ended}).`);
      if (place && !ctx.gazetteer.atoms(own.unit.versionId).includes(place.atom)) throw fieldError('location', 'OUTSIDE_UNIT', `location lies outside ${own.unit.name}: a record stays in its unit.`);
      const sets = given.map(([, f]) => `${f.column} = ${f.type === 'enumList' ? `?::${f.pgType}[]` : '?'}`);
      const bindings: unknown[] = given.map(([name]) => changes[name]);
      if (input.location !== undefined) {
        sets.push(place ? 'location = ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), atom_id = ?' : 'location = null');
        if (place) bindings.push(place.geojson, place.atom);
      }
      await runSql(trx, `update ${kind.table} set ${sets.join(', ')}, version = version + 1 where id = ?`, [...bindings, own.id]);
      return { before: own.before, after: await auditRow(trx, kind.table, own.id, located !== undefined) };
    });
    return reread(ctx, id);
  };

  const close = async (ctx: Context, input: Values): Promise<N> => {
    const end = writable.end!;
    requireWriter(ctx, `record the end of a ${type}`);
    const on = String(input[end.field]);
    notInFuture(on, end.field);
    const id = await writeAudited(ctx, `close${type}`, kind.table, async (trx) => {
      const own = await lockOwn(ctx, trx, String(input.id), Number(input.version));
      if (own.before[end.column]) throw fieldError(end.field, 'ALREADY_ENDED', `It already ended on ${own.before[end.column]}.`, 'CONFLICT');
      const start = startOf(own.before);
      if (on < start) throw fieldError(end.field, 'OUT_OF_RANGE', `${end.field} (${on}) is before it began (${start}).`);
      await runSql(trx, `update ${kind.table} set ${end.column} = ?, version = version + 1 where id = ?`, [on, own.id]);
      return { before: own.before, after: await auditRow(trx, kind.table, own.id, located !== undefined) };
    });
    return reread(ctx, id);
  };

  // Decorated by hand, as the @ syntax would, so a type without a span or with its own create gets only what it has.
  const Writes = { [`${type}Writes`]: class {} }[`${type}Writes`];
  const mutation = (name: string, input: ClassType, description: string, handler: (ctx: Context, input: Values) => Promise<N>) => {
    Object.defineProperty(Writes.prototype, name, { value: handler, writable: true, configurable: true });
    Mutation(() => kind.node, { name, description })(Writes.prototype, name, Object.getOwnPropertyDescriptor(Writes.prototype, name)!);
    Ctx()(Writes.prototype, name, 0);
    Arg('input', () => input, { description: 'What to write.' })(Writes.prototype, name, 1);
  };
  if (!writable.noCreate) {
    mutation(`create${type}`, CreateInput, `Records a new ${type} (officers in their units, admins anywhere), with its audit entry and change-feed row in one transaction.`, create);
  }
  mutation(`update${type}`, UpdateInput, `Changes ${article(type)} ${type} (officers of its unit, admins), refused if it changed since it was read. Written with its audit entry and change-feed row in one transaction.`, update);
  if (CloseInput) {
    mutation(`close${type}`, CloseInput, `Records the end of ${article(type)} ${type} (officers of its unit, admins), refused if it changed since it was read or has already ended.`, close);
  }
  Resolver()(Writes);
  return { kind, writable, resolver: Writes, checkNew, checkedNew, insert };
}

/** A problem with one field of a record, as a sentence, its error code and its stable reason (docs/errors.md). */
export interface Problem {
  field: string;
  message: string;
  code: string;
  reason: string;
}

/** A checked new record: its unit and the columns to insert (a feature may add its own, e.g. a camera site's model). */
export interface NewRow {
  unit: AdminUnitNode;
  columns: string[];
  placeholders: string[];
  bindings: unknown[];
}

/** What bulk import uses of a record type's writes: the same checks and the same insert as create<Type>. */
export interface RecordWriter {
  kind: AnyRecordKind;
  writable: Writable;
  resolver: ClassType;
  checkNew(ctx: Context, input: Record<string, unknown>): Promise<{ row?: NewRow; problems: Problem[] }>;
  checkedNew(ctx: Context, input: Record<string, unknown>): Promise<NewRow>;
  insert(trx: Knex, ctx: Pick<Context, 'viewer' | 'address'>, row: NewRow, action: string): Promise<number>;
}
