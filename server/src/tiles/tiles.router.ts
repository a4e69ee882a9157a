import express from 'express';
import { runSql, type Knex } from '@anbinh/db';
import type { Gazetteer } from '../geography/gazetteer';
import type { BaseContext } from '../graphql/context';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import { publicViewer } from '../access/viewer';
import { TileCache } from './cache';
import { encodeTile, buffer, extent, tileGeometry } from './encode';
import { tileLayers, type Memo, type TileLayer } from './layers';

export interface TileState {
  knex: Knex;
  gazetteer: Gazetteer;
  tokens: Tokens;
  cache: TileCache;
}

const attribution = 'Ranh giới: GSO, OpenStreetMap contributors (ODbL) · An Bình';
const coded = (status: number, code: string, message: string) => Object.assign(new Error(message), { status, code });

/** The layer and its checked parameters, or a coded refusal. */
function layerOf(name: string, query: Record<string, unknown>): { layer: TileLayer; parameters: Record<string, string> } {
  const layer = Object.hasOwn(tileLayers, name) ? tileLayers[name] : undefined;
  if (!layer) throw coded(404, 'NOT_FOUND', `There is no tile layer "${name}". Layers: ${Object.keys(tileLayers).join(', ')}; e.g. /tiles/units.json or /tiles/cameras/12/3250/1800.mvt.`);
  try {
    return { layer, parameters: layer.parameters(query) };
  } catch (error) {
    throw coded(400, 'BAD_USER_INPUT', (error as Error).message);
  }
}

/**
 * Vector tiles (Mapbox Vector Tile 2.1, from PostGIS's ST_AsMVT) under the
 * GraphQL API's rules: GET /tiles/{layer}.json (TileJSON 3.0) and
 * /tiles/{layer}/{z}/{x}/{y}.mvt, with the same token (a partner sees only its
 * units' territory) and the same checks. Tiles are cached in memory and
 * revalidated by ETag; a write here or anywhere (the change feed) makes the
 * next request read afresh.
 */
