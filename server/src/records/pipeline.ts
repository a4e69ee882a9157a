import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver, type ClassType } from 'type-graphql';
import { checkGeoJSON, GeoJSONInputError, invalidReason, runSql, type Knex } from '@anbinh/db';
import type { Geometry } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { defaultReason, fieldError, userError } from '../graphql/errors';
import { fromGlobalId } from '../graphql/node';
import { GeoJSONScalar } from '../graphql/scalars';
import { covers, requireCovers, requireWriter } from '../access/viewer';
import { checkPoint, cleanText, notInFuture } from '../graphql/input';
import { atomAt } from '../geography/atoms';
import { audit } from '../audit/audit';
import type { Span } from '../changes/freshness';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import { columnOf, graphqlTypeOf, rulesOf, writtenOn, type FieldSpec, type ReferenceField } from './fields';
import { recordsById, type AnyRecordKind, type LocationKind, type RecordNode } from './record';
import type { NewRow, Problem, RecordMutation, RecordWriter, RecordType } from './record-type';
import { requireRecordType } from './catalogue';

/** A mutation's name, input type, and words, when a type keeps ones of its own (recordCameraSite). */
export interface MutationOptions {
  name?: string;
  input?: string;
  description?: string;
  inputDescription?: string;
  /** The description of its `input` argument. */
  argument?: string;
  /** close only: the name of the id field (default `id`). */
  id?: string;
}

/** What the pipeline needs of a declaration. */
export interface WriteSpec {
  kind: AnyRecordKind;
  /** What one record is called in messages (default: the type's name). */
  noun?: string;
  fields: Record<string, FieldSpec>;
  location?: LocationKind;
  /** The field holding the day the record starts, that day in words ("installedOn"), and that day from its values. */
  start: { field: string; day: string; of(values: Values): string; last?(values: Values): string };
  /** Spans: the field and column the close mutation sets. */
  end?: { field: string; column: string };
  /** Rules across fields, on the record as it would be stored: a sentence when broken. */
  check?(values: Values): string | undefined;
  mutations?: { create?: MutationOptions | false; update?: MutationOptions | false; close?: MutationOptions | false };
}

/** The values a field computes on insert when a new record leaves it out (e.g. the body that awards a form). */
export type ComputedDefault = (w: { ctx: Context; values: Values; unit: AdminUnitNode }) => unknown;

type Values = Record<string, unknown>;
type InputField = [string, () => unknown, { nullable: boolean; description: string }];

/**
 * The change-feed row of every write is appended by the trigger `<table>_record_change` (function
 * `record_change()`, db/src/migrations/Migration20261129040000ChangeFeed.ts) in the writing transaction;
 * records/pipeline.test.ts proves each record type's table has it and that one write gives one change.
 */
export const outboxTrigger = (table: string) => `${table}_record_change`;

/** 'a' or 'an' before a type name in the schema's descriptions. */
const article = (word: string) => (/^[AEIOUaeiou]/.test(word) ? 'an' : 'a');

/** An input class made at run time: type-graphql reads the same decorators a hand-written class carries. */
function inputType(name: string, description: string, fields: InputField[]): ClassType {
  const Input = { [name]: class {} }[name];
  for (const [key, type, options] of fields) Field(type as never, options)(Input.prototype, key);
  InputType(name, { description })(Input);
  return Input;
}

/** The checked value of one field, or a sentence naming it. */
function checkedValue(name: string, f: FieldSpec, value: unknown, creating: boolean): unknown {
  if (value === null || value === undefined) {
    if (f.nullable) return null;
    if (creating && f.default !== undefined) return typeof f.default === 'function' ? undefined : f.default;
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
        throw fieldError(
          name,
          'OUT_OF_RANGE',
          `${name} must be ${f.type === 'int' ? 'a whole number' : 'a number'} from ${f.min} to ${f.max}; it is ${number}.`,
        );
      }
      return number;
    }
    case 'date':
      notInFuture(value as string, name);
      return value;
    case 'enumList':
      if ((value as unknown[]).length === 0) throw fieldError(name, 'REQUIRED', `${name} needs at least one value.`);
      return [...new Set(value as unknown[])];
    default:
      return value;
  }
}

