import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOperations } from '@anbinh/shared';
import { useRunningHub } from '../testing';
import { setLogLevel, watchLog } from './log';
import { routeOf } from './metrics';

describe('what an operator sees: request ids, access lines and /metrics', () => {
  // Names an operator lists (METRICS_OPERATIONS) are counted by name, like the hub's own clients'.
  const running = useRunningHub({ metricsOperations: ['Counts', 'BadYear'] });
  const lines: Record<string, unknown>[] = [];
  let unwatch = () => undefined as unknown;
  beforeAll(() => {
    setLogLevel('info');
    unwatch = watchLog((_level, args) => typeof args[0] === 'object' && lines.push(args[0] as Record<string, unknown>));
  });
  afterAll(() => {
    unwatch();
    setLogLevel('warn');
  });
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${running.hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const scrape = async () => (await fetch(`${running.hub.url}/metrics`)).text();
  /** A sample's value in the exposition text, or undefined. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('keeps a request id it is given, makes one otherwise, returns it and logs one access line with it', async () => {
    const given = await post('query Counts { cameraSites(first: 1) { totalCount } }', { 'x-request-id': 'proxy-7f3a.1' });
    expect(given.headers.get('x-request-id')).toBe('proxy-7f3a.1');
    const made = await post('{ __typename }');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await post('{ __typename }', { 'x-request-id': 'a b"<script>' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // not a plain token: not echoed into logs and headers
    await expect
      .poll(() => lines.find((l) => l.requestId === 'proxy-7f3a.1'))
      .toMatchObject({ method: 'POST', path: '/graphql', route: '/graphql', status: 200, ms: expect.any(Number) });
    expect(lines.filter((l) => l.requestId === made.headers.get('x-request-id'))).toHaveLength(1);
  });

  it('counts requests by route and status, GraphQL operations by name and outcome, pools, caches and the feed', async () => {
    const before = await scrape();
    const okSeries = 'anbinh_graphql_operations_total{operation="Counts",type="query",outcome="ok"}';
    const refusedSeries = 'anbinh_graphql_operations_total{operation="BadYear",type="query",outcome="BAD_USER_INPUT"}';
    await post('query Counts { cameraSites(first: 1) { totalCount } }');
    await post('query BadYear { metricValues(metric: "commendations", level: COMMUNE, year: 1800) { value } }');
    const tile = `${running.hub.url}/tiles/mailboxes/14/13031/7241.mvt?from=1999-09-09`;
    await fetch(tile);
    await fetch(tile);
    const after = await scrape();
    expect((sample(after, okSeries) ?? 0) - (sample(before, okSeries) ?? 0)).toBe(1);
    expect((sample(after, refusedSeries) ?? 0) - (sample(before, refusedSeries) ?? 0)).toBe(1);
    expect(sample(after, 'anbinh_http_requests_total{route="/graphql",method="POST",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'anbinh_http_request_duration_seconds_count{route="/tiles/{layer}/{z}/{x}/{y}"}')).toBeGreaterThanOrEqual(2);
    expect(after).not.toMatch(/route="\/tiles\/mailboxes/); // one series per route, not per tile
    expect(sample(after, 'anbinh_tile_cache_requests_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'anbinh_db_pool_connections{pool="primary",state="used"}')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'anbinh_db_pool_connections{pool="primary",state="free"}')).toBeGreaterThan(0);
    expect(sample(after, 'anbinh_feed_connections')).toBe(0);
    expect(sample(after, 'anbinh_feed_tail_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(after).toMatch(/^anbinh_process_resident_memory_bytes \d+/m);
    expect(after).not.toMatch(/^anbinh_replica_up /m); // no replica configured
  });

  it('counts by name only the operations of the hub’s own clients and those the operator lists: any other name is "other"', async () => {
    const series = (operation: string) => `anbinh_graphql_operations_total{operation="${operation}",type="query",outcome="ok"}`;
    const before = await scrape();
    // A client making up names cannot add series: 300 names, one series.
    for (let i = 0; i < 300; i += 30) await Promise.all(Array.from({ length: 30 }, (_, j) => post(`query Made${i + j} { __typename }`)));
    await post('query PlaceLineage { __typename }');
    await post('{ __typename }');
    const after = await scrape();
    expect(after).not.toMatch(/operation="Made\d+"/);
    expect((sample(after, series('other')) ?? 0) - (sample(before, series('other')) ?? 0)).toBe(300);
    expect((sample(after, series('PlaceLineage')) ?? 0) - (sample(before, series('PlaceLineage')) ?? 0)).toBe(1);
    expect((sample(after, series('anonymous')) ?? 0) - (sample(before, series('anonymous')) ?? 0)).toBeGreaterThanOrEqual(1);
  });

  it('knows every operation name the web client and the IDE examples send', () => {
    const web = fileURLToPath(new URL('../../../web/src', import.meta.url));
    const sent = new Set<string>();
    for (const file of readdirSync(web, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
      for (const [, name] of readFileSync(join(web, file), 'utf8').matchAll(/\b(?:query|mutation|subscription) ([A-Z]\w*)/g)) sent.add(name);
    }
    expect(sent.size).toBeGreaterThan(10);
    expect([...clientOperations].sort()).toEqual([...sent].sort());
  });

  it('names a route by a few fixed words, never by what a client put in the path', () => {
    expect(
      [
        '/graphql',
        '/tiles/cameras.json',
        '/tiles/x/1/2/3.mvt',
        '/geo/units.geojson',
        '/',
        '/assets/app-1a2b.js',
        '/favicon.svg',
        '/%00/../etc/passwd',
        '/wp-admin',
      ].map(routeOf),
    ).toEqual(['/graphql', '/tiles/{layer}.json', '/tiles/{layer}/{z}/{x}/{y}', '/geo', 'web', 'web', 'web', 'other', 'other']);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  const running = useRunningHub({ metricsToken: 'scrape-secret-for-tests' });
  it('answers only with the bearer token', async () => {
    const refused = await fetch(`${running.hub.url}/metrics`);
    expect(refused.status).toBe(401);
    const answered = await fetch(`${running.hub.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret-for-tests' } });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  });
});
