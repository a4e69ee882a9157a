// `pnpm test:load`: the hub under a mixed load on loopback, bounded in time, and what it must hold:
// LOAD_CLIENTS HTTP clients (200) running the analysts' queries and tiles, LOAD_SUBSCRIBERS
// subscribers (1,000) of the change feed, and LOAD_WRITES_PER_SECOND writes (20) for
// LOAD_SECONDS (60). Zero errors, zero lost or duplicated changes (each write's change received by
// every subscriber, once); it prints the p50/p99 of each kind of request and of the deliveries, and
// exits non-zero on any failure.
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { authConfigFromEnv, tileAt, Tokens } from '@anbinh/server';
import { Role } from '@anbinh/shared';
import { prepareBenchDatabase } from './database';
import { startServer } from './servers';
import { startSubscribers } from './subscriber-pool';
import { ascending, quantile } from './stats';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const databaseUrl = process.env.LOAD_DATABASE_URL || process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench';
const clients = Number(process.env.LOAD_CLIENTS ?? 200);
const subscriberCount = Number(process.env.LOAD_SUBSCRIBERS ?? 1000);
const writesPerSecond = Number(process.env.LOAD_WRITES_PER_SECOND ?? 20);
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const secret = 'load-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

if (loadavg()[0] > 1) console.warn(`[test:load] The machine is busy (load average ${loadavg()[0].toFixed(1)}).`);
await prepareBenchDatabase(databaseUrl, repoRoot);
const tokens = new Tokens(authConfigFromEnv({ AUTH_JWT_SECRET: secret }));
const admin = (await tokens.sign({ sub: 'load-admin', role: Role.ADMIN })).token;
const partner = (await tokens.sign({ sub: 'load-partner', role: Role.PARTNER, units: ['34'] })).token;
const server = await startServer(
  {
    name: 'hub',
    pnpmArgs: ['--filter', '@anbinh/server', 'start'],
    env: { DATABASE_URL: databaseUrl, NODE_ENV: 'production', AUTH_JWT_SECRET: secret, RATE_LIMIT_WRITES_PER_MINUTE: '1000000' },
  },
  repoRoot,
);

