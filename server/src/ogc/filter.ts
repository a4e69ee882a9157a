import { GraphQLError } from 'graphql';
import { inBoundingBox, intersects, type SqlFragment } from '@anbinh/db';
import { fieldError } from '../graphql/errors';
import { parseDate } from '../graphql/input';
import { checkedGeometry, periodCondition, type Reader } from '../records/record';
import type { Collection, Queryable } from './collections';
import { filterError, parseCql2, type Expr, type IntervalEnd, type Scalar, type Spatial, type Temporal } from './cql2';

/** A query parameter the hub cannot use: 400 with the parameter's name and what to send. */
export const parameterError = (name: string, message: string) => fieldError(name, 'INVALID_VALUE', `${name}: ${message}`);

function queryable(collection: Collection, name: string, where: string): Queryable {
  const found = collection.queryables.find((q) => q.name === name);
  if (!found)
    throw where === 'filter'
      ? filterError(`${collection.id} has no queryable "${name}"; it has ${collection.queryables.map((q) => q.name).join(', ')} (see its /queryables).`)
      : parameterError(name, `${collection.id} has no property "${name}" to filter on.`);
  return found;
}

/** A literal as the queryable's type binds it, or a refusal saying what that type takes. */
function literal(q: Queryable, value: Scalar, where: string): SqlFragment {
  const refuse = (takes: string) =>
    filterError(`${q.name} is ${q.type === 'integer' ? 'an integer' : `a ${q.type}`}: compare it with ${takes}${where ? ` (${where})` : ''}.`);
  switch (q.type) {
    case 'string':
      if (value.kind !== 'string') throw refuse("a 'text'");
      if (q.enum && !q.enum.includes(value.value)) throw filterError(`${q.name} is one of ${q.enum.join(', ')}; '${value.value.slice(0, 40)}' is not.`);
      return { sql: '?', bindings: [value.value] };
    case 'integer':
    case 'number':
      if (value.kind !== 'number' || (q.type === 'integer' && !Number.isSafeInteger(value.value)) || !Number.isFinite(value.value))
        throw refuse(q.type === 'integer' ? 'a whole number' : 'a number');
      return { sql: q.type === 'integer' ? '?::bigint' : '?::float8', bindings: [value.value] };
    case 'boolean':
      if (value.kind !== 'boolean') throw refuse('TRUE or FALSE');
      return { sql: '?::boolean', bindings: [value.value] };
    case 'date':
      if (value.kind !== 'date') throw refuse("DATE('YYYY-MM-DD')");
      return { sql: '?::date', bindings: [value.value] };
    case 'geometry':
      throw filterError(`${q.name} is a geometry: use S_INTERSECTS(${q.name}, …).`);
  }
}

/** A comparison's two sides: CQL2's Basic class compares a property with a literal, either way round. */
function sides(collection: Collection, left: Scalar, others: Scalar[]): { property: Queryable; values: SqlFragment[] } {
  if (left.kind !== 'property') {
    if (others.length === 1 && others[0].kind === 'property') return sides(collection, others[0], [left]);
    throw filterError('each comparison needs a property on one side, e.g. cameraCount >= 2.');
  }
  const property = queryable(collection, left.name, 'filter');
  return {
    property,
    values: others.map((o) => {
      if (o.kind === 'property') throw filterError(`compare ${left.name} with a value, not with the property ${o.name}.`);
      return literal(property, o, '');
    }),
  };
}

const join = (parts: SqlFragment[], glue: string): SqlFragment => ({
  sql: parts.map((p) => `(${p.sql})`).join(glue),
  bindings: parts.flatMap((p) => p.bindings),
});

/** A temporal expression as its first and last day in SQL (null: open). */
function temporalEnds(collection: Collection, t: Temporal): [SqlFragment | null, SqlFragment | null] {
  const end = (e: IntervalEnd): SqlFragment | null => {
    if (e.kind === 'open') return null;
    if (e.kind === 'date') return { sql: '?::date', bindings: [e.value] };
    const q = queryable(collection, e.name, 'filter');
    if (q.type !== 'date') throw filterError(`${e.name} is not a date, so it cannot bound an interval.`);
    return { sql: q.sql, bindings: [] };
  };
  if (t.kind === 'interval') return [end(t.start), end(t.end)];
  const instant = end(t);
  return [instant, instant];
}

