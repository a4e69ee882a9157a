import { GraphQLScalarType, Kind } from 'graphql';
import { parseDate } from './input';

/** A calendar date without time or zone, YYYY-MM-DD (ISO 8601). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : (ast as { value?: unknown }).value),
});

/** An instant, written ISO 8601 in UTC (2026-11-29T07:30:00.000Z). Output only. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601, UTC (e.g. 2026-11-29T07:30:00.000Z).',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
});

/** Any JSON value. Output only (the audit log's before and after). */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
});

/** A GeoJSON geometry object (RFC 7946): positions are [longitude, latitude] in WGS 84. */
export const GeoJSONScalar = new GraphQLScalarType<object, object>({
  name: 'GeoJSON',
  description: 'A GeoJSON geometry (RFC 7946), positions [longitude, latitude].',
  serialize: (value) => (typeof value === 'string' ? JSON.parse(value) : value) as object,
  parseValue: (value) => value as object,
});
