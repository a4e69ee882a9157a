import type { Collection, Property } from './collections';

export const defaultLimit = 100;
export const maxLimit = 10_000;

/** The conformance classes /ogc implements, whole. */
export const conformance = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
];

/** A property's JSON Schema, as /queryables, /schema and the OpenAPI parameters state it. */
export function schemaOf(q: Property, geometryFormat = 'geometry-any'): Record<string, unknown> {
  const base = { title: q.name, description: q.description };
  switch (q.type) {
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'geometry':
      return { ...base, format: geometryFormat };
    case 'array':
      return { ...base, type: 'array', items: { type: 'string', ...(q.enum ? { enum: q.enum } : {}) } };
    default:
      return { ...base, type: q.type, ...(q.enum ? { enum: q.enum } : {}) };
  }
}

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, type = 'application/json') => ({
  200: { description, content: { [type]: { schema: { type: 'object' } }, 'text/html': { schema: { type: 'string' } } } },
});
const refusals = {
  400: { description: 'A parameter or filter the hub cannot use; the description says what to send.', ...json({ $ref: '#/components/schemas/exception' }) },
  401: { description: 'A bad or expired token.', ...json({ $ref: '#/components/schemas/exception' }) },
  404: { description: 'No such collection or feature.', ...json({ $ref: '#/components/schemas/exception' }) },
};
const parameter = (name: string, description: string, schema: object, inPath = false) => ({
  name,
  in: inPath ? 'path' : 'query',
  required: inPath,
  description,
  schema,
  ...(inPath ? {} : { style: 'form', explode: false }),
});

/** The query parameters every items path takes, besides its queryables. */
const itemParameters = [
  parameter('f', 'json (GeoJSON) or html; without it, the Accept header decides.', { type: 'string', enum: ['json', 'html'] }),
  parameter('limit', `Features per page, 1–${maxLimit}.`, { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit }),
  parameter('bbox', 'west,south,east,north in longitude and latitude (CRS84).', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }),
  parameter('datetime', 'A day, or an interval a/b with .. for an open end: features whose period meets it.', { type: 'string' }),
  parameter('filter', 'CQL2 text: comparisons, LIKE, BETWEEN, IN, IS NULL, AND/OR/NOT, S_INTERSECTS and T_INTERSECTS.', { type: 'string' }),
  parameter('filter-lang', 'cql2-text, the only language taken.', { type: 'string', enum: ['cql2-text'], default: 'cql2-text' }),
  ...['crs', 'bbox-crs', 'filter-crs'].map((name) =>
    parameter(name, 'CRS84 (longitude, latitude), the only CRS served and read.', { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] }),
  ),
  parameter('after', 'A position to continue after: take it from the next link.', { type: 'string' }),
  parameter('before', 'A position to go back before: take it from the prev link.', { type: 'string' }),
  parameter('access_token', 'The token, for clients that cannot send an Authorization header.', { type: 'string' }),
];

/** The OpenAPI 3.0 document of /ogc, with one items path per collection so that clients see each one's property filters. */
export function openApiDocument(base: string, collections: Collection[]) {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { ...ok('Links to the API, conformance and collections.') } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { ...ok('The classes implemented.') } } },
    '/api': { get: { summary: 'This document', operationId: 'getApi', responses: { 200: { description: 'OpenAPI 3.0' } } } },
    '/collections': { get: { summary: 'The collections', operationId: 'getCollections', responses: { ...ok('Every collection, with its extent.') } } },
  };
  for (const c of collections) {
    const id = c.id;
    paths[`/collections/${id}`] = { get: { summary: c.title, operationId: `describe-${id}`, responses: { ...ok(c.description), ...refusals } } };
    paths[`/collections/${id}/queryables`] = {
      get: { summary: `What ${c.title} can be filtered on`, operationId: `queryables-${id}`, responses: { ...ok('JSON Schema', 'application/schema+json') } },
    };
    paths[`/collections/${id}/items`] = {
      get: {
        summary: c.title,
        description: c.description,
        operationId: `items-${id}`,
        parameters: [
          ...itemParameters,
          ...c.queryables.filter((q) => q.type !== 'geometry').map((q) => parameter(q.name, `Only features whose ${q.name} equals this.`, schemaOf(q))),
        ],
        responses: { ...ok('A page of features (GeoJSON).', 'application/geo+json'), ...refusals },
      },
    };
    paths[`/collections/${id}/items/{featureId}`] = {
      get: {
        summary: `One of ${c.title}`,
        operationId: `item-${id}`,
        parameters: [parameter('featureId', 'The feature’s id (the GraphQL id).', { type: 'string' }, true), itemParameters[0], itemParameters.at(-1)],
        responses: { ...ok('The feature (GeoJSON).', 'application/geo+json'), ...refusals },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'An Bình OGC API – Features',
      version: '1.0.0',
      description:
        'The hub’s records with a location and its administrative units, read with the same tokens and rules as GraphQL. Send the token as Authorization: Bearer … or, for tools that cannot, as access_token=….',
    },
    servers: [{ url: base }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        accessToken: { type: 'apiKey', in: 'query', name: 'access_token' },
      },
      schemas: {
        exception: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string' }, description: { type: 'string' }, field: { type: 'string' }, reason: { type: 'string' } },
        },
      },
    },
    // Reading without a token is allowed: it reads what the public may.
    security: [{}, { bearer: [] }, { accessToken: [] }],
    paths,
  };
}
