import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { programAvailable } from '@anbinh/db/testing';
import { divisions, Role } from '@anbinh/shared';
import { useRunningHub } from '../testing';
import type { Hub } from '../app/hub';
import { recordTypes } from '../records/catalogue';
import { setLogLevel, watchLog } from '../observability/log';

const running = useRunningHub();
const { token, gql } = running;
let hub: Hub;
beforeAll(() => {
  ({ hub } = running);
});
// Run without blocking: the hub answering GDAL lives in this process.
const run = promisify(execFile);

type Feature = { id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, any> };

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${hub.url}/ogc${path}`, { headers });
  const text = await res.text();
  return { res, text, body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined };
}

/** Every feature of an items URL, following its next links; the pages' counts as they came. */
async function readAll(path: string, headers: Record<string, string> = {}) {
  const features: Feature[] = [];
  const matched: number[] = [];
  let url: string | undefined = path;
  while (url) {
    const { res, body } = await get(url, headers);
    expect(res.status, JSON.stringify(body)).toBe(200);
    features.push(...body.features);
    matched.push(body.numberMatched);
    expect(body.numberReturned).toBe(body.features.length);
    url = body.links.find((l: { rel: string }) => l.rel === 'next')?.href;
  }
  return { features, matched };
}

const siteFields = 'id name cameraCount installedOn removedOn location';

/** Every camera site GraphQL gives for a filter and token, page by page, and its totalCount. */
async function graphqlSites(filter: Record<string, unknown>, bearer?: string) {
  const nodes: Record<string, any>[] = [];
  let after: string | null = null;
  let total: number;
  for (;;) {
    const { data, errors } = await gql(
      `query($filter: CameraSiteFilter, $after: String) { cameraSites(filter: $filter, first: 100, after: $after, orderBy: [ID_ASC]) {
         totalCount pageInfo { hasNextPage endCursor } nodes { ${siteFields} } } }`,
      { filter, after },
      bearer,
    );
    expect(errors).toBeUndefined();
    nodes.push(...data.cameraSites.nodes);
    total = data.cameraSites.totalCount;
    if (!data.cameraSites.pageInfo.hasNextPage) break;
    after = data.cameraSites.pageInfo.endCursor;
  }
  return { nodes, total };
}

/** A feature as GraphQL shows the same record. */
const asNode = (f: Feature) => ({
  id: f.id,
  name: f.properties.name,
  cameraCount: f.properties.cameraCount,
  installedOn: f.properties.installedOn,
  removedOn: f.properties.removedOn,
  location: f.geometry,
});

const locatedTypes = recordTypes.filter((t) => t.kind.located).map((t) => t.kind.queryName);
const unitCollections = divisions.map((d) => `units-${d.validFrom.slice(0, 4)}`);
// Around Kỳ Bá, Thái Bình city: a few dozen sites.
const box = [106.3, 20.42, 106.37, 20.47];
const polygon = `POLYGON((${box[0]} ${box[1]}, ${box[2]} ${box[1]}, ${box[2]} ${box[3]}, ${box[0]} ${box[3]}, ${box[0]} ${box[1]}))`;
const polygonJson = {
  type: 'Polygon',
  coordinates: [
    [
      [box[0], box[1]],
      [box[2], box[1]],
      [box[2], box[3]],
      [box[0], box[3]],
      [box[0], box[1]],
    ],
  ],
};

describe('OGC API – Features', () => {
  it('has a landing page, conformance, an OpenAPI 3.0 document and one collection per located record type and per division, derived from the catalogue', async () => {
    const landing = await get('');
    expect(landing.res.status).toBe(200);
    expect(landing.body.links.map((l: { rel: string }) => l.rel)).toEqual(
      expect.arrayContaining(['self', 'service-desc', 'service-doc', 'conformance', 'data']),
    );
    const { body: conformance } = await get('/conformance');
    expect(conformance.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
        'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
      ]),
    );
    const api = await get('/api');
    expect(api.res.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    expect(api.body.openapi).toMatch(/^3\.0\./);
    expect(api.body.paths['/collections/cameraSites/items'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'bbox', 'datetime', 'filter', 'cameraCount', 'installedOn']),
    );

    expect(locatedTypes).toEqual(expect.arrayContaining(['cameraSites', 'reportMailboxes', 'securityModels']));
    const { body } = await get('/collections');
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([...locatedTypes, ...unitCollections]);
    for (const c of body.collections) {
      expect(c.extent.spatial.bbox[0]).toHaveLength(4);
      expect(c.extent.temporal.interval[0][0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const queryables = await get(`/collections/${c.id}/queryables`);
      expect(queryables.res.headers.get('content-type')).toContain('application/schema+json');
      expect(queryables.body.properties.geometry.format).toMatch(/^geometry-/);
    }
    const { body: sites } = await get('/collections/cameraSites/queryables');
    expect(sites.properties).toMatchObject({
      geometry: { format: 'geometry-point' },
      cameraCount: { type: 'integer' },
      installedOn: { type: 'string', format: 'date' },
      sample: { type: 'boolean' },
    });
  });

  it('reads a collection whole through its next links, with numberMatched equal to GraphQL’s totalCount, and goes back with prev', async () => {
    const ogc = await readAll('/collections/cameraSites/items?limit=500');
    const graphql = await graphqlSites({});
    expect(ogc.matched.every((n) => n === graphql.total)).toBe(true);
    expect(ogc.features).toHaveLength(graphql.total);
    expect(ogc.features.map(asNode)).toEqual(graphql.nodes);

    const first = await get('/collections/cameraSites/items?limit=3');
    const second = await get(first.body.links.find((l: { rel: string }) => l.rel === 'next').href);
    const back = await get(second.body.links.find((l: { rel: string }) => l.rel === 'prev').href);
    expect(back.body.features.map((f: Feature) => f.id)).toEqual(first.body.features.map((f: Feature) => f.id));
    expect(first.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(false);

    const one = await get(`/collections/cameraSites/items/${graphql.nodes[0].id}`);
    expect(one.res.headers.get('content-type')).toContain('application/geo+json');
    expect(asNode(one.body)).toEqual(graphql.nodes[0]);
  });

  it('applies bbox, datetime and property filters as GraphQL’s bbox, from/to and filters', async () => {
    const crs84 = encodeURIComponent('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    const inBox = await readAll(`/collections/cameraSites/items?limit=10000&bbox=${box.join(',')}&bbox-crs=${crs84}&datetime=2021-01-01/2021-12-31`);
    const graphql = await graphqlSites({ bbox: box, from: '2021-01-01', to: '2021-12-31' });
    expect(graphql.total).toBeGreaterThan(3);
    expect(inBox.features.map(asNode)).toEqual(graphql.nodes);

    const equal = await readAll('/collections/cameraSites/items?limit=10000&cameraCount=2');
    const all = await graphqlSites({});
    expect(equal.features.map(asNode)).toEqual(all.nodes.filter((n) => n.cameraCount === 2));
    expect(equal.features.length).toBeGreaterThan(0);
  });

  it('takes CQL2 text: the same features as the equivalent GraphQL filter', async () => {
    const filter = `S_INTERSECTS(geometry, ${polygon}) AND T_INTERSECTS(INTERVAL(installedOn, removedOn), INTERVAL('2021-01-01', '2021-12-31')) AND sample = TRUE`;
    const ogc = await readAll(`/collections/cameraSites/items?limit=10000&filter=${encodeURIComponent(filter)}&filter-lang=cql2-text`);
    const graphql = await graphqlSites({ intersects: polygonJson, from: '2021-01-01', to: '2021-12-31', sample: true });
    expect(graphql.total).toBeGreaterThan(3);
    expect(ogc.features.map(asNode)).toEqual(graphql.nodes);

    const all = await graphqlSites({});
    const installed = all.nodes[Math.floor(all.nodes.length / 2)].installedOn as string;
    const removed = all.nodes.find((n) => n.removedOn !== null)!.removedOn as string;
    for (const [cql, keep] of [
      ["cameraCount >= 2 AND NOT (name LIKE 'Camera cổng%')", (n: any) => n.cameraCount >= 2 && !n.name.startsWith('Camera cổng')],
      ['removedOn IS NOT NULL OR cameraCount IN (3, 4)', (n: any) => n.removedOn !== null || [3, 4].includes(n.cameraCount)],
      ["installedOn BETWEEN DATE('2020-01-01') AND DATE('2020-06-30')", (n: any) => n.installedOn >= '2020-01-01' && n.installedOn <= '2020-06-30'],
      [`T_INTERSECTS(installedOn, DATE('${installed}'))`, (n: any) => n.installedOn === installed],
      // A date property alone is an instant: an unset one meets nothing.
      [`T_INTERSECTS(removedOn, INTERVAL('..', '${removed}'))`, (n: any) => n.removedOn !== null && n.removedOn <= removed],
    ] as const) {
      const found = await readAll(`/collections/cameraSites/items?limit=10000&filter=${encodeURIComponent(cql)}`);
      const expected = all.nodes.filter(keep);
      expect(expected.length, cql).toBeGreaterThan(0);
      expect(expected.length, cql).toBeLessThan(all.total);
      expect(found.features.map(asNode), cql).toEqual(expected);
    }
  });

  it('gives a partner token only its territory, as GraphQL does, by header or by access_token', async () => {
    const partner = await token(Role.PARTNER, ['341']);
    const graphql = await graphqlSites({}, partner);
    const everyone = await graphqlSites({});
    expect(graphql.total).toBeGreaterThan(0);
    expect(graphql.total).toBeLessThan(everyone.total);
    const byHeader = await readAll('/collections/cameraSites/items?limit=10000', { authorization: `Bearer ${partner}` });
    expect(byHeader.features.map(asNode)).toEqual(graphql.nodes);
    const byQuery = await readAll(`/collections/cameraSites/items?limit=100&access_token=${partner}`);
    expect(byQuery.matched[0]).toBe(graphql.total);
    expect(byQuery.features.map((f) => f.id)).toEqual(graphql.nodes.map((n) => n.id));
    const outside = everyone.nodes.find((n) => !graphql.nodes.some((p) => p.id === n.id))!;
    expect((await get(`/collections/cameraSites/items/${outside.id}?access_token=${partner}`)).res.status).toBe(404);
  });

  it('never writes the access token to the log, and refuses it for anything but reading', async () => {
    const partner = await token(Role.PARTNER, ['341']);
    const lines: string[] = [];
    const stop = watchLog((_level, args) => lines.push(JSON.stringify(args)));
    setLogLevel('info');
    try {
      await get(`/collections/cameraSites/items?limit=1&access_token=${partner}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      setLogLevel('warn');
      stop();
    }
    expect(lines.some((l) => l.includes('/ogc/collections/cameraSites/items'))).toBe(true);
    expect(lines.join('\n')).not.toContain(partner);

    const post = await fetch(`${hub.url}/ogc/collections/cameraSites/items?access_token=${partner}`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
    const graphqlByQuery = await fetch(`${hub.url}/graphql?access_token=${partner}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(JSON.stringify(await graphqlByQuery.json())).not.toContain('PARTNER');
    const bad = await get('/collections?access_token=not-a-token');
    expect(bad.res.status).toBe(401);
    expect(bad.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad parameters and filters with 400 and a sentence, never a 5xx', async () => {
    for (const [path, field] of [
      ['/collections/cameraSites/items?limit=0', 'limit'],
      ['/collections/cameraSites/items?limit=10001', 'limit'],
      ['/collections/cameraSites/items?limit=ten', 'limit'],
      ['/collections/cameraSites/items?bbox=1,2,3', 'bbox'],
      ['/collections/cameraSites/items?bbox=106,21,107,20', 'bbox'],
      ['/collections/cameraSites/items?datetime=yesterday', 'datetime'],
      ['/collections/cameraSites/items?datetime=2021-12-31/2021-01-01', 'datetime'],
      ['/collections/cameraSites/items?datetime=2021-02-30', 'datetime'],
      ['/collections/cameraSites/items?colour=red', 'colour'],
      ['/collections/cameraSites/items?cameraCount=many', 'cameraCount'],
      ['/collections/cameraSites/items?after=forged.cursor', 'after'],
      ['/collections/cameraSites/items?filter-lang=cql2-json&filter=%7B%7D', 'filter-lang'],
      ['/collections/cameraSites/items?f=xml', 'f'],
      ['/collections/cameraSites/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857', 'crs'],
      ['/collections/cameraSites/items?access_token=', 'access_token'],
      ...[
        '',
        'cameraCount >',
        'cameraCount >= 2 AND',
        "name = 'unclosed",
        'colour = 1',
        "cameraCount = 'two'",
        "installedOn > '2021-01-01'",
        'cameraCount >= 2)',
        'S_INTERSECTS(geometry, POLYGON((106 20, 107 20, 107 21)))',
        'S_INTERSECTS(geometry, POLYGON((106 20, 107 21, 107 20, 106 21, 106 20)))',
        'S_INTERSECTS(geometry, CIRCLE(1 2))',
        'S_WITHIN(geometry, POINT(106 20))',
        "T_INTERSECTS(installedOn, INTERVAL('2021-13-01', '..'))",
        'name = name',
        '1 = 1',
        'cameraCount >= 2 ; drop table camera_site',
        "kind = 'CAMERA'",
        'cameraCount = 99999999999999999999',
        `${'('.repeat(1000)}cameraCount = 1${')'.repeat(1000)}`,
        `${'NOT '.repeat(1000)}cameraCount = 1`,
      ].map((f) => [`/collections/cameraSites/items?filter=${encodeURIComponent(f)}`, 'filter']),
    ]) {
      const { res, body } = await get(path);
      expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.code, path).toBe('BAD_USER_INPUT');
      expect(body.field, path).toBe(field);
      expect(body.description, path).toMatch(/^[\w-]+: .{12,}/);
    }
    const missing = await get('/collections/nothing/items');
    expect(missing.res.status).toBe(404);
    expect(missing.body.description).toContain('cameraSites');
    expect((await get('/collections/cameraSites/items/Q2FtZXJhU2l0ZTo5OTk5OTk')).res.status).toBe(404);
    expect((await get('/collections/cameraSites/items/not-an-id')).res.status).toBe(404);
  });

  it('serves the admin units of each division, and HTML when a browser asks', async () => {
    for (const d of divisions) {
      const { body } = await get(`/collections/units-${d.validFrom.slice(0, 4)}/items?level=COMMUNE&limit=1`);
      expect(body.numberMatched).toBe(d.unitCount);
      expect(body.features[0].geometry.type).toMatch(/Polygon/);
      expect(Object.keys(body.features[0].properties).sort()).toEqual(['areaKm2', 'code', 'kind', 'level', 'name', 'parentCode', 'validFrom', 'validTo']);
    }
    const page = await get('/collections', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(page.res.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Camera sites');
    const items = await get('/collections/cameraSites/items?limit=2&f=html');
    expect(items.text).toContain('<table>');
    expect(items.text).not.toContain('<script');
  });
});

const ogrinfo = programAvailable(
  'ogrinfo',
  ['--version'],
  'GDAL_TESTS',
  'GDAL’s ogrinfo not found (Debian: apt-get install gdal-bin): the OGC API test with GDAL is skipped.',
);

describe.skipIf(!ogrinfo)('OGC API – Features read by GDAL', () => {
  const oapif = () => `OAPIF:${hub.url}/ogc`;

  it('ogrinfo lists every collection with its feature count, and applies a bbox and an attribute filter', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', oapif()]);
    const { body } = await get('/collections');
    for (const c of body.collections) expect(stdout).toContain(`Layer name: ${c.id}`);
    const { total } = await graphqlSites({});
    expect(stdout).toContain(`Feature Count: ${total}`);

    const graphql = await graphqlSites({ bbox: box });
    const spatial = await run('ogrinfo', ['-ro', '-so', '-oo', 'PAGE_SIZE=1000', oapif(), 'cameraSites', '-spat', ...box.map(String)]);
    expect(spatial.stdout).toContain(`Feature Count: ${graphql.total}`);

    // An equality GDAL sends to the server as a property filter (queryables-query-parameters).
    const equal = graphql.nodes.filter((n) => n.cameraCount === 2).length;
    expect(equal).toBeGreaterThan(0);
    const attribute = await run(
      'ogrinfo',
      ['-ro', '-so', '-oo', 'PAGE_SIZE=1000', oapif(), 'cameraSites', '-spat', ...box.map(String), '-where', 'cameraCount = 2'],
      {
        env: { ...process.env, CPL_DEBUG: 'ON' },
      },
    );
    expect(attribute.stdout).toContain(`Feature Count: ${equal}`);
    expect(attribute.stderr).toMatch(/items\?[^\s)]*cameraCount=2/);
  });

  it('GDAL reads with a partner token, as a header or as access_token, only the partner’s territory', async () => {
    const partner = await token(Role.PARTNER, ['341']);
    const { total } = await graphqlSites({}, partner);
    const byHeader = await run('ogrinfo', ['-ro', '-so', oapif(), 'cameraSites'], {
      env: { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${partner}` },
    });
    expect(byHeader.stdout).toContain(`Feature Count: ${total}`);
    // GDAL carries the connection's query parameters onto every request, paging included.
    const listed = await run('ogrinfo', ['-ro', '-oo', 'PAGE_SIZE=100', `${oapif()}?access_token=${partner}`, 'cameraSites']);
    expect(listed.stdout.match(/^OGRFeature\(cameraSites\)/gm)).toHaveLength(total);
  });

  it('ogr2ogr copies camera sites into a GeoPackage whose features equal GraphQL’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anbinh-oapif-'));
    const gpkg = join(dir, 'sites.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, oapif(), 'cameraSites', '-oo', 'PAGE_SIZE=1000']);
    const geojson = join(dir, 'sites.geojson');
    await run('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=YES', geojson, gpkg]);
    const copied = JSON.parse(readFileSync(geojson, 'utf8')) as { features: Feature[] };
    const graphql = await graphqlSites({});
    expect(copied.features).toHaveLength(graphql.total);
    const byId = new Map(copied.features.map((f) => [f.properties.id, f]));
    for (const node of graphql.nodes) {
      const f = byId.get(node.id)!;
      expect({ ...asNode({ ...f, id: f.properties.id }), removedOn: f.properties.removedOn ?? null }).toEqual(node);
    }
  });
});