const placeholder = (f: FieldSpec) => (f.type === 'enumList' ? `?::${f.pgType}[]` : '?');

/** A location as PostGIS will store it and the atoms it lies in (a line: those it crosses, longest stretch first). */
interface Place {
  geojson: string;
  atoms: string[];
}

/** The first of a place's atoms in a unit's territory: the one the record is filed under. */
const atomIn = (place: Place, territory: readonly string[]) => place.atoms.find((atom) => territory.includes(atom));

/** GeoJSON of one of the types a location may be, refused with the reason otherwise. */
function geoJSONOf(value: unknown, types: Geometry['type'][], named: string): Geometry {
  let geometry: Geometry;
  try {
    geometry = checkGeoJSON(value);
  } catch (error) {
    if (error instanceof GeoJSONInputError) throw fieldError('location', 'INVALID_GEOMETRY', `location: ${error.message}.`);
    throw error;
  }
  if (!types.includes(geometry.type)) throw fieldError('location', 'INVALID_GEOMETRY', `location must be ${named}, not a ${geometry.type}.`);
  return geometry;
}

/** A location, refused with the reason when it is not a usable geometry inside the province. */
async function checkedLocation(knex: Knex, value: unknown, kind: LocationKind): Promise<Place> {
  const isPoint = (value as { type?: unknown } | null)?.type === 'Point';
  if (kind === 'line') return checkedLine(knex, value);
  if (kind === 'point' || isPoint) {
    const point = checkPoint(value, 'location');
    return { geojson: JSON.stringify({ type: 'Point', coordinates: point }), atoms: [await atomAt(knex, point, 'location')] };
  }
  const geometry = geoJSONOf(value, ['Polygon', 'MultiPolygon'], 'a Point, a Polygon or a MultiPolygon');
  const check = invalidReason(geometry);
  const { rows } = await runSql(knex, check.sql, check.bindings);
  if (rows[0].reason)
    throw fieldError(
      'location',
      'INVALID_GEOMETRY',
      `location is not a valid area (${rows[0].reason}); close each ring and do not let edges cross. Nothing was written.`,
    );
  // The area is filed under the atom holding a point inside it.
  const inside = await runSql(knex, 'select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(ST_GeomFromGeoJSON(?)) as p) s', [
    JSON.stringify(geometry),
  ]);
  return { geojson: JSON.stringify(geometry), atoms: [await atomAt(knex, [inside.rows[0].lon, inside.rows[0].lat], 'location')] };
}

/** A route: a LineString or MultiLineString of some length, at least partly inside the province. */
async function checkedLine(knex: Knex, value: unknown): Promise<Place> {
  const geojson = JSON.stringify(geoJSONOf(value, ['LineString', 'MultiLineString'], 'a LineString or a MultiLineString'));
  const { rows } = await runSql(
    knex,
    `with g as (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4326) as g)
     select (select ST_Length(g::geography) from g) as metres,
            array(select a.id from geo_atom a, g where ST_Intersects(a.geom, g.g)
                  order by ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, g.g), 2)::geography) desc, a.id) as atoms`,
    [geojson],
  );
  if (!(rows[0].metres > 0)) throw fieldError('location', 'INVALID_GEOMETRY', 'location has no length: a route needs at least two different points.');
  if (rows[0].atoms.length === 0) throw fieldError('location', 'NOT_IN_TERRITORY', 'location lies wholly outside the province’s communes; check the route.');
  return { geojson, atoms: rows[0].atoms };
}

