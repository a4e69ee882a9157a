import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { openDatabase, prepareDatabase, type Database } from '@anbinh/db';
import { defaultChangeWindow, defaultGeojsonMaxPoints, type Config } from '../config';
import type { BaseContext, Context } from '../graphql/context';
import type { Viewer } from '../access/viewer';
import { baseContext, createContext, type ContextSources } from './context';
import { formatError, internalErrorMessage } from '../graphql/format-error';
import {
  batchError,
  BoundedQueryCache,
  costLimitPlugin,
  defaultLimits,
  formatBytes,
  maxDocumentTokens,
  payloadTooLargeError,
  validationRules,
  type GraphQLLimits,
} from '../graphql/limits';
import { createSchema } from './schema';
import { loadDocumentsFile, trustedDocumentsPlugin } from '../trusted-documents/trusted-documents';

import { exportRouter } from '../exports/export';
import { Gazetteer } from '../geography/gazetteer';
import { geoRouter } from '../geography/geo.router';
import { ogcRouter } from '../ogc/ogc.router';
import { Tokens, viewerFromHeader } from '../access/tokens';
import { defaultRateLimits, rateLimitPlugin } from '../access/rate-limit';
import { clientAddress, requestOrigin } from '../http/client-address';
import { cors } from '../http/cors';
import { serveSubscriptions } from './subscriptions';
import { listenForChanges } from '../changes/signal';
import { ChangeTail } from '../changes/tail';
import { TileCache, tilesHandler } from '../tiles/tiles.handler';
import { collectReads, Freshness, noteStatementsOn, Reads, type Write } from '../changes/freshness';
import { ChangeOperation } from '../changes/event';
import { recordTypeOf, recordTypes } from '../records/catalogue';
import { derivedResponsesPlugin } from './derived-responses';
import { operationSelectionPlugin } from '../graphql/request-errors';
import { keepPruning } from '../changes/retention';
import { graphqlPost, sendGraphQLError, sendRefusal, startingMessage } from './graphql-post';
import { checkJsonTextDepth, checkJsonValueDepth, decodeUtf8 } from '../http/envelope';
import { placeholderPage } from '../http/placeholder-page';
import { securityHeaders } from '../http/security-headers';
import { webClient } from '../http/static';
import compression from 'compression';
import { flushTracing, startTracing, traceOperation } from '../observability/tracing';
import { logger } from '../observability/log';
import { brotliParams, compressFrom } from '../http/accept-encoding';
import { HubMetrics } from '../observability/metrics';
import { observeRequests } from '../observability/requests';