const failures: string[] = [];
try {
  const subscribers = await startSubscribers(
    server.baseUrl.replace(/^http/, 'ws') + '/graphql',
    partner,
    subscriberCount,
    'subscription { changes(types: [COMMENDATION]) { cursor type operation occurredAt unitCode entityId } }',
  );
  console.log(`[test:load] ${subscriberCount} subscribers connected; ${clients} clients and ${writesPerSecond} writes/s for ${seconds} s`);

  // The readers: one autocannon per kind of request, the clients shared out among them.
  const gql = (query: string) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const [z, x, y] = tileAt(106.3454, 20.446, 12);
  const mix: Record<string, { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }> = {
    'choropleth (all communes)': gql('{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { unit { code } value } }'),
    'camera sites within 2 km': gql(
      '{ cameraSites(filter: { near: { longitude: 106.139722, latitude: 20.601667, withinMetres: 2000 } }, orderBy: [DISTANCE_ASC], first: 100) { totalCount nodes { name distanceMetres } } }',
    ),
    'a commune with its lists': gql(
      '{ adminUnit(code: "12442", asOf: "2021-06-30") { name commendations(first: 50) { totalCount nodes { recipientName } } securityModels(first: 50) { totalCount nodes { name } } } }',
    ),
    'the 2021 report': gql('{ report(year: 2021) { valuableTips peopleProgressed } }'),
    'a vector tile': { method: 'GET', path: `/tiles/cameras/${z}/${x}/${y}.mvt` },
  };
  const kinds = Object.keys(mix);
  const keptBefore = await keptCounts(server.baseUrl);
  const readers = kinds.map((kind, i) =>
    autocannon({
      url: server.baseUrl,
      connections: Math.floor(clients / kinds.length) + (i < clients % kinds.length ? 1 : 0),
      duration: seconds,
      timeout: 10,
      requests: [mix[kind]],
      verifyBody: (body: unknown) => !/"errors"\s*:/.test(String(body)),
    }),
  );

  // The writer: a new commendation each time, at a steady rate.
  const writeTimes: number[] = [];
  let writes = 0;
  let writeErrors = 0;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; Date.now() - started < seconds * 1000; i++) {
    const at = started + (i * 1000) / writesPerSecond;
    if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
    pending.push(
      (async () => {
        const t = performance.now();
        const res = await fetch(`${server.baseUrl}/graphql`, {
          method: 'POST',
          // Named, so that the hub's access lines (BENCH_VERBOSE=1) tell the writes' own time from the generator's.
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': `load-write-${i}` },
          body: JSON.stringify({
            query: `mutation { awardCommendation(input: { unitCode: "12496", recipientKind: COLLECTIVE, recipientName: "Tải thử ${i}", form: LETTER_OF_COMMENDATION, awardedOn: "2024-01-02", reason: "load test" }) { id } }`,
          }),
        });
        const body = (await res.json()) as { errors?: unknown };
        writeTimes.push(performance.now() - t);
        if (res.status !== 200 || body.errors) writeErrors++;
        else writes++;
      })(),
    );
  }
  await Promise.all(pending);
  const results = await Promise.all(readers);
  const keptAfter = await keptCounts(server.baseUrl);
  const feed = await subscribers.collect(writes, 60_000);
  subscribers.close();

  const percentile = (values: number[], q: number) => quantile(ascending(values), q);
  const lost = subscriberCount * writes - feed.received;
  const rows = kinds.map((kind, i) => {
    const r = results[i];
    const errors = r.errors + r.timeouts + r.non2xx + r.mismatches;
    if (errors > 0) failures.push(`${kind}: ${r.non2xx} non-2xx, ${r.mismatches} GraphQL errors, ${r.errors} socket errors, ${r.timeouts} timeouts`);
    return { request: kind, clients: r.connections, 'requests/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors };
  });
  rows.push({
    request: 'writes (awardCommendation)',
    clients: 1,
    'requests/s': Math.round(writes / seconds),
    'p50 ms': Math.round(percentile(writeTimes, 0.5)),
    'p99 ms': Math.round(percentile(writeTimes, 0.99)),
    errors: writeErrors,
  });
  rows.push({
    request: `deliveries to ${subscriberCount} subscribers`,
    clients: subscriberCount,
    'requests/s': Math.round(feed.received / seconds),
    'p50 ms': percentile(feed.delays, 0.5),
    'p99 ms': percentile(feed.delays, 0.99),
    errors: lost + feed.duplicated,
  });
  console.table(rows);
  for (const cache of ['answer', 'tile'] as const) {
    const hits = keptAfter[cache].hit - keptBefore[cache].hit;
    const all = hits + keptAfter[cache].miss - keptBefore[cache].miss;
    console.log(
      `[test:load] ${cache === 'answer' ? 'kept answers (aggregates)' : 'kept tiles'}: ${hits} of ${all} served from memory (${all ? ((100 * hits) / all).toFixed(1) : '—'} %)`,
    );
  }
  console.log(`[test:load] ${writes} writes; ${feed.received} of ${subscriberCount * writes} deliveries; lost ${lost}, duplicated ${feed.duplicated}`);
  if (writeErrors > 0) failures.push(`${writeErrors} writes failed`);
  if (lost > 0) failures.push(`${lost} deliveries lost`);
  if (feed.duplicated > 0) failures.push(`${feed.duplicated} deliveries duplicated`);
} catch (error) {
  failures.push(String(error));
} finally {
  await server.stop();
}
/** The hub's own counts of answers and tiles served from memory (hit) and computed (miss), from its /metrics. */
async function keptCounts(baseUrl: string) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const count = (name: string, result: string) => Number(new RegExp(`^${name}_requests_total\\{result="${result}"\\} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    answer: { hit: count('anbinh_answer_cache', 'hit'), miss: count('anbinh_answer_cache', 'miss') },
    tile: { hit: count('anbinh_tile_cache', 'hit'), miss: count('anbinh_tile_cache', 'miss') },
  };
}

if (failures.length > 0) {
  console.error(`[test:load] FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('[test:load] passed: no errors, nothing lost or duplicated');
