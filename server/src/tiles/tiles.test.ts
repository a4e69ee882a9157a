import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { MikroORM } from '@anbinh/db';
import { programAvailable, type LonLat, type TestData } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { testAuth, useRunningHub } from '../testing';
import { Tokens } from '../access/tokens';
import type { Hub } from '../app/hub';
import { baseContext } from '../app/context';
import { toGlobalId } from '../graphql/node';
import { Gazetteer } from '../geography/gazetteer';
import { publicViewer } from '../access/viewer';
import { canMakeMvt, renderTile } from './tiles.handler';
import { tileLayers } from './layers';
import { tileAt } from './encode';

const running = useRunningHub();
const { token, gql } = running;
let hub: Hub;
let orm: MikroORM;
let data: TestData; // writes as another server would, unseen by this hub but through the change feed
const tokens = new Tokens(testAuth);
beforeAll(() => {
  ({ hub, orm, data } = running);
});

const kyBa = [106.3454, 20.446] as const;

async function tile(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${hub.url}/tiles/${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const features = (layer: string) => {
    if (res.status !== 200) return [];
    const decoded = new VectorTile(new PbfReader(bytes)).layers[layer];
    return Array.from({ length: decoded?.length ?? 0 }, (_, i) => decoded.feature(i));
  };
  return { res, bytes, features };
}

describe('vector tiles', () => {
  it('describes each layer in TileJSON 3.0.0, with a tile URL on this hub and the parameters given', async () => {
    for (const layer of ['units', 'cameras', 'mailboxes', 'models']) {
      const res = await fetch(`${hub.url}/tiles/${layer}.json${layer === 'units' ? '?asOf=2021-06-30&level=DISTRICT' : ''}`);
      expect(res.status).toBe(200);
      const json = (await res.json()) as any;
      expect(json).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', vector_layers: [{ id: layer, fields: expect.objectContaining({ id: 'Number' }) }] });
      expect(json.tiles[0]).toMatch(new RegExp(`^${hub.url}/tiles/${layer}/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt`));
      if (layer === 'units') expect(json.tiles[0]).toContain('level=DISTRICT&asOf=2021-06-30');
      const [w, s, e, n] = json.bounds;
      expect(w).toBeGreaterThan(105.5);
      expect(e).toBeLessThan(107.5);
      expect(s).toBeGreaterThan(20);
      expect(n).toBeLessThan(21);
    }
  });

  it('lists every layer at /tiles, with its geometry, its name in Vietnamese and English, its TileJSON and the lists naming its records', async () => {
    for (const path of ['/tiles', '/tiles/']) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status).toBe(200);
      const { layers } = (await res.json()) as any;
      expect(layers.map((l: any) => l.id)).toEqual(Object.keys(tileLayers()));
      for (const layer of layers) {
        expect(layer.label.vi).not.toBe(layer.label.en);
        const tileJson = await fetch(layer.tilejson);
        expect([layer.id, tileJson.status]).toEqual([layer.id, 200]);
      }
      const byId = Object.fromEntries(layers.map((l: any) => [l.id, l]));
      expect(byId.units).toMatchObject({ geometry: 'polygon', record: null });
      expect(byId.patrols).toMatchObject({
        geometry: 'line',
        label: { vi: 'Tuyến tuần tra', en: 'Patrol routes' },
        record: { type: 'PatrolRoute', name: 'name' },
      });
      expect(byId.models).toMatchObject({ geometry: 'point', record: { type: 'SecurityModel', period: { from: 'establishedOn', to: 'dissolvedOn' } } });
      expect(byId.patrols.record.references).toEqual([{ field: 'model', type: 'SecurityModel' }]);
      expect(byId.patrols.record.enums).toEqual([
        { field: 'schedule', list: true, values: expect.objectContaining({ NIGHTLY: { vi: 'hằng đêm', en: 'Every night' } }) },
      ]);
      // What the map asks a model for, named by the index alone: its name, and the lists of the records naming it.
      const lists = byId.models.record.lists as { field: string; type: string; name: string; geometry: string | null }[];
      expect(lists).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'cameraSites', type: 'CameraSite', geometry: 'point' }),
          expect.objectContaining({ field: 'patrolRoutes', type: 'PatrolRoute', geometry: 'line' }),
        ]),
      );
      const [route] = await orm.em.getConnection().execute('select model_id from patrol_route where model_id is not null order by id limit 1');
      const fields = lists.map((l) => `${l.field}(first: 5) { totalCount nodes { id ${l.name ?? ''} ${l.geometry === 'line' ? 'lengthKm' : ''} } }`).join(' ');
      const { data, errors } = await gql(`query ($id: ID!) { node(id: $id) { ... on ${byId.models.record.type} { ${byId.models.record.name} ${fields} } } }`, {
        id: toGlobalId('SecurityModel', route.model_id),
      });
      expect(errors).toBeUndefined();
      expect(data.node.patrolRoutes.totalCount).toBeGreaterThan(0);
      expect(data.node.patrolRoutes.nodes[0].lengthKm).toBeGreaterThan(0);
    }
  });

  it('names a point layer’s GeoJSON export in its TileJSON when the points selected are few enough to load whole', async () => {
    const json = (await (await fetch(`${hub.url}/tiles/cameras.json?from=2021-01-01&to=2021-12-31`)).json()) as any;
    expect(json.geojson).toBe(`${hub.url}/export/cameraSites.geojson?filter=${encodeURIComponent('{"from":"2021-01-01","to":"2021-12-31"}')}`);
    const exported = (await (await fetch(json.geojson)).json()) as { features: unknown[] };
    const { data } = await gql('{ cameraSites(filter: { from: "2021-01-01", to: "2021-12-31" }) { totalCount } }');
    expect(exported.features.length).toBe(data.cameraSites.totalCount);
    expect(await (await fetch(`${hub.url}/tiles/units.json`)).json()).not.toHaveProperty('geojson');
  });

  it('draws the communes of the map date asked, with each one’s metric value for the choropleth', async () => {
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 10);
    const { res, features } = await tile(`units/${z}/${x}/${y}.mvt?asOf=2021-06-30&metric=commendations&year=2021`);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const kyBaFeature = features('units').find((f) => f.properties.code === '12442')!;
    expect(kyBaFeature.properties).toMatchObject({ name: 'Phường Kỳ Bá', level: 'COMMUNE' });
    expect(kyBaFeature.type).toBe(3); // a polygon
    const { data } = await gql('{ metricValues(metric: "commendations", level: COMMUNE, year: 2021, asOf: "2021-06-30") { unit { code id } value } }');
    const expected = data.metricValues.find((v: any) => v.unit.code === '12442');
    expect(toGlobalId('AdminUnit', Number(kyBaFeature.id))).toBe(expected.unit.id); // the feature id, for hover and selection
    expect(kyBaFeature.properties.value).toBe(expected.value);
    // On the map after the 2025 reorganisation Kỳ Bá is gone; its successor is drawn instead.
    const later = await tile(`units/${z}/${x}/${y}.mvt?asOf=2025-12-01`);
    const codes = later.features('units').map((f) => f.properties.code);
    expect(codes).not.toContain('12442');
    expect(codes.length).toBeGreaterThan(0);
  });

  it('says for each unit whether its value is published, withheld from this reader or not applicable, as metricValues does', async () => {
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 7);
    for (const metric of ['peopleProgressed', 'rehabilitationSuccessRate']) {
      const { features } = await tile(`units/${z}/${x}/${y}.mvt?asOf=2021-06-30&metric=${metric}&year=2021&level=COMMUNE`);
      const { data } = await gql(
        'query ($m: String!) { metricValues(metric: $m, level: COMMUNE, year: 2021, asOf: "2021-06-30") { unit { code } value status } }',
        { m: metric },
      );
      const byCode = new Map<string, { value: number | null; status: string }>(data.metricValues.map((v: any) => [v.unit.code, v]));
      const drawn = features('units');
      expect(drawn.length).toBeGreaterThan(100);
      for (const f of drawn) {
        const expected = byCode.get(String(f.properties.code))!;
        expect(f.properties.status, `${metric} ${f.properties.code}`).toBe(expected.status);
        expect(f.properties.value, `${metric} ${f.properties.code}`).toBe(expected.value ?? undefined);
      }
      expect(new Set(drawn.map((f) => f.properties.status))).toContain('WITHHELD');
    }
  });

  it('gathers points into counts below zoom 12, and gives each point its own fields and id above', async () => {
    const filter = { from: '2021-01-01', to: '2021-12-31' };
    const { data } = await gql('query ($f: CameraSiteFilter) { cameraSites(filter: $f) { totalCount } }', { f: filter });
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 6); // the whole province in one tile
    const whole = await tile(`cameras/${z}/${x}/${y}.mvt?from=${filter.from}&to=${filter.to}`);
    const clusters = whole.features('cameras');
    expect(clusters.length).toBeGreaterThan(1);
    expect(clusters.reduce((n, f) => n + Number(f.properties.count), 0)).toBe(data.cameraSites.totalCount);

    const [z14, x14, y14] = tileAt(kyBa[0], kyBa[1], 14);
    const close = await tile(`cameras/${z14}/${x14}/${y14}.mvt`);
    const [site] = close.features('cameras');
    expect(site.properties).toMatchObject({
      name: expect.any(String),
      cameraCount: expect.any(Number),
      installedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const node = await gql('query ($id: ID!) { node(id: $id) { ... on CameraSite { name } } }', { id: toGlobalId('CameraSite', Number(site.id)) });
    expect(node.data.node.name).toBe(site.properties.name);
  });

  it('revalidates by ETag, and shows a write on the next request, here or through another server', async () => {
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 15);
    const path = `mailboxes/${z}/${x}/${y}.mvt`;
    const first = await tile(path);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.res.headers.get('cache-control')).toBe('public, no-cache');
    // As a browser revalidates (fetch() would add "no-cache", which asks for the whole answer).
    const revalidate = { 'if-none-match': etag, 'cache-control': 'max-age=0' };
    expect((await fetch(`${hub.url}/tiles/${path}`, { headers: revalidate })).status).toBe(304);
    const before = first.features('mailboxes').length;

    const officer = await token(Role.OFFICER, ['12442']);
    const made = await gql(
      `mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [${kyBa[0]}, ${kyBa[1]}] }, host: MARKET, installedOn: "2024-02-01" }) { id } }`,
      {},
      officer,
    );
    expect(made.errors).toBeUndefined();
    const after = await tile(path, revalidate);
    expect(after.res.status).toBe(200);
    expect(after.features('mailboxes').length).toBe(before + 1);

    // Written without this hub (as by another server): the change feed tells it.
    await data.newReportMailbox({ at: kyBa as LonLat });
    const end = Date.now() + 10_000;
    let count = after.features('mailboxes').length;
    while (count !== before + 2 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      count = (await tile(path)).features('mailboxes').length;
    }
    expect(count).toBe(before + 2);
  });

  it('serves a partner only its units’ territory, and refuses a bad token', async () => {
    // A tile that lies wholly inside the city.
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 14);
    const path = `cameras/${z}/${x}/${y}.mvt`;
    const everyone = (await tile(path)).features('cameras').length;
    expect(everyone).toBeGreaterThan(0);
    const own = await tile(path, { authorization: `Bearer ${await token(Role.PARTNER, ['336'])}` }); // Thái Bình city holds Kỳ Bá
    expect(own.features('cameras').length).toBe(everyone);
    expect(own.res.headers.get('cache-control')).toBe('private, no-cache');
    const other = await tile(path, { authorization: `Bearer ${await token(Role.PARTNER, ['338'])}` }); // Quỳnh Phụ
    expect(other.res.status).toBe(204);
    const bad = await fetch(`${hub.url}/tiles/${path}`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown layers, impossible tiles and bad parameters with a coded sentence', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['people/10/100/100.mvt', 404, 'NOT_FOUND', /no tile layer "people"/],
      ['units/99/0/0.mvt', 400, 'BAD_USER_INPUT', /zoom 0–16/],
      ['units/3/8/0.mvt', 400, 'BAD_USER_INPUT', /x and y 0 to 2\^zoom − 1/],
      ['units/3/1/1.png', 400, 'BAD_USER_INPUT', /\{z\}\/\{x\}\/\{y\}\.mvt/],
      ['units/10/815/454.mvt?level=HAMLET', 400, 'BAD_USER_INPUT', /level must be one of/],
      ['units/10/815/454.mvt?asOf=2021-13-45', 400, 'BAD_USER_INPUT', /asOf "2021-13-45" is not a real calendar date/],
      ['units/10/815/454.mvt?metric=nothing&year=2021', 400, 'BAD_USER_INPUT', /no metric "nothing"/],
      ['cameras/10/815/454.mvt?from=2022-01-01&to=2021-01-01', 400, 'BAD_USER_INPUT', /swap them/],
      ['units.xml', 404, 'NOT_FOUND', /\/tiles\/\{layer\}\.json/],
    ];
    for (const [path, status, code, message] of cases) {
      const res = await fetch(`${hub.url}/tiles/${path}`);
      expect([path, res.status]).toEqual([path, status]);
      const { errors } = (await res.json()) as any;
      expect(errors[0].extensions.code).toBe(code);
      expect(errors[0].message).toMatch(message);
    }
  });
});

