import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import express from 'express';
import { coerceInputValue, GraphQLError, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import type { Gazetteer } from '../geography/gazetteer';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import type { Viewer } from '../access/viewer';
import type { Context } from '../graphql/context';
import { csvBom, csvLine, type CsvCell } from '@anbinh/shared';
import { httpStatusOf, userError } from '../graphql/errors';
import { checkJsonTextDepth } from '../http/envelope';
import { recordTypes } from '../records/catalogue';
import { recordBatches, type AnyRecordKind, type RecordNode } from '../records/record';
import { acceptedCoding, brotliParams, type Coding } from '../http/accept-encoding';
import { RecordOrder } from '../records/record.inputs';
import { logger } from '../observability/log';
import type { HubMetrics } from '../observability/metrics';

/** The most rows one export may hold. */
export const maxExportRows = 100_000;

type Cell = CsvCell;
type Format = 'csv' | 'geojson';

/** Rows read from the database at a time: one short statement each, and the most an export holds in memory. */
export const exportBatch = 1_000;

/** The columns of an export: the record's own fields, its unit, and longitude/latitude for points. */
function columnsOf(kind: AnyRecordKind) {
  const own = Object.keys(kind.columns).filter((c) => !c.endsWith('Id'));
  return { own, header: ['id', ...own, 'unitCode', 'unitName', 'sample', ...(kind.located ? ['longitude', 'latitude'] : [])] };
}

function row(kind: AnyRecordKind, own: string[], r: RecordNode, unit: { code: string; name: string } | null): Cell[] {
  const record = r as unknown as Record<string, Cell>;
  const location = locationOf(r);
  const point = location?.type === 'Point' ? location.coordinates : null;
  return [r.id, ...own.map((c) => record[c]), unit?.code, unit?.name, r.sample, ...(kind.located ? [point?.[0] ?? null, point?.[1] ?? null] : [])];
}

const locationOf = (r: RecordNode) => (r as { location?: { type: string; coordinates: number[] } | null }).location ?? null;

/**
 * The file, piece by piece as batches arrive: CSV lines, or an RFC 7946 FeatureCollection (records without a location
 * have a null geometry). The first batch has been read already, so a refusal could still be answered with a code.
 */
async function* exportText(kind: AnyRecordKind, format: Format, gazetteer: Gazetteer, first: RecordNode[], rest: AsyncIterator<RecordNode[]>) {
  const { own, header } = columnsOf(kind);
  const properties = header.filter((h) => h !== 'longitude' && h !== 'latitude');
  yield format === 'csv' ? csvBom + csvLine(header) : '{"type":"FeatureCollection","features":[';
  let features = 0;
  for (let batch: RecordNode[] | undefined = first; batch; batch = (await rest.next()).value as RecordNode[] | undefined) {
    const records = batch;
    const rows = records.map((r) => row(kind, own, r, gazetteer.byId(r.unitId)));
    if (format === 'csv') yield rows.map(csvLine).join('');
    else
      yield rows
        .map((cells, i) => {
          const feature = {
            type: 'Feature',
            id: records[i].id,
            geometry: locationOf(records[i]),
            properties: Object.fromEntries(properties.map((h) => [h, cells[header.indexOf(h)] ?? null])),
          };
          return (features++ > 0 ? ',' : '') + JSON.stringify(feature);
        })
        .join('');
  }
  if (format === 'geojson') yield ']}';
}

/** The batches as they are, each counted when it has been read. */
async function* counted(batches: AsyncGenerator<RecordNode[]>, count: (rows: number) => void): AsyncGenerator<RecordNode[]> {
  for await (const batch of batches) {
    count(batch.length);
    yield batch;
  }
}

const compressor = (coding: Coding) => (coding === 'br' ? zlib.createBrotliCompress({ params: brotliParams }) : zlib.createGzip());

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
  metrics: Pick<HubMetrics, 'exportRows'>,
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
    let batches: AsyncGenerator<RecordNode[]>;
    let first: IteratorResult<RecordNode[]>;
    try {
      const { filter, orderBy } = parseQuery(state.schema, kind, req.query);
      // The same rules as GraphQL: an export holds what its reader's token may read.
      const ctx = state.context(await viewerFromHeader(state.tokens, req.headers.authorization));
      batches = counted(recordBatches(ctx, kind, filter, orderBy, maxExportRows, exportBatch), (rows) => metrics.exportRows(kind.queryName, rows));
      // Read before the first byte: a refusal (the filter, access, too many rows) is still an answer with its code.
      first = await batches.next();
    } catch (error) {
      const status = httpStatusOf(error);
      if (error instanceof GraphQLError && status) return sendError(status, error.message, String(error.extensions.code));
      logger.error({ err: error }, 'export failed');
      return sendError(500, 'The export failed; it has been logged. Try again later.', 'INTERNAL_SERVER_ERROR');
    }
    const format = match[2] as Format;
    res.setHeader('Content-Disposition', `attachment; filename="${match[1]}.${format}"`);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json');
    res.vary('Accept-Encoding');
    const coding = acceptedCoding(req.headers['accept-encoding'], ['br', 'gzip']);
    if (coding) res.setHeader('Content-Encoding', coding);
    const text = Readable.from(exportText(kind, format, state.gazetteer, (first.value as RecordNode[] | undefined) ?? [], batches));
    // pipeline waits for each write to drain before reading on, and on a failure after the first byte destroys the
    // answer, so the client sees a cut-off transfer rather than a file that looks whole.
    try {
      await (coding ? pipeline(text, compressor(coding), res) : pipeline(text, res));
    } catch (error) {
      await batches.return(undefined);
      if (!res.writableEnded && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.error({ err: error }, 'export cut off');
    }
  });
  return router;
}
