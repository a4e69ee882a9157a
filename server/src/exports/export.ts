import express from 'express';
import { coerceInputValue, GraphQLError, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import type { Gazetteer } from '../geography/gazetteer';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import type { Viewer } from '../access/viewer';
import type { Context } from '../graphql/context';
import { toCsv, type CsvCell } from '@anbinh/shared';
import { httpStatusOf, userError } from '../graphql/errors';
import { checkJsonTextDepth } from '../http/envelope';
import { recordTypes } from '../records/catalogue';
import { allRecords, type AnyRecordKind, type RecordNode } from '../records/record';
import { RecordOrder } from '../records/record.inputs';
import { logger } from '../observability/log';

/** The most rows one export may hold. */
export const maxExportRows = 100_000;

type Cell = CsvCell;

/** The columns of an export: the record's own fields, its unit, and longitude/latitude for points. */
function table(kind: AnyRecordKind, records: RecordNode[], units: Map<number, { code: string; name: string }>) {
  const own = Object.keys(kind.columns).filter((c) => !c.endsWith('Id'));
  const header = ['id', ...own, 'unitCode', 'unitName', 'sample', ...(kind.located ? ['longitude', 'latitude'] : [])];
  const rows = records.map((r) => {
    const record = r as unknown as Record<string, Cell>;
    const location = (r as { location?: { type: string; coordinates: number[] } | null }).location;
    const point = location?.type === 'Point' ? location.coordinates : null;
    return [
      r.id,
      ...own.map((c) => record[c]),
      units.get(r.unitId)?.code,
      units.get(r.unitId)?.name,
      r.sample,
      ...(kind.located ? [point?.[0] ?? null, point?.[1] ?? null] : []),
    ] as Cell[];
  });
  return { header, rows };
}

/** An RFC 7946 FeatureCollection; records without a location have a null geometry. */
export function toFeatureCollection(kind: AnyRecordKind, records: RecordNode[], header: string[], rows: Cell[][]) {
  return {
    type: 'FeatureCollection',
    features: records.map((r, i) => ({
      type: 'Feature',
      id: r.id,
      geometry: (r as { location?: object | null }).location ?? null,
      properties: Object.fromEntries(header.map((h, j) => [h, rows[i][j] ?? null]).filter(([h]) => h !== 'longitude' && h !== 'latitude')),
    })),
  };
}

function parseQuery(schema: GraphQLSchema, kind: AnyRecordKind, query: Record<string, unknown>) {
  let filter: unknown = null;
  if (typeof query.filter === 'string' && query.filter !== '') {
    checkJsonTextDepth(query.filter);
    try {
      filter = JSON.parse(query.filter);
    } catch {
      throw userError('filter must be JSON, e.g. filter={"unitCode":"341","from":"2021-01-01","to":"2021-12-31"}.');
    }
  }
  const filterType = schema.getType(`${kind.typeName}Filter`) as GraphQLInputObjectType;
  const coerced =
    filter === null
      ? null
      : coerceInputValue(filter, filterType, (path, _value, error) => {
          throw userError(`filter${path.map((p) => `.${p}`).join('')}: ${error instanceof GraphQLError ? error.message : String(error)}`);
        });
  const orderBy = typeof query.orderBy === 'string' && query.orderBy !== '' ? query.orderBy.split(',') : null;
  for (const o of orderBy ?? []) {
    if (!(o in RecordOrder)) throw userError(`orderBy "${o}" is not one of ${Object.keys(RecordOrder).join(', ')}.`);
  }
  return { filter: coerced as never, orderBy: orderBy as RecordOrder[] | null };
}

/**
 * GET /export/{collection}.{csv|geojson}?filter={JSON}&orderBy=A,B — any filtered
 * collection (the same filter as in GraphQL) as a file for analysts' own tools.
 */
export function exportRouter(
  ready: () => { schema: GraphQLSchema; gazetteer: Gazetteer; tokens: Tokens; context(viewer: Viewer): Context } | undefined,
): express.Router {
  const router = express.Router();
  router.get('/:file', async (req, res) => {
    const sendError = (status: number, message: string, code: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });
    const state = ready();
    if (!state) return sendError(503, 'The hub is starting: retry in a few seconds.', 'SERVICE_UNAVAILABLE');
    const match = /^([a-zA-Z]+)\.(csv|geojson)$/.exec(req.params.file);
    const kind = match ? recordTypes.find((t) => t.kind.queryName === match[1])?.kind : undefined;
    if (!match || !kind) {
      return sendError(
        404,
        `Exports are /export/{collection}.csv or .geojson, with collection one of ${recordTypes.map((t) => t.kind.queryName).join(', ')}.`,
        'NOT_FOUND',
      );
    }
    try {
      const { filter, orderBy } = parseQuery(state.schema, kind, req.query);
      // The same rules as GraphQL: an export holds what its reader's token may read.
      const ctx = state.context(await viewerFromHeader(state.tokens, req.headers.authorization));
      const records = await allRecords(ctx, kind, filter, orderBy, maxExportRows);
      const units = new Map(records.map((r) => [r.unitId, state.gazetteer.byId(r.unitId)!]));
      const { header, rows } = table(kind, records, units);
      res.setHeader('Content-Disposition', `attachment; filename="${match[1]}.${match[2]}"`);
      if (match[2] === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(header, rows));
      else res.type('application/geo+json').send(JSON.stringify(toFeatureCollection(kind, records, header, rows)));
    } catch (error) {
      const status = httpStatusOf(error);
      if (error instanceof GraphQLError && status) return sendError(status, error.message, String(error.extensions.code));
      logger.error({ err: error }, 'export failed');
      sendError(500, 'The export failed; it has been logged. Try again later.', 'INTERNAL_SERVER_ERROR');
    }
  });
  return router;
}
