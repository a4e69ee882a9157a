import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { loadConfig, startHub, type Hub } from '@anbinh/server';
import { browserAvailable, buildWeb, launchBrowser } from './browser';
import { httpsGet, nginxAvailable, startProxy, type Proxy } from './proxy';

describe.skipIf(!nginxAvailable)('behind nginx over HTTPS (TRUST_PROXY=1)', () => {
  let proxy: Proxy;
  let hub: Hub;
  let web: Awaited<ReturnType<typeof buildWeb>> | undefined;
  let origin: string;
  let ca: string;
  const get = httpsGet;

  beforeAll(async () => {
    if (browserAvailable) web = await buildWeb();
    hub = await startHub(
      { ...loadConfig({}), port: 0, webDir: web?.dir ?? '/nonexistent', database: testDatabaseConfig(2), trustedProxies: 1 },
      () => undefined,
    );
    await hub.ready;
    proxy = await startProxy([hub.url]);
    ({ origin, ca } = proxy);
  }, 240_000);

  afterAll(async () => {
    proxy?.stop();
    await hub?.stop();
    web?.remove();
  });

  it('gives TileJSON URLs on the proxy’s https origin, and they answer through it', async () => {
    const tileJson = JSON.parse((await get(`${origin}/tiles/models.json?from=2021-01-01&to=2021-12-31`, ca)).body) as { tiles: string[]; geojson?: string };
    expect(tileJson.tiles[0]).toMatch(new RegExp(`^${origin}/tiles/models/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt\\?`));
    expect(tileJson.geojson).toMatch(new RegExp(`^${origin}/`));
    expect([200, 204]).toContain((await get(tileJson.tiles[0].replace('{z}/{x}/{y}', '10/814/452'), ca)).status);
    const points = JSON.parse((await get(tileJson.geojson!, ca)).body) as { features: unknown[] };
    expect(points.features.length).toBeGreaterThan(0);
  });

  it('through a proxy that only forwards: answers arrive compressed by the hub, each with nginx’s request id, and /metrics answers', async () => {
    const units = await get(`${origin}/geo/units.geojson?level=COMMUNE&asOf=2021-06-30`, ca, { 'accept-encoding': 'gzip, br' });
    expect(units.status).toBe(200);
    expect(units.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(units.raw).toString('utf8')).features.length).toBeGreaterThan(200);
    expect(units.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the hub
    if (web) {
      const page = (await get(`${origin}/`, ca)).body;
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)![1];
      const sent = await get(`${origin}${script}`, ca, { 'accept-encoding': 'gzip' });
      expect(sent.headers['content-encoding']).toBe('gzip');
      expect(sent.headers['cache-control']).toMatch(/immutable/);
    }
    const metrics = await get(`${origin}/metrics`, ca);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^anbinh_http_requests_total\{route="\/geo",method="GET",status="200"\} \d+/m);
  });

  it('serves /ogc with links on the proxy’s https origin, and nginx logs a token given as access_token as REDACTED', async () => {
    const landing = JSON.parse((await get(`${origin}/ogc`, ca, { accept: 'application/json' })).body) as { links: { rel: string; href: string }[] };
    expect(landing.links.find((l) => l.rel === 'data')!.href).toBe(`${origin}/ogc/collections`);
    const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect((await get(`${origin}/ogc/collections?limit=5&access_token=${secret}&f=json`, ca)).status).toBe(401);
    const log = proxy.accessLog();
    expect(log).toMatch(/"GET \/ogc\/collections\?limit=5&access_token=REDACTED&f=json HTTP\/[\d.]+" 401 /);
    expect(log).not.toContain(secret);
  });

  it('does not believe a forwarded scheme from a caller who reached the hub directly (TRUST_PROXY=0)', async () => {
    const direct = await startHub({ ...loadConfig({}), port: 0, webDir: '/nonexistent', database: testDatabaseConfig(1) }, () => undefined);
    try {
      await direct.ready;
      const answer = await fetch(`${direct.url}/tiles/models.json`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
      expect(((await answer.json()) as { tiles: string[] }).tiles[0]).toMatch(new RegExp(`^${direct.url}/`));
    } finally {
      await direct.stop();
    }
  });

  it('carries GraphQL over wss:// through the proxy', async () => {
    class TrustingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { ca });
      }
    }
    const client = createClient({ url: `${origin.replace('https', 'wss')}/graphql`, webSocketImpl: TrustingWebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ report(year: 2021) { crimeReportMailboxes } }' },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({ data: { report: { crimeReportMailboxes: 729 } } });
    } finally {
      await client.dispose();
    }
  });

  it.skipIf(!browserAvailable)('serves the map over https with its point layers and no mixed content', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1024, height: 700 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || /mixed content/i.test(m.text())) problems.push(m.text());
      });
      const points: string[] = [];
      page.on('response', (r) => {
        if (/\/tiles\/models|\/export\/securityModels/.test(r.url()) && r.status() < 300) points.push(r.url());
      });
      const insecure: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith('http:') || r.url().startsWith('ws:')) insecure.push(r.url());
      });
      await page.goto(`${origin}/?year=2021`);
      await page.waitForFunction(() => window.__anbinhMapIdle !== undefined, null, { timeout: 60_000 });
      await expect.poll(() => points.length, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(insecure).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
