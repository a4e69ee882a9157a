import type { IncomingMessage } from 'node:http';
import express, { type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { runSql, type SqlFragment } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import type { Viewer } from '../access/viewer';
import type { BaseContext } from '../graphql/context';
import { httpStatusOf } from '../graphql/errors';
import { pageConnection, planPage, type PageArgs } from '../graphql/pagination';
import { whereClause, type Reader } from '../records/record';
import { logger } from '../observability/log';
import { extentOf, geometryTypesOf, ogcCollections, type Collection } from './collections';
import { bboxCondition, cql2Conditions, datetimeConditions, parameterError, propertyCondition } from './filter';
import { documentPage, type Link } from './html';
import { conformance, defaultLimit, maxLimit, openApiDocument, schemaOf } from './openapi';

/** What /ogc needs of a ready hub: who a token stands for, and a context to read with. */
export interface OgcSources {
  tokens: Tokens;
  context(viewer: Viewer): BaseContext;
  /** The scheme and host the client reached, for absolute links. */
  origin(req: IncomingMessage): string;
}

/** The query parameters /items takes besides its queryables. */
const itemParameters = new Set(['f', 'limit', 'bbox', 'bbox-crs', 'crs', 'datetime', 'filter', 'filter-lang', 'filter-crs', 'after', 'before', 'access_token']);
const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** A refusal that is not of one parameter's value (no such collection or feature): its status, code and sentence. */
class OgcRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One query parameter as text: repeated identical values (a client re-adding its own) count once. */
function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? [...new Set(value)] : [value];
  if (values.length !== 1 || typeof values[0] !== 'string') throw parameterError(name, 'give it once, as text.');
  return values[0];
}

/**
 * GET /ogc/… — OGC API – Features (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0; Part 3 filtering
 * with CQL2 text) over the records with a location and the divisions' units, with the token
 * and rules GraphQL applies: the same scope (readable()), so a partner sees only its territory.
 */