describe('tiles without ST_AsMVT', () => {
  it('encodes the same features as PostGIS’s ST_AsMVT when PostGIS lacks it (the embedded database)', async ({ skip }) => {
    const knex = orm.em.getKnex();
    const reader = baseContext({ primary: knex, gazetteer: await Gazetteer.load(knex), tokens }, publicViewer, null);
    if (!(await canMakeMvt(reader.knex))) skip(); // only one way to compare here
    const decode = (bytes: Buffer, layer: string) => {
      const decoded = new VectorTile(new PbfReader(bytes)).layers[layer];
      return Array.from({ length: decoded?.length ?? 0 }, (_, i) => decoded.feature(i))
        .map((f) => ({ id: f.id, type: f.type, properties: f.properties, rings: f.loadGeometry().length }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    };
    for (const [layer, parameters, zoom] of [
      ['units', { level: 'COMMUNE', asOf: '2021-06-30', metric: 'commendations', year: '2021' }, 11],
      ['cameras', {}, 9],
      ['cameras', { from: '2021-01-01', to: '2021-12-31' }, 6],
      ['models', {}, 14],
    ] as const) {
      const at = tileAt(kyBa[0], kyBa[1], zoom);
      const native = decode(await renderTile(reader, tileLayers()[layer], parameters, at, true), layer);
      const ours = decode(await renderTile(reader, tileLayers()[layer], parameters, at, false), layer);
      expect(native.length).toBeGreaterThan(0);
      expect(ours.map(({ id, type, properties }) => ({ id, type, properties }))).toEqual(native.map(({ id, type, properties }) => ({ id, type, properties })));
    }
  });
});

const ogrinfo = programAvailable(
  'ogrinfo',
  ['--version'],
  'GDAL_TESTS',
  'GDAL’s ogrinfo not found (Debian: apt-get install gdal-bin): the GIS-tool test is skipped.',
);

describe.skipIf(!ogrinfo)('read by standard GIS tools', () => {
  it('GDAL’s ogrinfo reads a tile (MVT driver, placed by its z/x/y) and a GeoJSON export, with the expected layers and features', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anbinh-gdal-'));
    const [z, x, y] = tileAt(kyBa[0], kyBa[1], 13);
    const { bytes, features } = await tile(`cameras/${z}/${x}/${y}.mvt`);
    mkdirSync(join(dir, String(z), String(x)), { recursive: true });
    const tileFile = join(dir, String(z), String(x), `${y}.mvt`);
    writeFileSync(tileFile, bytes);
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', tileFile], { encoding: 'utf8' });
    expect(info).toContain("using driver `MVT' successful");
    expect(info).toContain('Layer name: cameras');
    expect(info).toContain(`Feature Count: ${features('cameras').length}`);
    expect(info).toMatch(/Pseudo-Mercator|EPSG",?"?3857/);

    const exportFile = join(dir, 'cameras.geojson');
    const exported = await fetch(`${hub.url}/export/cameraSites.geojson?filter=${encodeURIComponent('{"unitCode":"12442"}')}`);
    writeFileSync(exportFile, Buffer.from(await exported.arrayBuffer()));
    const { data } = await gql('{ cameraSites(filter: { unitCode: "12442" }) { totalCount } }');
    const geojson = execFileSync('ogrinfo', ['-ro', '-so', '-al', exportFile], { encoding: 'utf8' });
    expect(geojson).toContain("using driver `GeoJSON' successful");
    expect(geojson).toContain('Geometry: Point');
    expect(geojson).toContain(`Feature Count: ${data.cameraSites.totalCount}`);
  });
});
