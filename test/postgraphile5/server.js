// PostGraphile 5 over the hub's database, for the benchmark (test/bench) only; Node 22 or later.
// Library mode on Node's own HTTP server: the amber preset, the official connection filter
// (postgraphile-plugin-connection-filter) and graphile-postgis, the one PostGIS plugin published for v5,
// with no GraphiQL, no watch mode and no explain.
// Environment: DATABASE_URL, PORT, HOST (default 127.0.0.1), DATABASE_POOL_MAX (default 8, as the hub).
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { GraphilePostgisPreset } from 'graphile-postgis';

const { DATABASE_URL, PORT = '5000', HOST = '127.0.0.1', DATABASE_POOL_MAX = '8' } = process.env;
if (!DATABASE_URL) throw new Error('DATABASE_URL is required');

// graphile-postgis hands its spatial operators to its own project's filter fork through this setting;
// the official filter plugin registers operators in its init phase instead, so they are handed over there.
const { connectionFilterOperatorFactories: factories, ...postgisSchema } = GraphilePostgisPreset.schema;
const SpatialOperatorsPlugin = {
  name: 'SpatialOperatorsForConnectionFilterPlugin',
  version: '0.0.0',
  after: ['AddConnectionFilterOperatorPlugin'],
  schema: {
    hooks: {
      init(_, build) {
        for (const factory of factories) {
          for (const { typeNames, operatorName, spec } of factory(build)) build.addConnectionFilterOperator(typeNames, operatorName, spec);
        }
        return _;
      },
    },
  },
};

const started = Date.now();
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, { ...GraphilePostgisPreset, schema: postgisSchema }],
  plugins: [SpatialOperatorsPlugin],
  // As PostGraphile 4 by default (ignoreIndexes): every column can be filtered on, indexed or not.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: DATABASE_URL, schemas: ['public'], poolConfig: { max: Number(DATABASE_POOL_MAX) } })],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();

const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  handler(req, res);
});

// Build the schema before listening, so /readyz answering means GraphQL is ready.
await pgl.getSchema();
server.listen(Number(PORT), HOST, () => {
  console.log(`[postgraphile5] Ready in ${((Date.now() - started) / 1000).toFixed(1)} s at http://${HOST}:${PORT}/graphql on Node ${process.version}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    pgl.release().finally(() => process.exit(0));
  });
}
