// PostGraphile 4 over the hub's database, for the benchmark (test/bench) only.
// Library mode on Node's own HTTP server, with the connection-filter and PostGIS plugins,
// and the options PostGraphile's docs recommend for production (no GraphiQL, no query log).
// Environment: DATABASE_URL, PORT, HOST (default 127.0.0.1), DATABASE_POOL_MAX (default 8, as the hub).
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import ConnectionFilterPlugin from 'postgraphile-plugin-connection-filter';
import PostgisModule from '@graphile/postgis';
import PostgisFilterPlugin from 'postgraphile-plugin-connection-filter-postgis';

const PostgisPlugin = PostgisModule.default ?? PostgisModule;
const { DATABASE_URL, PORT = '5000', HOST = '127.0.0.1', DATABASE_POOL_MAX = '8' } = process.env;
if (!DATABASE_URL) throw new Error('DATABASE_URL is required');

const started = Date.now();
const middleware = postgraphile({ connectionString: DATABASE_URL, max: Number(DATABASE_POOL_MAX) }, 'public', {
  appendPlugins: [PostgisPlugin, ConnectionFilterPlugin, PostgisFilterPlugin],
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  legacyRelations: 'omit',
  disableQueryLog: true,
  graphiql: false,
  enableQueryBatching: false,
  retryOnInitFail: false,
  watchPg: false,
});

const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  middleware(req, res);
});

// Build the schema before listening, so /readyz answering means GraphQL is ready.
await middleware.getGraphQLSchema();
server.listen(Number(PORT), HOST, () => {
  console.log(`[postgraphile] Ready in ${((Date.now() - started) / 1000).toFixed(1)} s at http://${HOST}:${PORT}/graphql`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    middleware.release().finally(() => process.exit(0));
  });
}