export interface Hub {
  /** The address to open in a browser. */
  url: string;
  server: Server;
  /** Resolves when the database is migrated and seeded and GraphQL is served. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export type Log = (message: string) => void;

/**
 * Starts the hub: HTTP first (so /healthz answers at once and /readyz reports
 * progress), then the database, its migrations and seed, then GraphQL.
 */
export async function startHub(config: Config, log: Log): Promise<Hub> {
  startTracing({ endpoint: config.otlpEndpoint, serviceName: config.serviceName, delayMillis: config.traceDelayMillis });
  const app = express();
  const corsHeaders = cors(config.corsOrigins ?? []);
  app.use(corsHeaders);
  app.use(securityHeaders);
  // Every text answer in the encoding the client accepts.
  app.use(compression({ threshold: compressFrom, brotli: { params: brotliParams } }));
  app.disable('x-powered-by');
  // No hash of every response body: /geo and the static files set their own validators.
  app.set('etag', false);
  let db: Database | undefined;
  let ready = false;
  let served:
    | {
        readKnex: Database['readKnex'];
        schema: GraphQLSchema;
        gazetteer: Gazetteer;
        tokens: Tokens;
        context: (viewer: Viewer) => Context;
        readerContext: (viewer: Viewer) => BaseContext;
      }
    | undefined;
  let apollo: ApolloServer<Context> | undefined;
  let feedSockets: { connections(): number; close(): Promise<void> } | undefined;
  let changeListener: { close(): Promise<void> } | undefined;
  let pruning: { stop(): void } | undefined;
  let changeTail: ChangeTail | undefined;
  let contextFor: ((req: IncomingMessage) => Promise<Context>) | undefined;
  const limits: GraphQLLimits = { ...defaultLimits, ...config.graphql };
  const post = graphqlPost({
    apollo: () => (ready ? apollo : undefined),
    context: (req) => contextFor!(req),
    maxBodyBytes: limits.maxBodyBytes,
    maxBatch: limits.maxBatch,
    cors: (req, res) => corsHeaders(req as Request, res as Response, () => undefined),
  });
  const tileCache = new TileCache(64 * 2 ** 20);
  const freshness = new Freshness();
  const recordTables = new Set(recordTypes.map((t) => t.kind.table));
  const tiles = tilesHandler(
    () =>
      served && {
        knex: served.readKnex,
        tokens: served.tokens,
        context: served.readerContext,
        cache: tileCache,
        freshness,
        geojsonMaxPoints: config.geojsonMaxPoints ?? defaultGeojsonMaxPoints,
        origin: (req) => requestOrigin(req, config.trustedProxies ?? 0),
      },
    (req, res) => corsHeaders(req as Request, res as Response, () => undefined),
  );
  const metrics = new HubMetrics({ replica: Boolean(config.database.readUrl), operations: config.metricsOperations });
  const answerCache = { hits: 0, misses: 0 };
  const server = createServer(
    observeRequests(metrics, (req, res) =>
      // What the request reads, for an answer kept until a write reaches it (derived-responses.ts).
      collectReads(new Reads(false), () => {
        if (!post(req, res) && !tiles(req, res)) app(req, res);
      }),
    ),
  );

  // Prometheus's scrape; with METRICS_TOKEN set, only with that bearer token.
  app.get('/metrics', async (req, res) => {
    if (config.metricsToken && !sameSecret(req.headers.authorization ?? '', `Bearer ${config.metricsToken}`)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('text').send('The metrics need the bearer token METRICS_TOKEN names.');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (!ready || !db) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await db.orm.em.getKnex().raw('select 1');
      // Ready either way; degraded while a configured replica is away or behind, its reads on the primary.
      const replica = db.replica();
      const degraded = replica.status !== 'none' && replica.status !== 'streaming';
      res.json({ status: degraded ? 'degraded' : 'ready', database: db.embedded ? 'embedded' : 'external', ...(replica.status === 'none' ? {} : { replica }) });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  // A browser opening /graphql gets the IDE bundled with the web client; API clients get GraphQL.
  app.get('/graphql', (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(['json', 'html']) !== 'html') return next();
    const ide = join(config.webDir, 'ide.html');
    if (existsSync(ide)) res.sendFile(ide);
    else res.status(404).type('text').send('The GraphQL IDE is part of the web client: build it with `pnpm build`.');
  });

  app.use(
    '/export',
    exportRouter(() => served, metrics),
  );
  app.use(
    '/geo',
    geoRouter(() => served?.readKnex),
  );
  app.use(
    '/ogc',
    ogcRouter(() => served && { tokens: served.tokens, context: served.readerContext, origin: (req) => requestOrigin(req, config.trustedProxies ?? 0) }),
  );

  // GraphQL is mounted once the database is ready; until then the router answers 503.
  const graphqlRouter = express.Router();
  app.use('/graphql', (req, res, next) => {
    if (!ready) {
      sendGraphQLError(req, res, 503, startingMessage, { code: 'SERVICE_UNAVAILABLE' });
      return;
    }
    graphqlRouter(req, res, next);
  });

  if (existsSync(config.webDir)) {
    app.use(webClient(config.webDir));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(placeholderPage);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = ['0.0.0.0', '127.0.0.1', '::', '::1'].includes(config.host) ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  log(`Listening on ${config.host}:${port}; /healthz answers now, /readyz once the database is ready`);

  const tokens = new Tokens(config.auth, config.cursorSecret);
  const readyPromise = (async () => {
    db = await openDatabase(config.database, log, {
      // A replica's connections dropping is expected and handled (its reads go to the primary), and its status change says so once.
      driver: (pool, level, message) => logger[pool === 'replica' && level === 'warn' ? 'info' : level]({ pool }, `database driver: ${message}`),
      replica: ({ status, lagSeconds }) =>
        status === 'streaming'
          ? logger.info({ replica: status, lagSeconds }, 'Reads go to the replica (DATABASE_READ_URL)')
          : logger.warn({ replica: status, lagSeconds }, `The replica is ${status}: reads go to the primary until it is back and caught up`),
    });
    await prepareDatabase(db.orm, log);
    await db.warm();
    const gazetteer = await Gazetteer.load(db.orm.em.fork().getKnex());
    log(`Geography: ${gazetteer.size} unit versions in memory`);
    log(`Tokens: HS256 key from ${config.auth.secretSource}${config.auth.jwksUrl ? `; also accepted: ${config.auth.jwksUrl}` : ''}`);
    const schema = await createSchema();
    if (config.trustedDocumentsFile)
      log(
        `Trusted documents: ${await loadDocumentsFile(db.orm.em.getKnex(), schema, config.trustedDocumentsFile)} registered from ${config.trustedDocumentsFile}`,
      );
    // Which tables each statement names, for the answers being kept (derived-responses.ts).
    const { rows: tables } = await db.orm.em.getKnex().raw(`select tablename from pg_tables where schemaname = current_schema()`);
    for (const knex of db.knexes)
      noteStatementsOn(
        knex,
        (tables as { tablename: string }[]).map((t) => t.tablename),
      );
    apollo = new ApolloServer<Context>({
      schema,
      formatError,
      includeStacktraceInErrorResponses: false,
      // The parser stops early on a document of absurd size instead of tokenising up to the body limit.
      parseOptions: { maxTokens: maxDocumentTokens },
      // Introspection is refused by our own rule (INTROSPECTION_DISABLED, a sentence saying where the schema is published),
      // so Apollo's is left out; with it off, "Did you mean …?" suggestions are hidden too.
      introspection: true,
      hideSchemaDetailsFromClientErrors: !limits.introspection,
      validationRules: validationRules(limits),
      // Off by default: a batch multiplies what one request may cost, and keep-alive makes separate requests cheap.
      // GRAPHQL_MAX_BATCH > 1 turns it on; longer arrays are refused below, each operation still checked on its own.
      allowBatchedHttpRequests: limits.maxBatch > 1,
      // Automatic persisted queries: the query text by its SHA-256, in a bounded in-memory store (not for trusted-documents tokens: see below).
      persistedQueries: { cache: new BoundedQueryCache(limits.persistedQueryCacheBytes) },
      // Operations without a JSON content-type (simple GETs) must carry apollo-require-preflight or x-apollo-operation-name.
      csrfPrevention: true,
      // main.ts owns SIGINT/SIGTERM: it drains HTTP, then closes the database, then exits.
      stopOnTerminationSignals: false,
      // The GraphQL IDE ships with the web app; Apollo's default landing page would load from a CDN.
      // Cache-control hints are unused here, and the plugin wraps every field resolver (measured: its hook was the hottest of Apollo's).
      plugins: [
        // First: a trusted-documents token's request is swapped for its registered text before anything reads it.
        trustedDocumentsPlugin<Context>(),
        operationSelectionPlugin<Context>(),
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        ApolloServerPluginDrainHttpServer({ httpServer: server }),
        costLimitPlugin<Context>(limits.maxCost),
        rateLimitPlugin<Context>(config.rateLimits ?? defaultRateLimits),
        derivedResponsesPlugin(freshness, answerCache),
        {
          requestDidStart: async () => ({
            // Queries read from the replica when there is one (DATABASE_READ_URL); mutations go to the primary through
            // the writes' own pool, and the change feed (ctx.primary) reads the primary.
            didResolveOperation: async ({ operation, contextValue }) => {
              if (operation?.operation === OperationTypeNode.QUERY) contextValue.knex = db!.readKnex;
              if (operation?.operation === OperationTypeNode.MUTATION) contextValue.knex = db!.writeKnex;
            },
            // A write through this server shows on the next read (tiles, metrics), before the change feed reports it.
            willSendResponse: async ({ operation, operationName, response, contextValue }) => {
              const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
              const code = errors?.[0]?.extensions?.code;
              traceOperation(operationName, operation?.operation ?? 'invalid');
              metrics.operation(
                operationName,
                operation?.operation ?? 'invalid',
                !errors?.length ? 'ok' : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
              );
              if (operation?.operation === OperationTypeNode.MUTATION) {
                // Before the answer leaves: the writer's next read must see the write, on the replica or the primary.
                await db!.committed().catch(() => undefined);
                const writes = contextValue.writes ?? [];
                // A write the audit log did not describe, or one outside the records (the geography), could change anything.
                // A failed write leaves nothing, and no report of its rows will come.
                const committed = !(response.body.kind === 'single' && response.body.singleResult.errors?.length);
                if (writes.length > 0 && writes.every((w) => recordTables.has(w.table))) {
                  if (committed) freshness.wrote(writes);
                  else freshness.failed(writes);
                } else freshness.changedAnything();
              }
              // Nothing answered because the database is away: 503 with a hint when to come back, as /readyz says.
              const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
              if (result?.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') && !result.data) {
                response.http.status = 503;
                response.http.headers.set('retry-after', '5');
              }
            },
          }),
        },
      ],
    });
    await apollo.start();
    const orm = db.orm;
    const sources: ContextSources = { primary: orm.em.getKnex(), gazetteer, tokens, freshness };
    contextFor = async (req) =>
      createContext(sources, await viewerFromHeader(tokens, req.headers.authorization), clientAddress(req, config.trustedProxies ?? 0));
    // What graphqlPost leaves to Express: GET, other media types, compressed bodies.
    graphqlRouter.use(
      // UTF-8 is checked on the bytes (other charsets the parser decodes itself); nesting on what was parsed, or on GET's parameters.
      express.json({ limit: limits.maxBodyBytes, verify: (_req, _res, bytes, encoding) => void (/^utf-?8$/i.test(encoding) && decodeUtf8(bytes)) }),
      refuseDeepJson,
      refuseLongBatches(limits.maxBatch),
      expressMiddleware(apollo, { context: ({ req }) => contextFor!(req) }),
    );
    graphqlRouter.use(bodyErrors(limits.maxBodyBytes));
    // A real PostgreSQL tells every server when a change commits; the embedded one is polled.
    changeTail = await ChangeTail.open(orm.em.getKnex(), gazetteer, log, config.changeWindow ?? defaultChangeWindow);
    // Answers made for the new version read what the changes wrote: from the primary until the replica has it.
    changeTail.onChanges((changes) => {
      // A new record lies in its atom; an update or deletion may have moved it from another, and a route crosses others: anywhere.
      const changed = changes.map((c): Write => ({
        table: c.entity,
        rowKey: `${c.entity}:${c.event.rowId}`,
        ...(c.operation === ChangeOperation.INSERT && c.atomId && recordTypeOf({ table: c.entity })?.kind.geometry !== 'line' ? { atoms: [c.atomId] } : {}),
      }));
      const seen = () => freshness.fromFeed(changed);
      void db!.committed().then(seen, seen);
    });
    if (!db.embedded && config.database.url && config.database.preparedStatements !== false)
      changeListener = listenForChanges(config.database.url, changeTail, log);
    if (config.changeRetentionDays) pruning = keepPruning(orm.em.getKnex(), config.changeRetentionDays, log);
    feedSockets = serveSubscriptions(server, {
      schema,
      tokens,
      validationRules: validationRules(limits),
      context: (viewer, address) => baseContext({ ...sources, changeTail }, viewer, address),
      address: (req) => clientAddress(req, config.trustedProxies ?? 0),
      primary: orm.em.getKnex(),
    });
    log(
      `GraphQL limits: depth ${limits.maxDepth}, cost ${limits.maxCost}, aliases ${limits.maxAliases}, ` +
        `${limits.maxBatch > 1 ? `batches of up to ${limits.maxBatch}` : 'no batching'}, body ${formatBytes(limits.maxBodyBytes)}, ` +
        `introspection ${limits.introspection ? 'on' : 'off'}`,
    );
    const opened = db;
    const tail = changeTail;
    metrics.observe({
      pools: () => opened.pools(),
      feedConnections: () => feedSockets?.connections() ?? 0,
      tailLag: () => tail.lag(),
      tileCache: () => ({ hits: tileCache.hits, misses: tileCache.misses }),
      answerCache: () => answerCache,
      replica: () => {
        const { status, lagSeconds } = opened.replica();
        return { streaming: status === 'streaming', lagSeconds };
      },
    });
    // Read where the replica router says at each request: the replica comes and goes.
    served = {
      get readKnex() {
        return opened.readKnex;
      },
      schema,
      gazetteer,
      tokens,
      context: (viewer) => createContext(sources, viewer, null),
      readerContext: (viewer) => baseContext(sources, viewer, null, opened.readKnex),
    };
    ready = true;
  })();

  return {
    url,
    server,
    ready: readyPromise,
    async stop() {
      await readyPromise.catch(() => undefined);
      pruning?.stop();
      await feedSockets?.close();
      await changeListener?.close();
      changeTail?.close();
      if (apollo) await apollo.stop();
      else await new Promise((resolve) => server.close(resolve));
      await flushTracing().catch(() => undefined);
      await db?.close();
    },
  };
}

/** Variables and extensions nested past the limit, in a parsed body or in GET's parameters. */
const refuseDeepJson: RequestHandler = (req, res, next) => {
  try {
    if (req.body !== undefined) checkJsonValueDepth(req.body);
    for (const name of ['variables', 'extensions']) {
      const text = req.query[name];
      if (typeof text === 'string') checkJsonTextDepth(text);
    }
  } catch (error) {
    return sendRefusal(req, res, error as GraphQLError);
  }
  next();
};

/** A JSON array is a batch: refused when batching is off or when it holds more operations than allowed. */
function refuseLongBatches(maxBatch: number): RequestHandler {
  return (req, res, next) => {
    if (Array.isArray(req.body) && (maxBatch <= 1 || req.body.length > maxBatch)) sendRefusal(req, res, batchError(req.body.length, maxBatch));
    else next();
  };
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  length?: unknown;
  message?: unknown;
}

/** The JSON body parser's refusals (too large, not JSON, unknown charset) as GraphQL errors; anything else as a generic 500. */
function bodyErrors(maxBodyBytes: number): ErrorRequestHandler {
  return (error: BodyParserError, req, res, _next) => {
    if (error instanceof GraphQLError) return sendRefusal(req, res, error); // the body's bytes were not UTF-8
    const status = typeof error?.status === 'number' ? error.status : 500;
    const reason = String(error?.message);
    if (error?.type === 'entity.too.large') {
      sendRefusal(req, res, payloadTooLargeError(typeof error.length === 'number' ? error.length : undefined, maxBodyBytes));
    } else if (error?.type === 'entity.parse.failed') {
      sendGraphQLError(req, res, 400, `The request body is not valid JSON (${reason}). Send a JSON object such as {"query": "{ __typename }"}.`, {
        code: 'BAD_REQUEST',
      });
    } else if (error?.type === 'charset.unsupported' || error?.type === 'encoding.unsupported') {
      const code = error.type === 'charset.unsupported' ? 'UNSUPPORTED_CHARSET' : 'UNSUPPORTED_CONTENT_ENCODING';
      sendGraphQLError(req, res, 415, `The request body cannot be read (${reason}): send UTF-8 JSON, uncompressed or gzip-, deflate- or br-encoded.`, { code });
    } else if (/^Z_/.test(String((error as { code?: unknown }).code))) {
      sendGraphQLError(req, res, 400, `The request body is not in the encoding its Content-Encoding names (${reason}); send it again, encoded as declared.`, {
        code: 'BAD_REQUEST',
      });
    } else if (status >= 400 && status < 500 && typeof error?.type === 'string') {
      sendGraphQLError(req, res, status, `The request body could not be read (${reason}); send it again.`, { code: 'BAD_REQUEST' });
    } else {
      logger.error({ err: error }, 'graphql request failed');
      sendGraphQLError(req, res, 500, internalErrorMessage, { code: 'INTERNAL_SERVER_ERROR' });
    }
  };
}

/** Whether two secrets are equal, in a time that does not tell how much of them matched. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