/** The row id of the record a reference names, refused unless it is of the right type and lies in the unit's territory. */
async function referencedInUnit(ctx: Context, f: ReferenceField, globalId: string, unit: AdminUnitNode): Promise<number> {
  const { type, id } = fromGlobalId(globalId, f.input);
  const target = requireRecordType({ typeName: f.to });
  if (type !== f.to)
    throw fieldError(f.input, 'WRONG_TYPE', `${f.input} must be ${article(target.noun)} ${target.noun}'s id; "${globalId}" is ${article(type)} ${type}.`);
  const { rows } = await runSql(ctx.knex, `select atom_id from ${target.kind.table} where id = ?`, [id]);
  if (rows.length === 0) throw fieldError(f.input, 'NOT_FOUND', `There is no ${target.noun} ${globalId}.`);
  if (!ctx.gazetteer.atoms(unit.versionId).includes(rows[0].atom_id))
    throw fieldError(f.input, 'OUTSIDE_UNIT', `That ${target.noun} lies outside ${unit.name}: choose one of the unit itself.`);
  return id;
}

/** The row as the audit log keeps it: every column (version and sample included), the location as GeoJSON. */
async function auditRow(trx: Knex, table: string, id: number, located: boolean): Promise<{ id: number } & Values> {
  const row = located
    ? `to_jsonb(r) - 'location' - 'created_at' || jsonb_build_object('location', ST_AsGeoJSON(r.location)::jsonb)`
    : `to_jsonb(r) - 'created_at'`;
  const { rows } = await runSql(trx, `select ${row} as row from ${table} r where r.id = ?`, [id]);
  return rows[0]?.row;
}

/** The unit version a record belongs to, which must be in force on its start date. */
function unitInForce(unit: AdminUnitNode, start: string, startField: string): void {
  if (start < unit.validFrom || (unit.validTo !== null && start >= unit.validTo)) {
    throw fieldError(
      startField,
      'OUT_OF_RANGE',
      `${startField} (${start}) lies outside the time ${unit.name} was in force (${unit.validFrom}–${unit.validTo ?? 'now'}); record it against the unit of that date.`,
    );
  }
}

/**
 * The one write pipeline: create, update and close of a record type. It checks the input whole before
 * anything is written, then in one transaction locks the row and checks its version (update, close),
 * writes the record, its audit entry (the whole row, version and sample included) and — by the trigger
 * named by `outboxTrigger` — its change-feed row.
 */
