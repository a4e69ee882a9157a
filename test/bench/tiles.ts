// `pnpm bench:tiles`: vector tiles and the analysts' heaviest reads at province scale (the sample)
// and at national scale (`pnpm db:seed --scale national` on BENCH_NATIONAL_DATABASE_URL), each
// figure as province → national with the growth factor.
import autocannon from 'autocannon';
import pg from 'pg';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sessionSettings, toPositional } from '@anbinh/db';
import { tileAt, tileLayers, tileStatement } from '@anbinh/server';
import { prepareBenchDatabase } from './database';
import { startServer, type RunningServer } from './servers';
import { ascending, quantile } from './stats';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const scales = {
  province: { url: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench', centre: [106.35, 20.45] as const, commune: '12442' },
  national: {
    url: process.env.BENCH_NATIONAL_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_national',
    centre: [105.8, 21.0] as const,
    commune: '05000',
  },
};
type Scale = keyof typeof scales;
const zooms = [6, 10, 14];
const layers = ['units', 'cameras'] as const;

interface Figure {
  p50: number;
  p99: number;
  perSecond: number;
}

if (loadavg()[0] > 1) console.warn(`[bench:tiles] The machine is busy (load average ${loadavg()[0].toFixed(1)}): the figures will be noisy.`);
const results: Partial<Record<Scale, Record<string, Figure>>> = {};
for (const scale of Object.keys(scales) as Scale[]) {
  const { url } = scales[scale];
  if (scale === 'province') await prepareBenchDatabase(url, repoRoot);
  else if (!(await hasNationalData(url))) {
    console.log(
      `[bench:tiles] No national dataset at ${url}: create the database with PostGIS and run DATABASE_URL=${url} pnpm db:seed --scale national (about 2 minutes) to measure it.`,
    );
    continue;
  }
  const server = await startServer(
    { name: `hub (${scale})`, pnpmArgs: ['--filter', '@anbinh/server', 'start'], env: { DATABASE_URL: url, NODE_ENV: 'production' } },
    repoRoot,
  );
  const bare = await startServer(
    {
      name: `bare tile server (${scale})`,
      pnpmArgs: ['--filter', '@anbinh/test', 'exec', 'tsx', '--tsconfig', '../tsconfig.base.json', 'bench/bare-tiles.ts'],
      env: { DATABASE_URL: url },
    },
    repoRoot,
  );
  try {
    results[scale] = await measureScale(scale, server, bare);
  } finally {
    await Promise.all([server.stop(), bare.stop()]);
  }
}
report();

async function measureScale(scale: Scale, server: RunningServer, bare: RunningServer): Promise<Record<string, Figure>> {
  const { url, centre, commune } = scales[scale];
  const out: Record<string, Figure> = {};
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(sessionSettings); // as the hub's connections
  try {
    for (const layer of layers) {
      for (const z of zooms) {
        const tiles = around(centre[0], centre[1], z, 3); // up to 9 tiles about the centre
        // Cold: every request misses the cache (a parameter that changes nothing but the key): one at a
        // time with gzip, as a browser asks, for the latency (as the bare SQL below); the same bytes from
        // the hub and the bare tile server (no gzip: it has none) for the hub's overhead; four at a time
        // for tiles per second. Every date chosen selects the same rows: maps of 2021–2023; records in place
        // at some time in whole years (as the map asks) from 1989–2008 to 2030–2038, which hold every record.
        const busting = (i: number, year: number): Record<string, string> =>
          layer === 'units'
            ? { level: 'COMMUNE', asOf: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}` }
            : { from: `${year - 32 + (i % 18)}-01-01`, to: `${2030 + (year - 2021) * 3 + Math.floor(i / 18)}-12-31` };
        const coldPaths = (year: number) =>
          Array.from({ length: 48 }, (_, i) => `/tiles/${layer}/${tiles[i % tiles.length].join('/')}.mvt?${new URLSearchParams(busting(i, year))}`);
        // The hub and the bare tile server (bare-tiles.ts) in turn, request by request, so each finds the database as warm.
        const [sameBytes, bareLatency] = await timedPair(coldPaths(2021).map((path) => [server.baseUrl + path, bare.baseUrl + path]));
        const latency = await timed(
          coldPaths(2023).map((path) => server.baseUrl + path),
          1,
          true,
        );
        const throughput = await timed(
          coldPaths(2022).map((path) => server.baseUrl + path),
          4,
          true,
        );
        out[`${layer} z${z} cold`] = { ...latency, perSecond: throughput.perSecond };
        out[`${layer} z${z} cold, no gzip`] = { ...sameBytes, perSecond: NaN };
        out[`${layer} z${z} bare server`] = { ...bareLatency, perSecond: NaN };
        // The bare SQL for the same tiles and parameters, sent by a pg client: the database's share.
        const sqlTimes: number[] = [];
        for (let i = 0; i < 48; i++) {
          const [tz, tx, ty] = tiles[i % tiles.length];
          const reader = { viewer: { role: 'PUBLIC', units: [] } } as never; // the public: no scope, no metric
          const statement = await tileStatement(reader, tileLayers()[layer], busting(i, 2021), [tz, tx, ty], true);
          const sql = toPositional(statement.sql);
          const started = performance.now();
          await db.query(sql, statement.bindings);
          sqlTimes.push(performance.now() - started);
        }
        out[`${layer} z${z} bare SQL`] = summary(sqlTimes, NaN);
        // Warm: the same tiles again and again, from the cache.
        const warmUrls = tiles.map((t) => `/tiles/${layer}/${t.join('/')}.mvt${layer === 'units' ? '?asOf=2021-06-30' : ''}`);
        for (const path of warmUrls) await fetch(server.baseUrl + path, { headers: { 'accept-encoding': 'gzip' } });
        out[`${layer} z${z} cached`] = await hammer(server.baseUrl, warmUrls);
      }
    }
    const gql = (query: string) => ({
      path: '/graphql',
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    out['choropleth: a metric for all communes'] = await hammer(
      server.baseUrl,
      [gql(`{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { unit { code } value } }`)],
      8,
    );
    out['camera sites within 2 km, by distance'] = await hammer(
      server.baseUrl,
      [
        gql(
          `{ cameraSites(filter: { near: { longitude: ${centre[0]}, latitude: ${centre[1]}, withinMetres: 2000 } }, orderBy: [DISTANCE_ASC], first: 100) { totalCount nodes { name distanceMetres } } }`,
        ),
      ],
      8,
    );
    out['a commune with its lists'] = await hammer(
      server.baseUrl,
      [
        gql(
          `{ adminUnit(code: "${commune}", asOf: "2021-06-30") { name commendations(first: 50) { totalCount nodes { recipientName } } securityModels(first: 50) { totalCount nodes { name } } } }`,
        ),
      ],
      8,
    );
    out['commendations per district per year'] = await hammer(
      server.baseUrl,
      [gql(`{ aggregate(measure: "commendations", groupBy: [UNIT, YEAR], level: DISTRICT, from: "2019-01-01", to: "2021-12-31") { value } }`)],
      8,
    );
  } finally {
    await db.end();
  }
  return out;
}

/** The n×n tiles about a point at a zoom. */
function around(lon: number, lat: number, z: number, n: number): number[][] {
  const count = 2 ** z;
  const [, x, y] = tileAt(lon, lat, z);
  const half = Math.floor(n / 2);
  const out: number[][] = [];
  for (let dx = -half; dx <= half; dx++)
    for (let dy = -half; dy <= half; dy++) if (x + dx >= 0 && x + dx < count && y + dy >= 0 && y + dy < count) out.push([z, x + dx, y + dy]);
  return out;
}

/** Requests each pair's two URLs one after the other (which first, in turn): the latency percentiles of each side. */
async function timedPair(pairs: [string, string][]): Promise<[Figure, Figure]> {
  const times: [number[], number[]] = [[], []];
  for (const [i, pair] of pairs.entries()) {
    for (const side of i % 2 ? [1, 0] : [0, 1]) times[side].push(await fetchTimed(pair[side], false));
  }
  return [summary(times[0], NaN), summary(times[1], NaN)];
}

async function fetchTimed(url: string, gzip: boolean): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' } });
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 204) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t;
}

/** Requests each URL once, `concurrency` at a time: latency percentiles and tiles per second. */
async function timed(urls: string[], concurrency: number, gzip: boolean): Promise<Figure> {
  const times: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        times.push(await fetchTimed(urls[next++], gzip));
      }
    }),
  );
  return summary(times, urls.length / ((performance.now() - started) / 1000));
}

/** autocannon over requests in turn for 5 s (after 1 s of warm-up): requests per second and latency. */
async function hammer(
  baseUrl: string,
  requests: (string | { path: string; method: 'POST'; headers: Record<string, string>; body: string })[],
  connections = 32,
): Promise<Figure> {
  const options = {
    url: baseUrl,
    connections,
    timeout: 10,
    headers: { 'accept-encoding': 'gzip' },
    requests: requests.map((r) => (typeof r === 'string' ? { path: r, method: 'GET' as const } : r)),
    verifyBody: (body: unknown) => !/"errors"\s*:/.test(String(body)), // a GraphQL error is not a success
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: 5 });
  if (result.non2xx > 0 || result.errors > 0 || result.mismatches > 0)
    throw new Error(`${result.non2xx} non-2xx answers, ${result.mismatches} GraphQL errors and ${result.errors} socket errors`);
  return { p50: result.latency.p50, p99: result.latency.p99, perSecond: result.requests.average };
}

function summary(times: number[], perSecond: number): Figure {
  const sorted = ascending(times);
  const at = (q: number) => quantile(sorted, q);
  return { p50: at(0.5), p99: at(0.99), perSecond };
}

async function hasNationalData(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query(`select count(*)::int as n from admin_unit where level = 'COMMUNE'`);
    return rows[0].n > 5000;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function report() {
  const keys = [...new Set(Object.values(results).flatMap((r) => Object.keys(r ?? {})))];
  const cell = (f: Figure | undefined) =>
    f ? `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)} ms${Number.isNaN(f.perSecond) ? '' : `, ${f.perSecond.toFixed(0)}/s`}` : '—';
  console.log(
    '\n[bench:tiles] p50 / p99 latency and requests (tiles) per second; cold = cache missed (latency one at a time with gzip, tiles/s four at a time; "no gzip" = asked in turn with the bare server, for the same bytes), cached = from memory (32 connections), bare server = the same ST_AsMVT statement behind the least HTTP server (bare-tiles.ts), asked in turn with the hub; bare SQL = that statement sent by a pg client, one at a time',
  );
  console.table(
    keys.map((key) => {
      const [p, n] = [results.province?.[key], results.national?.[key]];
      return { what: key, province: cell(p), national: cell(n), 'growth (p50)': p && n ? `${(n.p50 / p.p50).toFixed(1)}×` : '—' };
    }),
  );
  for (const scale of Object.keys(results) as Scale[]) {
    for (const layer of layers)
      for (const z of zooms) {
        const cold = results[scale]![`${layer} z${z} cold, no gzip`];
        const server = results[scale]![`${layer} z${z} bare server`];
        const sql = results[scale]![`${layer} z${z} bare SQL`];
        console.log(
          `[bench:tiles] ${scale} ${layer} z${z}: the hub's cold tile ÷ the bare tile server, the same bytes (p50) = ${(cold.p50 / server.p50).toFixed(2)}×; ÷ the bare SQL = ${(cold.p50 / sql.p50).toFixed(2)}×`,
        );
      }
  }
}
