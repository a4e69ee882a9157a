import { createHash } from 'node:crypto';
import express from 'express';
import { runSql, type Knex } from '@anbinh/db';
import { exemplaryPlaces, todayInVietnam, type UnitLevel } from '@anbinh/shared';
import { parseLevel, parseOptionalDate } from '../graphql/input';
import { checkAsOf, checkGeometryOptions } from './admin-unit.service';
import { logger } from '../observability/log';

/** What the map layers need from the geography, and how each is read from SQL as one GeoJSON text. */
const layers = {
  /** Unit polygons of a level in force on a date, lightened for the screen. */
  units: (level: UnitLevel, asOf: string, simplify: number, precision: number) => ({
    sql: `select u.id, u.code, u.name, u.level, u.parent_code,
            ST_AsGeoJSON(case when :simplify::float8 > 0 then ST_SimplifyPreserveTopology(u.geom, :simplify::float8) else u.geom end, :precision::int)::json as geometry
          from admin_unit u
          where u.level = :level::unit_level and u.valid_from <= :asOf::date and (u.valid_to is null or u.valid_to > :asOf::date)`,
    params: { level, asOf, simplify, precision },
    properties: ['code', 'name', 'level', 'parent_code'],
  }),
  /**
   * One label point per unit (inside it, even for a crescent-shaped commune), and
   * whether it holds one of the report's exemplary places.
   */
  labels: (level: UnitLevel, asOf: string) => ({
    sql: `select u.id, u.code, u.name, u.level,
            exists (select 1 from admin_unit_atom a where a.unit_id = u.id and a.atom_id = any(:exemplary::text[])) as exemplary,
            ST_AsGeoJSON(ST_PointOnSurface(u.geom), 5)::json as geometry
          from admin_unit u
          where u.level = :level::unit_level and u.valid_from <= :asOf::date and (u.valid_to is null or u.valid_to > :asOf::date)`,
    params: { level, asOf, exemplary: exemplaryPlaces.map((p) => p.atom) },
    properties: ['code', 'name', 'level', 'exemplary'],
  }),
  heritage: () => ({
    sql: 'select h.id, h.name, h.address, ST_AsGeoJSON(h.location, 6)::json as geometry from heritage_site h',
    params: {},
    properties: ['name', 'address'],
  }),
};

/** The query string of /geo/units and /geo/labels, checked as GraphQL checks the same arguments. */
function parseQuery(query: Record<string, unknown>) {
  const level = parseLevel(query.level ?? 'COMMUNE');
  const asOf = parseOptionalDate(query.asOf, 'asOf') ?? todayInVietnam();
  checkAsOf(asOf);
  const simplify = Number(query.simplify ?? 0);
  const precision = Number(query.precision ?? 6);
  checkGeometryOptions(precision, simplify);
  return { level, asOf, simplify, precision };
}

/**
 * GET /geo/{units|labels|heritage}.geojson — the map's own base layers, from the
 * hub's geography, so the map needs no tile server on the internet. Units and
 * labels take level, asOf, and (units) simplify and precision.
 */
export function geoRouter(knex: () => Knex | undefined): express.Router {
  const router = express.Router();
  router.get('/:file', async (req, res) => {
    const sendError = (status: number, message: string, code: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });
    const db = knex();
    if (!db) return sendError(503, 'The hub is starting: retry in a few seconds.', 'SERVICE_UNAVAILABLE');
    const layer = /^(units|labels|heritage)\.geojson$/.exec(req.params.file)?.[1] as keyof typeof layers | undefined;
    if (!layer) return sendError(404, 'Map layers are /geo/units.geojson, /geo/labels.geojson and /geo/heritage.geojson.', 'NOT_FOUND');
    try {
      const q = parseQuery(req.query);
      const spec =
        layer === 'units' ? layers.units(q.level, q.asOf, q.simplify, q.precision) : layer === 'labels' ? layers.labels(q.level, q.asOf) : layers.heritage();
      const { rows } = await runSql(db, spec.sql, spec.params);
      const features = rows.map((row: Record<string, unknown>) => ({
        type: 'Feature',
        id: row.id, // numeric, so MapLibre can use it for feature state (hover, selection, choropleth values)
        geometry: row.geometry,
        properties: Object.fromEntries([['id', row.id], ...spec.properties.map((p) => [p, row[p]])]),
      }));
      // The geography changes only when it is reloaded: fresh for five minutes, then revalidated by ETag.
      const body = JSON.stringify({ type: 'FeatureCollection', features });
      res.set('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
      res.set('ETag', `"${createHash('sha1').update(body).digest('base64url')}"`);
      if (req.fresh) return void res.status(304).end();
      res.type('application/geo+json').send(body);
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code === 'BAD_USER_INPUT')
        return sendError(400, (error as Error).message, 'BAD_USER_INPUT');
      logger.error({ err: error }, 'map layer failed');
      sendError(500, 'The map layer could not be read; it has been logged. Try again later.', 'INTERNAL_SERVER_ERROR');
    }
  });
  return router;
}
