import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { runSql, type Knex, type SqlFragment } from '@anbinh/db';
import type { BaseContext } from '../graphql/context';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import { publicViewer, type Viewer } from '../access/viewer';
import { httpStatusOf } from '../graphql/errors';
import { TileCache } from './cache';
import { encodeTile, buffer, extent, tileGeometry } from './encode';
import { recordDescription, tileLayers, type TileLayer } from './layers';
import type { Freshness } from '../changes/freshness';
import { logger } from '../observability/log';
import { acceptedCoding } from '../http/accept-encoding';

export interface TileState {
  /** Where tiles are read (a replica when there is one). */
  knex: Knex;
  tokens: Tokens;
  /** A reader's context (app/context.ts), reading where tiles are read. */
  context(viewer: Viewer): BaseContext;
  cache: TileCache;
  freshness: Freshness;
  /** Up to how many points TileJSON offers a point layer's GeoJSON export beside its tiles. */
  geojsonMaxPoints: number;
  /** The origin the caller used (behind a proxy, the one it forwarded), for TileJSON's absolute URLs. */
  origin(req: IncomingMessage): string;
}

const attribution = 'Ranh giới: GSO, OpenStreetMap contributors (ODbL) · An Bình';
const coded = (status: number, code: string, message: string) => Object.assign(new Error(message), { status, code });

/** The layer and its checked parameters, or a coded refusal. */
function layerOf(name: string, query: Record<string, unknown>): { layer: TileLayer; parameters: Record<string, string> } {
  const layer = Object.hasOwn(tileLayers(), name) ? tileLayers()[name] : undefined;
  if (!layer)
    throw coded(
      404,
      'NOT_FOUND',
      `There is no tile layer "${name}". Layers: ${Object.keys(tileLayers()).join(', ')}; e.g. /tiles/units.json or /tiles/cameras/12/3250/1800.mvt.`,
    );
  try {
    return { layer, parameters: layer.parameters(query) };
  } catch (error) {
    throw coded(400, 'BAD_USER_INPUT', (error as Error).message);
  }
}

/**
 * Vector tiles (Mapbox Vector Tile 2.1, from PostGIS's ST_AsMVT) under the
 * GraphQL API's rules: GET /tiles (the index of layers), /tiles/{layer}.json (TileJSON 3.0) and
 * /tiles/{layer}/{z}/{x}/{y}.mvt, with the same token (a partner sees only its
 * units' territory) and the same checks. Tiles are cached in memory and
 * revalidated by ETag; a write here or anywhere (the change feed) makes the
 * next request read afresh. Served on Node's own request and response, before
 * Express: a cached tile is a lookup and a write, and Express's routing would
 * cost more than that.
 */