export function tilesRouter(ready: () => TileState | undefined): express.Router {
  const router = express.Router();
  let bounds: Promise<number[]> | undefined;
  // Whether PostGIS can make MVT itself (built with protobuf-c; the embedded one is not).
  let nativeMvt: Promise<boolean> | undefined;

  const handle = (serve: (req: express.Request, res: express.Response, state: TileState) => Promise<void>): express.RequestHandler => async (req, res) => {
    const state = ready();
    try {
      if (!state) throw coded(503, 'SERVICE_UNAVAILABLE', 'The hub is starting: retry in a few seconds.');
      await serve(req, res, state);
    } catch (error) {
      const { status, code } = error as { status?: number; code?: string };
      if (status && code) return void res.status(status).json({ errors: [{ message: (error as Error).message, extensions: { code } }] });
      console.error('[tiles] failed', error);
      res.status(500).json({ errors: [{ message: 'The tile could not be made; it has been logged. Try again later.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };

  const contextFor = async (req: express.Request, state: TileState): Promise<BaseContext> => {
    const viewer = await viewerFromHeader(state.tokens, req.headers.authorization, publicViewer).catch((error: Error) => {
      throw coded(401, 'UNAUTHENTICATED', error.message);
    });
    return { knex: state.knex, gazetteer: state.gazetteer, tokens: state.tokens, viewer, address: null };
  };

  router.get('/:file', handle(async (req, res, state) => {
    const name = /^([a-z]+)\.json$/.exec(String(req.params.file))?.[1];
    if (!name) throw coded(404, 'NOT_FOUND', `Tile layers are described at /tiles/{layer}.json, with layer one of ${Object.keys(tileLayers).join(', ')}.`);
    const { layer, parameters } = layerOf(name, req.query as Record<string, unknown>);
    bounds ??= runSql(state.knex, 'select ST_XMin(e) as w, ST_YMin(e) as s, ST_XMax(e) as e, ST_YMax(e) as n from (select ST_Extent(geom) as e from admin_unit) x')
      .then(({ rows }) => [rows[0].w, rows[0].s, rows[0].e, rows[0].n].map((v: number) => Math.round(v * 1e5) / 1e5));
    const [w, s, e, n] = await bounds;
    const query = new URLSearchParams(parameters).toString();
    res.set('Cache-Control', 'public, max-age=300');
    res.json({
      tilejson: '3.0.0',
      name: `An Bình: ${layer.id}`,
      description: layer.description,
      attribution,
      scheme: 'xyz',
      tiles: [`${req.protocol}://${req.get('host')}${req.baseUrl}/${layer.id}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds: [w, s, e, n],
      center: [Math.round(((w + e) / 2) * 1e5) / 1e5, Math.round(((s + n) / 2) * 1e5) / 1e5, 9],
      vector_layers: [{ id: layer.id, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields: layer.fields }],
    });
  }));

  router.get('/:layer/:z/:x/:file', handle(async (req, res, state) => {
    const { layer, parameters } = layerOf(String(req.params.layer), req.query as Record<string, unknown>);
    const [z, x, y] = [String(req.params.z), String(req.params.x), /^(\d+)\.mvt$/.exec(String(req.params.file))?.[1] ?? ''].map((v) => (/^\d{1,8}$/.test(v) ? Number(v) : NaN));
    if (!Number.isInteger(z) || z > layer.maxzoom || ![x, y].every((v) => Number.isInteger(v) && v < 2 ** z)) {
      throw coded(400, 'BAD_USER_INPUT', `No tile ${String(req.params.z)}/${String(req.params.x)}/${String(req.params.file)}: tiles are {z}/{x}/{y}.mvt with zoom 0–${layer.maxzoom}, and x and y 0 to 2^zoom − 1.`);
    }
    const ctx = await contextFor(req, state);
    const scope = layer.scope(ctx, parameters);
    const key = `${layer.id}|${new URLSearchParams(parameters)}|${scope}|${z}/${x}/${y}|${state.cache.stamp(layer.tables(parameters))}`;
    let tile = state.cache.get(key);
    if (!tile) {
      const memo = <T>(name: string, compute: () => Promise<T>) => state.cache.memo(`${layer.id}|${scope}|${name}`, compute);
      nativeMvt ??= canMakeMvt(state.knex);
      tile = state.cache.set(key, await renderTile(ctx, layer, parameters, [z, x, y], await nativeMvt, memo));
    }
    res.set('Cache-Control', `${ctx.viewer.role === publicViewer.role ? 'public' : 'private'}, no-cache`);
    res.set('Vary', 'Accept-Encoding, Authorization');
    res.set('ETag', tile.etag);
    if (req.fresh) return void res.status(304).end();
    if (tile.body.length === 0) return void res.status(204).end();
    res.type('application/vnd.mapbox-vector-tile');
    if (req.acceptsEncodings('gzip') === 'gzip') res.set('Content-Encoding', 'gzip').send(tile.gzip);
    else res.send(tile.body);
  }));
  return router;
}

export { TileCache };

/** Whether PostGIS was built with protobuf-c, and so has ST_AsMVT (the embedded one was not). */
export async function canMakeMvt(knex: Knex): Promise<boolean> {
  const { rows } = await runSql(knex, `select postgis_full_version() like '%PROTOBUF%' as mvt`);
  return rows[0].mvt === true;
}

/** One tile of a layer: by ST_AsMVT when PostGIS can, else encoded here from the same features. */
export async function renderTile(ctx: BaseContext, layer: TileLayer, parameters: Record<string, string>, [z, x, y]: number[], native: boolean, memo: Memo): Promise<Buffer> {
  const features = await layer.query(ctx, parameters, z, tileGeometry(native), memo);
  const sql = `with tile as (select ST_TileEnvelope(?::int, ?::int, ?::int) as env, ST_Transform(ST_TileEnvelope(?::int, ?::int, ?::int, margin => ${buffer / extent}), 4326) as area)
    ${native ? `select ST_AsMVT(t, '${layer.id}', ${extent}, 'geom', 'id') as tile` : 'select t.*'} from (${features.sql}) t where t.geom is not null`;
  const { rows } = await runSql(ctx.knex, sql, [z, x, y, z, x, y, ...features.bindings]);
  return native ? Buffer.from(rows[0]?.tile ?? []) : encodeTile(layer.id, rows);
}