/** Turns a CQL2 tree into SQL over one collection's rows; geometries are checked by PostGIS first. */
async function compile(collection: Collection, reader: Reader, expr: Expr): Promise<SqlFragment> {
  switch (expr.op) {
    case 'and':
    case 'or':
      return join(await Promise.all(expr.args.map((a) => compile(collection, reader, a))), ` ${expr.op} `);
    case 'not': {
      const inner = await compile(collection, reader, expr.arg);
      // Two-valued, as CQL2 reads a comparison with a null: not true.
      return { sql: `not coalesce((${inner.sql}), false)`, bindings: inner.bindings };
    }
    case 'literal':
      return { sql: expr.value ? 'true' : 'false', bindings: [] };
    case 'isNull': {
      if (expr.left.kind !== 'property') throw filterError('IS NULL needs a property on its left.');
      return { sql: `${queryable(collection, expr.left.name, 'filter').sql} is null`, bindings: [] };
    }
    case 'like': {
      const { property, values } = sides(collection, expr.left, [expr.pattern]);
      if (property.type !== 'string') throw filterError(`LIKE compares text; ${property.name} is not text.`);
      return { sql: `${property.sql} like ${values[0].sql}`, bindings: values[0].bindings };
    }
    case 'between': {
      const { property, values } = sides(collection, expr.left, [expr.low, expr.high]);
      return { sql: `${property.sql} between ${values[0].sql} and ${values[1].sql}`, bindings: [...values[0].bindings, ...values[1].bindings] };
    }
    case 'in': {
      const { property, values } = sides(collection, expr.left, expr.list);
      return { sql: `${property.sql} in (${values.map((v) => v.sql).join(', ')})`, bindings: values.flatMap((v) => v.bindings) };
    }
    case 's_intersects': {
      const property = [expr.left, expr.right].find((s): s is Extract<Spatial, { kind: 'property' }> => s.kind === 'property');
      const shape = [expr.left, expr.right].find((s): s is Extract<Spatial, { kind: 'geometry' }> => s.kind === 'geometry');
      if (!property || !shape)
        throw filterError('S_INTERSECTS takes the geometry property and one geometry, e.g. S_INTERSECTS(geometry, BBOX(106.3, 20.4, 106.4, 20.5)).');
      const q = queryable(collection, property.name, 'filter');
      if (q.type !== 'geometry')
        throw filterError(`${property.name} is not a geometry; S_INTERSECTS needs ${collection.queryables.find((g) => g.type === 'geometry')?.name}.`);
      try {
        return intersects(q.sql, await checkedGeometry(reader.knex, shape.geometry, 'S_INTERSECTS'));
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw filterError(
          error.message.replace(/^filter\.S_INTERSECTS: /, 'in S_INTERSECTS, ').replace(/^filter\.S_INTERSECTS /, 'the S_INTERSECTS geometry '),
        );
      }
    }
    case 't_intersects': {
      const [aStart, aEnd] = temporalEnds(collection, expr.left);
      const [bStart, bEnd] = temporalEnds(collection, expr.right);
      // Two spans meet when each starts no later than the other ends; an open or unset end meets everything after it.
      const before = (start: SqlFragment | null, end: SqlFragment | null): SqlFragment | null =>
        start && end ? { sql: `(${end.sql} is null or ${start.sql} <= ${end.sql})`, bindings: [...end.bindings, ...start.bindings, ...end.bindings] } : null;
      // A date property alone is an instant: unset, it meets nothing (in an INTERVAL, an unset end is open).
      const instants = [expr.left, expr.right].flatMap((t) =>
        t.kind === 'property' ? [{ sql: `${queryable(collection, t.name, 'filter').sql} is not null`, bindings: [] }] : [],
      );
      const parts = [...instants, ...[before(aStart, bEnd), before(bStart, aEnd)].filter((p): p is SqlFragment => p !== null)];
      return parts.length ? join(parts, ' and ') : { sql: 'true', bindings: [] };
    }
    default: {
      const { property, values } = sides(collection, expr.left, [expr.right]);
      const flipped = expr.left.kind !== 'property';
      const op = flipped ? (({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[expr.op] ?? expr.op) : expr.op;
      if (property.enum && !['=', '<>'].includes(op)) throw filterError(`${property.name} takes = and <> (or IN), not ${op}.`);
      return { sql: `${property.sql} ${op} ${values[0].sql}`, bindings: values[0].bindings };
    }
  }
}

/** The conditions of CQL2 text over a collection, or a refusal with what to fix. */
export async function cql2Conditions(collection: Collection, reader: Reader, text: string): Promise<SqlFragment> {
  return compile(collection, reader, parseCql2(text));
}

/** `bbox=west,south,east,north` (or with heights, six numbers), in longitude and latitude. */
export function bboxCondition(collection: Collection, text: string): SqlFragment {
  const numbers = text.split(',').map((n) => (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(n) ? Number(n) : NaN));
  if ((numbers.length !== 4 && numbers.length !== 6) || numbers.some((n) => !Number.isFinite(n)))
    throw parameterError('bbox', 'give four numbers, west,south,east,north in degrees of longitude and latitude, e.g. bbox=106.3,20.4,106.5,20.6.');
  const [west, south, east, north] = numbers.length === 4 ? numbers : [numbers[0], numbers[1], numbers[3], numbers[4]];
  if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90 && south <= north))
    throw parameterError('bbox', 'longitudes are −180…180 and latitudes −90…90, with south ≤ north.');
  if (west > east) throw parameterError('bbox', 'a box across the antimeridian (west > east) is not served; the province lies far from it.');
  return inBoundingBox(collection.geometry, [west, south, east, north]);
}