export function tilesHandler(
  ready: () => TileState | undefined,
  cors: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  let bounds: Promise<number[]> | undefined;
  // Whether PostGIS can make MVT itself (built with protobuf-c; the embedded one is not).
  let nativeMvt: Promise<boolean> | undefined;

  const json = (res: ServerResponse, status: number, body: unknown, cacheControl?: string) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (cacheControl) res.setHeader('Cache-Control', cacheControl);
    res.end(JSON.stringify(body));
  };

  const tileJson = async (req: IncomingMessage, res: ServerResponse, state: TileState, name: string, query: Record<string, string>) => {
    const { layer, parameters } = layerOf(name, query);
    bounds ??= runSql(
      state.knex,
      'select ST_XMin(e) as w, ST_YMin(e) as s, ST_XMax(e) as e, ST_YMax(e) as n from (select ST_Extent(geom) as e from admin_unit) x',
    ).then(({ rows }) => [rows[0].w, rows[0].s, rows[0].e, rows[0].n].map((v: number) => Math.round(v * 1e5) / 1e5));
    const [w, s, e, n] = await bounds;
    const search = new URLSearchParams(parameters).toString();
    const origin = state.origin(req);
    // A few points are best loaded whole (clustered in the browser, no request per tile); many, as tiles.
    let geojson: string | undefined;
    if (layer.whole) {
      const ctx = state.context(await viewerFromHeader(state.tokens, req.headers.authorization));
      const count = await state.freshness.memo(`count|${layer.id}|${search}|${layer.scope(ctx, parameters)}`, layer.tables(parameters), () =>
        layer.whole!.count(ctx, parameters),
      );
      if (count <= state.geojsonMaxPoints) geojson = origin + layer.whole.geojson(parameters);
    }
    // Its URLs are made from the request's host and forwarded scheme: a shared cache must keep one answer per pair.
    res.setHeader('Vary', 'Host, X-Forwarded-Proto, Forwarded');
    json(
      res,
      200,
      {
        tilejson: '3.0.0',
        name: `An Bình: ${layer.id}`,
        description: layer.description,
        attribution,
        scheme: 'xyz',
        tiles: [`${origin}/tiles/${layer.id}/{z}/{x}/{y}.mvt${search ? `?${search}` : ''}`],
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        bounds: [w, s, e, n],
        center: [Math.round(((w + e) / 2) * 1e5) / 1e5, Math.round(((s + n) / 2) * 1e5) / 1e5, 9],
        vector_layers: [{ id: layer.id, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields: layer.fields }],
        // Not part of TileJSON: the same features as one GeoJSON document, when they are few enough to load whole.
        ...(geojson ? { geojson } : {}),
      },
      layer.whole ? 'private, no-cache' : 'public, max-age=300',
    );
  };

  // The hub's layers, for a map that draws whatever the hub serves: each one's kind of geometry, name and TileJSON.
  const index = (req: IncomingMessage, res: ServerResponse, state: TileState) => {
    const origin = state.origin(req);
    res.setHeader('Vary', 'Host, X-Forwarded-Proto, Forwarded');
    json(
      res,
      200,
      {
        layers: Object.values(tileLayers()).map((layer) => ({
          id: layer.id,
          geometry: layer.geometry,
          label: layer.label,
          description: layer.description,
          tilejson: `${origin}/tiles/${layer.id}.json`,
          record: layer.record ? recordDescription(layer.record) : null,
        })),
      },
      'public, max-age=300',
    );
  };

  const tile = async (req: IncomingMessage, res: ServerResponse, state: TileState, [name, zText, xText, file]: string[], query: Record<string, string>) => {
    const { layer, parameters } = layerOf(name, query);
    const [z, x, y] = [zText, xText, /^(\d+)\.mvt$/.exec(file)?.[1] ?? ''].map((v) => (/^\d{1,8}$/.test(v) ? Number(v) : NaN));
    if (!Number.isInteger(z) || z > layer.maxzoom || ![x, y].every((v) => Number.isInteger(v) && v < 2 ** z)) {
      throw coded(
        400,
        'BAD_USER_INPUT',
        `No tile ${zText}/${xText}/${file}: tiles are {z}/{x}/{y}.mvt with zoom 0–${layer.maxzoom}, and x and y 0 to 2^zoom − 1.`,
      );
    }
    const viewer = await viewerFromHeader(state.tokens, req.headers.authorization);
    const ctx = state.context(viewer);
    const scope = layer.scope(ctx, parameters);
    const key = `${layer.id}|${new URLSearchParams(parameters)}|${scope}|${z}/${x}/${y}|${state.freshness.stamp(layer.tables(parameters))}`;
    let cached = state.cache.get(key);
    if (!cached) {
      nativeMvt ??= canMakeMvt(state.knex);
      cached = state.cache.set(key, await renderTile(ctx, layer, parameters, [z, x, y], await nativeMvt));
    }
    res.setHeader('Cache-Control', `${viewer.role === publicViewer.role ? 'public' : 'private'}, no-cache`);
    res.setHeader('Vary', 'Accept-Encoding, Authorization');
    res.setHeader('ETag', cached.etag);
    if (fresh(req, cached.etag)) {
      res.statusCode = 304;
      return void res.end();
    }
    if (cached.body.length === 0) {
      res.statusCode = 204;
      return void res.end();
    }
    res.setHeader('Content-Type', 'application/vnd.mapbox-vector-tile');
    const gzip = acceptedCoding(req.headers['accept-encoding'], ['gzip']) === 'gzip';
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.end(req.method === 'HEAD' ? undefined : gzip ? state.cache.gzip(key, cached) : cached.body);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, path: string[], query: Record<string, string>) => {
    try {
      cors(req, res);
      const state = ready();
      if (!state) throw coded(503, 'SERVICE_UNAVAILABLE', 'The hub is starting: retry in a few seconds.');
      if (path.length === 1 && path[0] === '') {
        index(req, res, state);
      } else if (path.length === 1) {
        const name = /^([a-z]+)\.json$/.exec(path[0])?.[1];
        if (!name)
          throw coded(404, 'NOT_FOUND', `Tile layers are described at /tiles/{layer}.json, with layer one of ${Object.keys(tileLayers()).join(', ')}.`);
        await tileJson(req, res, state, name, query);
      } else if (path.length === 4) {
        await tile(req, res, state, path, query);
      } else {
        throw coded(
          404,
          'NOT_FOUND',
          `Tiles are /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json, with layer one of ${Object.keys(tileLayers()).join(', ')}; /tiles lists them.`,
        );
      }
    } catch (error) {
      const { status, code } =
        error instanceof GraphQLError ? { status: httpStatusOf(error), code: String(error.extensions.code) } : (error as { status?: number; code?: string });
      if (status && code) return json(res, status, { errors: [{ message: (error as Error).message, extensions: { code } }] });
      logger.error({ err: error }, 'tile failed');
      json(res, 500, {
        errors: [{ message: 'The tile could not be made; it has been logged. Try again later.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    }
  };

  return (req, res) => {
    if (!/^\/tiles(?:[/?]|$)/.test(req.url ?? '') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const url = new URL(req.url!, 'http://hub');
    // GET /tiles (or /tiles/) is the index of layers.
    const path = url.pathname
      .slice('/tiles/'.length)
      .split('/')
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      });
    void serve(req, res, path, Object.fromEntries(url.searchParams));
    return true;
  };
}

/** Whether the client's copy (If-None-Match) is current; "no-cache" in the request asks for the whole answer. */
function fresh(req: IncomingMessage, etag: string): boolean {
  const match = req.headers['if-none-match'];
  if (!match || /(?:^|,)\s*no-cache\s*(?:,|$)/.test(req.headers['cache-control'] ?? '')) return false;
  return match.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export { TileCache };

/** Whether PostGIS was built with protobuf-c, and so has ST_AsMVT (the embedded one was not). */
export async function canMakeMvt(knex: Knex): Promise<boolean> {
  const { rows } = await runSql(knex, `select postgis_full_version() like '%PROTOBUF%' as mvt`);
  return rows[0].mvt === true;
}

/**
 * The statement for one tile of a layer: ST_AsMVT over its features when PostGIS can make MVT, else the
 * features themselves. Features whose geometry falls outside the tile (null) are skipped by ST_AsMVT and
 * encodeTile; a `where geom is not null` here made PostgreSQL compute every geometry twice.
 */
export async function tileStatement(
  ctx: BaseContext,
  layer: TileLayer,
  parameters: Record<string, string>,
  [z, x, y]: number[],
  native: boolean,
): Promise<SqlFragment> {
  const features = await layer.query(ctx, parameters, [z, x, y], tileGeometry(native));
  return {
    sql: `with tile as (select ST_TileEnvelope(?::int, ?::int, ?::int) as env, ST_Transform(ST_TileEnvelope(?::int, ?::int, ?::int, margin => ${buffer / extent}), 4326) as area)
      ${native ? `select ST_AsMVT(t, '${layer.id}', ${extent}, 'geom', 'id') as tile` : 'select t.*'} from (${features.sql}) t`,
    bindings: [z, x, y, z, x, y, ...features.bindings],
  };
}

/** One tile of a layer: by ST_AsMVT when PostGIS can, else encoded here from the same features. */
export async function renderTile(ctx: BaseContext, layer: TileLayer, parameters: Record<string, string>, tile: number[], native: boolean): Promise<Buffer> {
  const statement = await tileStatement(ctx, layer, parameters, tile, native);
  const { rows } = await runSql(ctx.knex, statement.sql, statement.bindings, { planEachTime: true });
  return native ? Buffer.from(rows[0]?.tile ?? []) : encodeTile(layer.id, rows);
}