export function writePipeline<N extends RecordNode>(spec: WriteSpec, type: () => RecordType<N>) {
  const { kind } = spec;
  const typeName = kind.typeName;
  const noun = spec.noun ?? typeName;
  const located = spec.location;
  // A point or a route is required; an area is optional.
  const required = located === 'point' || located === 'line';
  const all = Object.entries(spec.fields);
  const createFields = all.filter(([, f]) => writtenOn(f, 'create'));
  const valueFields = createFields.filter(([, f]) => f.type !== 'reference');
  const references = createFields.filter(([, f]) => f.type === 'reference') as [string, ReferenceField][];
  const updateFields = all.filter(([, f]) => writtenOn(f, 'update'));
  const closeFields = all.filter(([, f]) => writtenOn(f, 'close'));
  const description = (f: FieldSpec) => f.inputDescription ?? f.description;
  const defaultDoc = (f: FieldSpec) =>
    f.default === undefined ? '' : typeof f.default === 'function' ? ` Left out: ${f.defaultDescription}.` : ` Default: ${JSON.stringify(f.default)}.`;
  const locationDoc = {
    point: 'Where it is: a GeoJSON Point [longitude, latitude] inside the province.',
    geometry: 'Where it is, if anywhere: a GeoJSON Point, Polygon or MultiPolygon inside the province.',
    line: 'Its course: a GeoJSON LineString or MultiLineString, passing through its unit; it may cross into others.',
    none: '',
  }[located ?? 'none'];
  const valueInput = ([name, f]: [string, FieldSpec], creating: boolean): InputField =>
    f.type === 'reference'
      ? [f.input, () => ID, { nullable: true, description: description(f) }]
      : [
          name,
          graphqlTypeOf(f),
          {
            nullable: !creating || Boolean(f.nullable) || f.default !== undefined,
            description: description(f) + rulesOf(f) + (creating ? defaultDoc(f) : ''),
          },
        ];

  const checkAcross = (values: Values) => {
    const broken = spec.check?.(values);
    if (broken) throw fieldError(spec.start.field, 'OUT_OF_RANGE', broken);
  };
  const reread = async (ctx: Context, id: number) => (await recordsById(ctx, kind, [id]))[0] as N;
  /** A stored row's values by field name, and its start date through the same rule as the input's. */
  const valuesOf = (row: Values) => Object.fromEntries(all.filter(([, f]) => !f.select).map(([name, f]) => [name, row[columnOf(name, f)]]));
  const startOf = (row: Values) => spec.start.of(valuesOf(row));
  /** The days stored rows cover, for what kept answers a write reaches (a span without its end is still open). */
  const daysOf = (...rows: (Values | null)[]): Span[] =>
    rows
      .filter((row): row is Values => row !== null)
      .map((row) => ({
        from: startOf(row),
        to: spec.end ? ((row[spec.end.column] as string | null) ?? null) : (spec.start.last?.(valuesOf(row)) ?? null),
      }));

  /** Locks a row the viewer may change and checks the version; others' rows read as missing. */
  const lockOwn = async (ctx: Context, trx: Knex, idField: string, globalId: string, version: number) => {
    const { type: idType, id } = fromGlobalId(globalId, idField);
    if (idType !== typeName)
      throw fieldError(idField, 'WRONG_TYPE', `${idField} must be ${article(noun)} ${noun}'s id; "${globalId}" is ${article(idType)} ${idType}.`);
    // Locked for the transaction, so the checks below still hold when the update runs.
    await runSql(trx, `select 1 from ${kind.table} where id = ? for update`, [id]);
    const before = await auditRow(trx, kind.table, id, located !== undefined);
    const unit = before && ctx.gazetteer.byId(before.unit_id as number);
    // Outside the officer's territory a record is as if it did not exist.
    if (!before || !unit || !covers(ctx.viewer, ctx.gazetteer, before.atom_id as string, startOf(before))) {
      throw fieldError(idField, 'NOT_FOUND', `There is no ${noun} ${globalId} among those you may ${kind.access ? 'see' : 'change'}.`);
    }
    if (before.version !== version) {
      throw fieldError(
        'version',
        'VERSION_CONFLICT',
        `The ${noun} changed since you read it (version ${version}; it is now ${before.version}): read it again and redo your change.`,
        'CONFLICT',
      );
    }
    return { id, before, unit };
  };

  /** Writes one change of a locked row: the update, then its audit entry, in the caller's transaction. */
  const writeChange = async (ctx: Context, trx: Knex, action: string, own: { id: number; before: Values }, sets: string[], bindings: unknown[]) => {
    await runSql(trx, `update ${kind.table} set ${[...sets, 'version = version + 1'].join(', ')} where id = ?`, [...bindings, own.id]);
    const after = await auditRow(trx, kind.table, own.id, located !== undefined);
    await audit(trx, ctx, {
      action,
      entity: kind.table,
      entityId: own.id,
      before: own.before,
      after,
      days: daysOf(own.before, after),
    });
  };

  /** Every check of a new record, collecting the problems (by field) instead of stopping at the first. */
  const checkNew = async (ctx: Context, input: Values): Promise<{ row?: NewRow; problems: Problem[] }> => {
    const problems: Problem[] = [];
    const attempt = async <T>(field: string, check: () => T | Promise<T>): Promise<T | undefined> => {
      try {
        return await check();
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const { extensions } = error as { extensions: { field?: string; code?: string; reason?: string } };
        problems.push({
          field: extensions.field ?? field,
          message: error.message,
          code: extensions.code ?? 'BAD_USER_INPUT',
          reason: extensions.reason ?? defaultReason(extensions.code),
        });
        return undefined;
      }
    };
    const values: Values = {};
    for (const [name, f] of valueFields) values[name] = await attempt(name, () => checkedValue(name, f, input[name], true));
    if (problems.length === 0) await attempt(spec.start.field, () => checkAcross(values));
    const place = located && input.location != null ? await attempt('location', () => checkedLocation(ctx.knex, input.location, located)) : undefined;
    if (required && input.location == null)
      problems.push({
        field: 'location',
        message:
          located === 'line'
            ? 'location is required: a GeoJSON LineString or MultiLineString.'
            : 'location is required: a GeoJSON Point (in a file, longitude and latitude).',
        code: 'BAD_USER_INPUT',
        reason: 'REQUIRED',
      });
    if (problems.length > 0) return { problems };
    const start = spec.start.of(values);
    const unit = await attempt('unitCode', () => {
      const code = typeof input.unitCode === 'string' ? input.unitCode.trim() : undefined;
      const found = code ? ctx.gazetteer.find(code, start) : place ? ctx.gazetteer.communeOfAtom(place.atoms[0], start) : null;
      if (!found)
        throw code === undefined && !place
          ? fieldError('unitCode', 'REQUIRED', 'unitCode is required.')
          : fieldError('location', 'NOT_IN_TERRITORY', `No commune held that location on ${start}; check the date.`);
      if (place && !atomIn(place, ctx.gazetteer.atoms(found.versionId))) {
        throw fieldError(
          'unitCode',
          'OUTSIDE_UNIT',
          located === 'line'
            ? `location does not pass through ${found.name}: fix the route or the unit.`
            : `location lies in ${ctx.gazetteer.communeOfAtom(place.atoms[0], start)?.name ?? 'another unit'}, not in ${found.name}: fix the location or the unit.`,
        );
      }
      requireCovers(ctx, found, (place && atomIn(place, ctx.gazetteer.atoms(found.versionId))) ?? ctx.gazetteer.seat(found.versionId)!, start);
      return found;
    });
    if (!unit) return { problems };
    for (const [name, f] of valueFields) {
      if (values[name] === undefined && typeof f.default === 'function')
        values[name] = await attempt(name, () => (f.default as ComputedDefault)({ ctx, values, unit }));
    }
    const linked: [ReferenceField, number][] = [];
    for (const [, f] of references) {
      const given = input[f.input] as string | null | undefined;
      if (given == null) continue;
      const id = await attempt(f.input, () => referencedInUnit(ctx, f, given, unit));
      if (id !== undefined) linked.push([f, id]);
    }
    if (problems.length > 0) return { problems };
    const columns = ['unit_id', 'atom_id', 'sample', ...valueFields.map(([name, f]) => columnOf(name, f))];
    const placeholders = ['?', '?', 'false', ...valueFields.map(([, f]) => placeholder(f))];
    const atom = (place && atomIn(place, ctx.gazetteer.atoms(unit.versionId))) ?? ctx.gazetteer.seat(unit.versionId)!;
    const bindings: unknown[] = [unit.versionId, atom, ...valueFields.map(([name]) => values[name])];
    for (const [f, id] of linked) {
      columns.push(f.column!);
      placeholders.push('?');
      bindings.push(id);
    }
    if (place) {
      columns.push('location');
      placeholders.push('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)');
      bindings.push(place.geojson);
    }
    return { row: { unit, columns, placeholders, bindings }, problems };
  };

  /** Writes a checked record and its audit entry in the caller's transaction. */
  const insert = async (trx: Knex, ctx: Pick<Context, 'viewer' | 'address' | 'writes' | 'freshness'>, row: NewRow, action: string): Promise<number> => {
    const { rows } = await runSql(
      trx,
      `insert into ${kind.table} (${row.columns.join(', ')}) values (${row.placeholders.join(', ')}) returning id`,
      row.bindings,
    );
    const after = await auditRow(trx, kind.table, rows[0].id, located !== undefined);
    await audit(trx, ctx, {
      action,
      entity: kind.table,
      entityId: rows[0].id,
      before: null,
      after,
      days: daysOf(after),
    });
    return rows[0].id;
  };

  const names = {
    create: (spec.mutations?.create || undefined)?.name ?? `create${typeName}`,
    update: (spec.mutations?.update || undefined)?.name ?? `update${typeName}`,
    close: (spec.mutations?.close || undefined)?.name ?? `close${typeName}`,
  };

  const create: RecordMutation<N> = async (ctx, input) => {
    requireWriter(ctx, `record ${article(noun)} ${noun}`);
    const { row, problems } = await checkNew(ctx, input);
    if (!row) throw userError(problems[0].message, problems[0].code as never, { field: problems[0].field, reason: problems[0].reason });
    return reread(ctx, await ctx.knex.transaction((trx) => insert(trx, ctx, row, names.create)));
  };

  const update: RecordMutation<N> = async (ctx, input) => {
    requireWriter(ctx, `change ${article(noun)} ${noun}`);
    const given = updateFields.filter(([name]) => input[name] !== undefined);
    const changes = Object.fromEntries(given.map(([name, f]) => [name, checkedValue(name, f, input[name], false)]));
    if (given.length === 0 && input.location === undefined) throw fieldError(null, 'NOTHING_TO_CHANGE', 'Nothing to change: give at least one field.');
    if (input.location === null && required)
      throw fieldError('location', 'REQUIRED', `location cannot be removed; give the new ${located === 'line' ? 'route' : 'point'}.`);
    const place = located && input.location != null ? await checkedLocation(ctx.knex, input.location, located) : undefined;
    const id = await ctx.knex.transaction(async (trx) => {
      const own = await lockOwn(ctx, trx, 'id', String(input.id), Number(input.version));
      const after = { ...valuesOf(own.before), ...changes };
      checkAcross(after);
      const start = spec.start.of(after);
      unitInForce(own.unit, start, spec.start.field);
      const ended = spec.end && (own.before[spec.end.column] as string | null);
      if (ended && ended < start) throw fieldError(spec.start.field, 'OUT_OF_RANGE', `${spec.start.field} (${start}) would fall after it ended (${ended}).`);
      const atom = place && atomIn(place, ctx.gazetteer.atoms(own.unit.versionId));
      if (place && !atom)
        throw fieldError(
          'location',
          'OUTSIDE_UNIT',
          located === 'line'
            ? `location does not pass through ${own.unit.name}: a route keeps to its unit.`
            : `location lies outside ${own.unit.name}: a record stays in its unit.`,
        );
      const sets = given.map(([name, f]) => `${columnOf(name, f)} = ${placeholder(f)}`);
      const bindings: unknown[] = given.map(([name]) => changes[name]);
      if (input.location !== undefined) {
        sets.push(place ? 'location = ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), atom_id = ?' : 'location = null');
        if (place) bindings.push(place.geojson, atom);
      }
      await writeChange(ctx, trx, names.update, own, sets, bindings);
      return own.id;
    });
    return reread(ctx, id);
  };

  const closeOptions = spec.mutations?.close || {};
  const idField = closeOptions.id ?? 'id';
  const close: RecordMutation<N> = async (ctx, input) => {
    const end = spec.end!;
    requireWriter(ctx, `record the end of ${article(noun)} ${noun}`);
    const on = String(input[end.field]);
    notInFuture(on, end.field);
    const others = closeFields.filter(([name]) => name !== end.field);
    const values = others.map(([name, f]) => checkedValue(name, { ...f, nullable: false }, input[name], false));
    const id = await ctx.knex.transaction(async (trx) => {
      const own = await lockOwn(ctx, trx, idField, String(input[idField]), Number(input.version));
      if (own.before[end.column]) throw fieldError(end.field, 'ALREADY_ENDED', `It already ended on ${own.before[end.column]}.`, 'CONFLICT');
      const start = startOf(own.before);
      if (on < start) throw fieldError(end.field, 'OUT_OF_RANGE', `${end.field} (${on}) is before it began (${start}).`);
      await writeChange(
        ctx,
        trx,
        names.close,
        own,
        [`${end.column} = ?`, ...others.map(([name, f]) => `${columnOf(name, f)} = ${placeholder(f)}`)],
        [on, ...values],
      );
      return own.id;
    });
    return reread(ctx, id);
  };

  const mutations: Record<string, RecordMutation<N>> = {};
  // Decorated by hand, as the @ syntax would, so each type gets the mutations it has under the names it keeps.
  const Writes = { [`${typeName}Writes`]: class {} }[`${typeName}Writes`];
  const mutation = (
    name: string,
    options: MutationOptions,
    inputName: string,
    inputDescription: string,
    fields: InputField[],
    description: string,
    handler: RecordMutation<N>,
  ) => {
    const Input = inputType(options.input ?? inputName, options.inputDescription ?? inputDescription, fields);
    mutations[name] = handler;
    Object.defineProperty(Writes.prototype, name, { value: handler, writable: true, configurable: true });
    Mutation(() => type().node, { name, description: options.description ?? description })(
      Writes.prototype,
      name,
      Object.getOwnPropertyDescriptor(Writes.prototype, name)!,
    );
    Ctx()(Writes.prototype, name, 0);
    Arg('input', () => Input, { description: options.argument ?? 'What to write.' })(Writes.prototype, name, 1);
  };
  const idInput = (name: string): InputField => [name, () => ID, { nullable: false, description: 'Its id.' }];
  const versionInput = (what: string): InputField => [
    'version',
    () => Int,
    { nullable: false, description: `The version you read; if it changed since, the ${what} is refused (CONFLICT).` },
  ];
  if (spec.mutations?.create !== false) {
    mutation(
      names.create,
      spec.mutations?.create || {},
      `Create${typeName}Input`,
      `A new ${typeName} to record. Checked whole before anything is written.`,
      [
        [
          'unitCode',
          () => String,
          {
            nullable: required,
            description:
              located === 'point'
                ? `The commune it belongs to; the point must lie in it. Left out: the commune in force on ${spec.start.day} that holds the point.`
                : located === 'line'
                  ? `The commune (or ward) it belongs to, in force on ${spec.start.day}; the route must pass through it. Left out: the one holding the route's longest stretch.`
                  : `The commune (or ward) it belongs to, in force on ${spec.start.day}.`,
          },
        ],
        ...(located ? [['location', () => GeoJSONScalar, { nullable: !required, description: locationDoc }] as InputField] : []),
        ...createFields.map((entry) => valueInput(entry, true)),
      ],
      `Records a new ${typeName} (officers in their units, admins anywhere), with its audit entry and change-feed row in one transaction.`,
      create,
    );
  }
  if (spec.mutations?.update !== false) {
    mutation(
      names.update,
      spec.mutations?.update || {},
      `Update${typeName}Input`,
      `Changes to ${article(typeName)} ${typeName}: only the fields given change. Checked whole before anything is written.`,
      [
        idInput('id'),
        versionInput('update'),
        ...(located
          ? [
              [
                'location',
                () => GeoJSONScalar,
                {
                  nullable: true,
                  description: `${locationDoc} ${located === 'line' ? 'It must still pass through its unit.' : 'It must stay within its unit.'}`,
                },
              ] as InputField,
            ]
          : []),
        ...updateFields.map((entry) => valueInput(entry, false)),
      ],
      `Changes ${article(typeName)} ${typeName} (officers of its unit, admins), refused if it changed since it was read. Written with its audit entry and change-feed row in one transaction.`,
      update,
    );
  }
  if (spec.end && spec.mutations?.close !== false) {
    mutation(
      names.close,
      closeOptions,
      `Close${typeName}Input`,
      `The end of ${article(typeName)} ${typeName}.`,
      [
        idInput(idField),
        versionInput('change'),
        ...closeFields.map(([name, f]): InputField => [
          name,
          graphqlTypeOf(f as never),
          {
            nullable: false,
            description: f.inputDescription ?? (name === spec.end!.field ? 'The day it ended: on or after it began, not in the future.' : f.description),
          },
        ]),
      ],
      `Records the end of ${article(typeName)} ${typeName} (officers of its unit, admins), refused if it changed since it was read or has already ended.`,
      close,
    );
  }
  Resolver()(Writes);

  const writer: Omit<RecordWriter, 'type'> = { createFields, location: located, checkNew, insert };
  return { writer, mutations, resolver: Writes as ClassType };
}