/** `datetime=` an instant, or an interval `a/b` with `..` for an open end: the rows whose period meets it, by day. */
export function datetimeConditions(collection: Collection, text: string): SqlFragment[] {
  const day = (part: string) => {
    if (part === '..' || part === '') return undefined;
    const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.exec(part);
    if (!m)
      throw parameterError(
        'datetime',
        `"${part.slice(0, 40)}" is not a date or an RFC 3339 timestamp; write 2021-06-30, 2021-01-01/2021-12-31 or 2021-01-01/..`,
      );
    try {
      return parseDate(m[1], 'datetime');
    } catch (error) {
      throw parameterError('datetime', (error as Error).message);
    }
  };
  const parts = text.split('/');
  if (parts.length > 2) throw parameterError('datetime', 'give one date, or two separated by one "/".');
  const from = day(parts[0]);
  const to = parts.length === 2 ? day(parts[1]) : from;
  if (parts.length === 1 && from === undefined)
    throw parameterError('datetime', 'an instant cannot be open; write a date, or an interval such as 2021-01-01/..');
  if (from && to && from > to) throw parameterError('datetime', `the interval starts (${from}) after it ends (${to}); swap them.`);
  return periodCondition(collection.period, from, to);
}

/** `name=value` for a queryable: equality, the value read as the property's type. */
export function propertyCondition(collection: Collection, name: string, value: string): SqlFragment {
  const q = queryable(collection, name, 'parameter');
  const as = (scalar: Scalar): SqlFragment => {
    try {
      return literal(q, scalar, '');
    } catch (error) {
      throw parameterError(name, (error as Error).message.replace(/^filter: /, ''));
    }
  };
  let scalar: Scalar;
  switch (q.type) {
    case 'integer':
    case 'number':
      scalar = { kind: 'number', value: value.trim() === '' ? NaN : Number(value) };
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw parameterError(name, 'write true or false.');
      scalar = { kind: 'boolean', value: value === 'true' };
      break;
    case 'date':
      scalar = { kind: 'date', value: parseDateParameter(name, value) };
      break;
    case 'geometry':
      throw parameterError(name, 'filter on the geometry with bbox, or with filter=S_INTERSECTS(geometry, …).');
    default:
      scalar = { kind: 'string', value };
  }
  const bound = as(scalar);
  return { sql: `${q.sql} = ${bound.sql}`, bindings: bound.bindings };
}

function parseDateParameter(name: string, value: string): string {
  try {
    return parseDate(value, name);
  } catch (error) {
    throw parameterError(name, (error as Error).message);
  }
}