export function ogcRouter(ready: () => OgcSources | undefined): express.Router {
  const router = express.Router();

  // Read-only: a token in the URL is for reading, never for a write.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.set('Allow', 'GET, HEAD');
    send(
      req,
      res,
      405,
      'METHOD_NOT_ALLOWED',
      `/ogc is read-only: use GET. Writes go through GraphQL with an Authorization header; access_token is never taken for them.`,
    );
  });

  const handle =
    (build: (req: Request, sources: OgcSources, reader: Reader & BaseContext, base: string) => Promise<{ title: string; body: any; type?: string }>) =>
    async (req: Request, res: Response) => {
      const sources = ready();
      if (!sources) return send(req, res, 503, 'SERVICE_UNAVAILABLE', 'The hub is starting: retry in a few seconds.');
      try {
        const format = single(req, 'f');
        if (format !== undefined && format !== 'json' && format !== 'html') throw parameterError('f', 'write f=json or f=html.');
        const token = single(req, 'access_token');
        if (token === '') throw parameterError('access_token', 'is empty: give the token, or leave the parameter out to read as the public.');
        const header = req.headers.authorization;
        if (token !== undefined && header)
          throw parameterError('access_token', 'send the token either in the Authorization header or as access_token, not both.');
        const viewer = await viewerFromHeader(sources.tokens, token !== undefined ? `Bearer ${token}` : header);
        const reader = sources.context(viewer);
        const base = `${sources.origin(req)}${req.baseUrl}`;
        const { title, body, type = 'application/json' } = await build(req, sources, reader, base);
        res.vary('Accept');
        // What a token reads is that token's: no shared cache keeps it.
        res.set('Cache-Control', viewer.role === Role.PUBLIC ? 'no-cache' : 'private, no-cache');
        if (wantsHtml(req, format)) res.type('html').send(documentPage(title, body));
        else res.type(type).send(JSON.stringify(body));
      } catch (error) {
        if (error instanceof OgcRefusal) return send(req, res, error.status, error.code, error.message);
        const status = httpStatusOf(error);
        if (error instanceof GraphQLError && status) {
          const { code, field, reason } = error.extensions as Record<string, string | undefined>;
          return send(req, res, status, String(code), error.message, field, reason);
        }
        logger.error({ err: error }, 'ogc request failed');
        send(req, res, 500, 'INTERNAL_SERVER_ERROR', 'The request failed; it has been logged. Try again later.');
      }
    };

  router.get(
    '/',
    handle(async (req, _sources, _reader, base) => ({
      title: 'An Bình OGC API – Features',
      body: {
        title: 'An Bình OGC API – Features',
        description: 'Records with a location and the administrative units of each division, for GIS tools (QGIS, ArcGIS, GDAL).',
        links: [
          link(req, base, '', 'self', 'This document'),
          { href: `${base}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition (OpenAPI 3.0)' },
          { href: `${base}/api?f=html`, rel: 'service-doc', type: 'text/html', title: 'The API definition' },
          link(req, base, '/conformance', 'conformance', 'Conformance classes'),
          link(req, base, '/collections', 'data', 'Collections'),
        ],
      },
    })),
  );

  router.get(
    '/conformance',
    handle(async (req, _sources, _reader, base) => ({
      title: 'Conformance',
      body: { conformsTo: conformance, links: [link(req, base, '/conformance', 'self', 'This document')] },
    })),
  );

  router.get(
    '/api',
    handle(async (req, _sources, _reader, base) => {
      if (wantsHtml(req, single(req, 'f'))) {
        return {
          title: 'API definition',
          body: {
            description: 'The OpenAPI 3.0 document of this API.',
            links: [{ href: `${base}/api?f=json`, rel: 'service-desc', title: 'OpenAPI 3.0 (JSON)' }],
          },
        };
      }
      return { title: 'API', body: openApiDocument(base, ogcCollections()), type: 'application/vnd.oai.openapi+json;version=3.0' };
    }),
  );

  router.get(
    '/collections',
    handle(async (req, _sources, reader, base) => {
      const described = await Promise.all(visible(reader).map((c) => describe(req, c, reader, base)));
      return { title: 'Collections', body: { links: [link(req, base, '/collections', 'self', 'This document')], collections: described } };
    }),
  );

  router.get(
    '/collections/:id',
    handle(async (req, _sources, reader, base) => {
      const collection = find(req.params.id as string, reader);
      return { title: collection.title, body: await describe(req, collection, reader, base) };
    }),
  );

  router.get(
    '/collections/:id/queryables',
    handle(async (req, _sources, reader, base) => {
      const collection = find(req.params.id as string, reader);
      const types = await geometryTypesOf(collection, reader);
      const geometryFormat = types.length === 1 ? `geometry-${types[0].toLowerCase()}` : 'geometry-any';
      return {
        title: `${collection.title}: queryables`,
        type: 'application/schema+json',
        body: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $id: `${base}/collections/${collection.id}/queryables`,
          type: 'object',
          title: collection.title,
          properties: Object.fromEntries(collection.queryables.map((q) => [q.name, schemaOf(q, geometryFormat)])),
          additionalProperties: false,
          links: [link(req, base, `/collections/${collection.id}/queryables`, 'self', 'This document')],
        },
      };
    }),
  );

  router.get(
    '/collections/:id/schema',
    handle(async (req, _sources, reader, base) => {
      const collection = find(req.params.id as string, reader);
      return {
        title: `${collection.title}: schema`,
        type: 'application/schema+json',
        body: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $id: `${base}/collections/${collection.id}/schema`,
          type: 'object',
          title: collection.title,
          properties: Object.fromEntries(collection.properties.map((p) => [p.name, schemaOf(p)])),
          links: [link(req, base, `/collections/${collection.id}/schema`, 'self', 'This document')],
        },
      };
    }),
  );

  router.get(
    '/collections/:id/items',
    handle(async (req, sources, reader, base) => {
      const collection = find(req.params.id as string, reader);
      const conditions = [...collection.scope(reader), ...(await itemConditions(req, collection, reader))];
      const limit = limitOf(single(req, 'limit'));
      const [after, before] = [single(req, 'after'), single(req, 'before')];
      if (after !== undefined && before !== undefined) throw parameterError('before', 'give after or before, not both: follow the next or prev link as it is.');
      const args: PageArgs = before !== undefined ? { last: limit, before } : { first: limit, after };
      const plan = cursorPlan(collection, args, sources);
      const where = whereClause([...conditions, ...plan.conditions]);
      const all = whereClause(conditions);
      const [{ rows }, counted] = await Promise.all([
        runSql(
          reader.knex,
          `select ${collection.columns}, ${plan.keyColumns.sql} from ${collection.table} r where ${where.sql} order by ${plan.order.sql} limit ?`,
          [...plan.keyColumns.bindings, ...where.bindings, ...plan.order.bindings, plan.limit],
        ),
        runSql(reader.knex, `select count(*)::int as total from ${collection.table} r where ${all.sql}`, all.bindings),
      ]);
      // The page, its cursors and whether more lie either way, as a GraphQL connection has them.
      const page = pageConnection(
        plan,
        rows,
        (row) => feature(req, collection, row, reader, base),
        sources.tokens.cursors,
        async () => counted.rows[0].total as number,
      );
      const { hasNextPage, hasPreviousPage, startCursor, endCursor } = page.pageInfo;
      const path = `/collections/${collection.id}/items`;
      const links: Link[] = [
        link(req, base, path, 'self', 'This page', 'application/geo+json'),
        link(req, base, `/collections/${collection.id}`, 'collection', collection.title),
      ];
      if (hasNextPage && endCursor) links.push(link(req, base, path, 'next', 'Next page', 'application/geo+json', { after: endCursor, before: undefined }));
      if (hasPreviousPage && startCursor)
        links.push(link(req, base, path, 'prev', 'Previous page', 'application/geo+json', { before: startCursor, after: undefined }));
      return {
        title: collection.title,
        type: 'application/geo+json',
        body: {
          type: 'FeatureCollection',
          features: page.nodes,
          numberMatched: counted.rows[0].total,
          numberReturned: page.nodes.length,
          timeStamp: new Date().toISOString(),
          links,
        },
      };
    }),
  );

  router.get(
    '/collections/:id/items/:featureId',
    handle(async (req, _sources, reader, base) => {
      const collection = find(req.params.id as string, reader);
      for (const name of Object.keys(req.query))
        if (!['f', 'access_token', 'crs'].includes(name)) throw parameterError(name, 'a single feature takes only f, crs and access_token.');
      const crs = single(req, 'crs');
      if (crs !== undefined && crs !== crs84) throw parameterError('crs', `the hub serves ${crs84} (longitude, latitude) only.`);
      const featureId = req.params.featureId as string;
      const id = collection.rowId(featureId);
      const where = whereClause([...collection.scope(reader), { sql: 'r.id = ?', bindings: [id ?? 0] }]);
      const { rows } =
        id === undefined
          ? { rows: [] }
          : await runSql(reader.knex, `select ${collection.columns} from ${collection.table} r where ${where.sql}`, where.bindings);
      if (!rows[0])
        throw new OgcRefusal(
          404,
          'NOT_FOUND',
          `${collection.id} has no feature "${featureId.slice(0, 100)}" that this token may read; ids are those of the items’ features.`,
        );
      const found = feature(req, collection, rows[0], reader, base);
      return {
        title: `${collection.title} ${featureId}`,
        type: 'application/geo+json',
        body: { ...found, links: [...found.links, link(req, base, `/collections/${collection.id}`, 'collection', collection.title)] },
      };
    }),
  );

  router.use((req, res) => {
    send(req, res, 404, 'NOT_FOUND', `Nothing at ${req.baseUrl}${req.path}: start from ${req.baseUrl}, its /conformance, /api and /collections.`);
  });
  return router;
}

function wantsHtml(req: Request, format: string | undefined): boolean {
  if (format) return format === 'html';
  return req.accepts(['json', 'application/geo+json', 'html']) === 'html';
}

/** A link to a document of this API, carrying the request's access_token so a tool that could not send a header can follow it. */
function link(
  req: Request,
  base: string,
  path: string,
  rel: string,
  title: string,
  type = 'application/json',
  params: Record<string, string | undefined> = {},
): Link {
  const url = new URL(`${base}${path}`);
  const samePage = url.pathname === `${new URL(base).pathname}${req.path === '/' ? '' : req.path}`;
  const keep = samePage ? Object.entries(req.query) : Object.entries(req.query).filter(([k]) => k === 'access_token');
  for (const [name, value] of keep) if (name !== 'f' && typeof value === 'string' && !(name in params)) url.searchParams.set(name, value);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return { href: url.toString(), rel, type, title };
}

/** The collections the reader may read: a type whose rule refuses this token is left out. */
function visible(reader: Reader): Collection[] {
  return ogcCollections().filter((c) => {
    try {
      c.scope(reader);
      return true;
    } catch {
      return false;
    }
  });
}

function find(id: string, reader: Reader): Collection {
  const collection = ogcCollections().find((c) => c.id === id);
  if (!collection)
    throw new OgcRefusal(
      404,
      'NOT_FOUND',
      `No collection "${id.slice(0, 100)}"; the collections are ${ogcCollections()
        .map((c) => c.id)
        .join(', ')}.`,
    );
  collection.scope(reader); // FORBIDDEN or UNAUTHENTICATED before anything is read
  return collection;
}

async function describe(req: Request, c: Collection, reader: Reader, base: string) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [crs84],
    extent: await extentOf(c, reader),
    links: [
      link(req, base, `/collections/${c.id}`, req.path === '/collections' ? 'collection' : 'self', c.title),
      link(req, base, `/collections/${c.id}/items`, 'items', `${c.title} (GeoJSON)`, 'application/geo+json'),
      link(req, base, `/collections/${c.id}/queryables`, 'http://www.opengis.net/def/rel/ogc/1.0/queryables', 'Queryables', 'application/schema+json'),
      link(req, base, `/collections/${c.id}/schema`, 'describedby', 'Schema of its features', 'application/schema+json'),
    ],
  };
}

function feature(req: Request, c: Collection, row: Record<string, unknown>, reader: Reader, base: string) {
  const id = c.featureId(row);
  return {
    type: 'Feature',
    id,
    geometry: row.geometry ?? null,
    properties: c.propertiesOf(row, reader),
    links: [link(req, base, `/collections/${c.id}/items/${id}`, 'self', 'This feature', 'application/geo+json')],
  };
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return defaultLimit;
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= maxLimit))
    throw parameterError('limit', `give a whole number from 1 to ${maxLimit.toLocaleString('en')}; follow the next link for more.`);
  return n;
}

/** A page's keyset plan; a cursor from elsewhere is refused in words that fit links. */
function cursorPlan(collection: Collection, page: PageArgs, sources: OgcSources) {
  try {
    return planPage(collection.keyset, page, sources.tokens.cursors, defaultLimit, maxLimit);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.reason === 'INVALID_CURSOR') {
      const name = page.before !== undefined ? 'before' : 'after';
      throw parameterError(
        name,
        'this position was not given by this collection’s links, or was changed; follow the next and prev links as they are, or start again without it.',
      );
    }
    throw error;
  }
}

/** bbox, datetime, property filters and filter, each refused on its own when it cannot be used. */
async function itemConditions(req: Request, collection: Collection, reader: Reader): Promise<SqlFragment[]> {
  const conditions: SqlFragment[] = [];
  for (const name of Object.keys(req.query)) {
    if (itemParameters.has(name)) continue;
    if (!collection.queryables.some((q) => q.name === name))
      throw parameterError(
        name,
        `is not a parameter of ${collection.id}'s items; they take ${[...itemParameters].join(', ')} and its queryables ${collection.queryables
          .filter((q) => q.type !== 'geometry')
          .map((q) => q.name)
          .join(', ')}.`,
      );
    conditions.push(propertyCondition(collection, name, single(req, name)!));
  }
  const bbox = single(req, 'bbox');
  if (bbox !== undefined) conditions.push(bboxCondition(collection, bbox));
  const datetime = single(req, 'datetime');
  if (datetime !== undefined) conditions.push(...datetimeConditions(collection, datetime));
  const lang = single(req, 'filter-lang');
  if (lang !== undefined && lang !== 'cql2-text') throw parameterError('filter-lang', 'only cql2-text is taken.');
  // Clients that speak Part 2 may name the one CRS served.
  for (const name of ['crs', 'bbox-crs', 'filter-crs']) {
    const crs = single(req, name);
    if (crs !== undefined && crs !== crs84) throw parameterError(name, `the hub serves and reads ${crs84} (longitude, latitude) only.`);
  }
  const filter = single(req, 'filter');
  if (filter !== undefined) conditions.push(await cql2Conditions(collection, reader, filter));
  return conditions;
}

function send(req: Request, res: Response, status: number, code: string, description: string, field?: string, reason?: string) {
  const body = { code, description, ...(field ? { field } : {}), ...(reason ? { reason } : {}) };
  res.status(status);
  if (req.accepts(['json', 'html']) === 'html' && req.query.f !== 'json') res.type('html').send(documentPage(`Error ${status}`, { description }));
  else res.type('application/json').send(JSON.stringify(body));
}
