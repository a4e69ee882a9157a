import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { openDatabase, prepareDatabase, type Database } from '@anbinh/db';
import type { Config } from '../config';
import { createContext, type Context } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { createSchema } from '../graphql/schema';
import { placeholderPage } from './placeholder-page';

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
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  let db: Database | undefined;
  let ready = false;

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
      res.json({ status: 'ready', database: db.embedded ? 'embedded' : 'external' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  // A browser opening /graphql gets the IDE bundled with the web client; API clients get GraphQL.
  app.get('/graphql', (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(['json', 'html']) !== 'html') return next();
    const ide = join(config.webDir, 'ide.html');
    if (existsSync(ide)) res.sendFile(ide);
    else res.status(404).type('text').send('The GraphQL IDE is part of the web client: build it with `pnpm --filter @anbinh/web build`.');
  });

  // GraphQL is mounted once the database is ready; until then the router answers 503.
  const graphqlRouter = express.Router();
  app.use('/graphql', (req, res, next) => {
    if (!ready) {
      res.status(503).json({ errors: [{ message: 'The hub is starting: its database is being prepared. Retry in a few seconds.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    graphqlRouter(req, res, next);
  });

  if (existsSync(config.webDir)) {
    app.use(express.static(config.webDir, { index: 'index.html', maxAge: '1h' }));
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

  let apollo: ApolloServer<Context> | undefined;
  const readyPromise = (async () => {
    db = await openDatabase(config.database, log);
    await prepareDatabase(db.orm, log);
    const schema = await createSchema();
    apollo = new ApolloServer<Context>({
      schema,
      formatError,
      introspection: true,
      // main.ts owns SIGINT/SIGTERM: it drains HTTP, then closes the database, then exits.
      stopOnTerminationSignals: false,
      // The GraphQL IDE ships with the web app; Apollo's default landing page would load from a CDN.
      plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer: server })],
    });
    await apollo.start();
    const orm = db.orm;
    graphqlRouter.use(express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => createContext(orm) }));
    ready = true;
  })();

  return {
    url,
    server,
    ready: readyPromise,
    async stop() {
      await readyPromise.catch(() => undefined);
      if (apollo) await apollo.stop();
      else await new Promise((resolve) => server.close(resolve));
      await db?.close();
    },
  };
}
