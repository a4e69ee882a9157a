import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIssues } from '@placemarkio/check-geojson';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { divisions } from '@anbinh/shared';
import { startHub, type Hub } from '../app/hub';
import { loadConfig } from '../config';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ ...loadConfig({}), port: 0, webDir: '/nonexistent', database: testDatabaseConfig() }, () => undefined);
  await hub.ready;
});
afterAll(async () => {
  await hub?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${hub.url}${path}`, { headers });
const json = async (res: Response): Promise<any> => res.json();

describe('map layers at /geo', () => {
  it.each(divisions.map((d) => [d.id, d.validFrom, d.unitCount] as const))(
    'gives the %s communes as valid GeoJSON polygons with numeric ids',
    async (_id, asOf, unitCount) => {
      const res = await get(`/geo/units.geojson?level=COMMUNE&asOf=${asOf}&simplify=0.0003&precision=5`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
      const text = await res.text();
      expect(getIssues(text)).toEqual([]);
      const body = JSON.parse(text);
      expect(body.features).toHaveLength(unitCount);
      for (const f of body.features) {
        expect(typeof f.id).toBe('number');
        expect(f.geometry.type).toMatch(/Polygon/);
      }
    },
  );

  it('marks the report’s eight exemplary places among the label points, on the 2021 and the 2025 map', async () => {
    const on = async (asOf: string) => (await json(await get(`/geo/labels.geojson?level=COMMUNE&asOf=${asOf}`))).features;
    const in2021 = await on('2021-06-30');
    const names = in2021
      .filter((f: any) => f.properties.exemplary)
      .map((f: any) => f.properties.name)
      .sort();
    // Hồng Châu and Minh Hưng merged in 2020 into Hồng Bạch and Minh Quang.
    expect(names).toEqual(['Phường Kỳ Bá', 'Xã An Mỹ', 'Xã An Ấp', 'Xã Bình Định', 'Xã Hồng Bạch', 'Xã Minh Quang', 'Xã Thái Hưng', 'Xã Thụy Văn'].sort());
    const in2025 = await on('2025-07-01');
    expect(in2025.filter((f: any) => f.properties.exemplary).length).toBeGreaterThan(0);
    expect(in2025.filter((f: any) => f.properties.exemplary).length).toBeLessThanOrEqual(8);
  });

  it('answers a repeated request with 304 by ETag', async () => {
    const first = await get('/geo/units.geojson?level=DISTRICT&asOf=2021-06-30&simplify=0.001');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toMatch(/max-age/);
    const again = await get('/geo/units.geojson?level=DISTRICT&asOf=2021-06-30&simplify=0.001', { 'if-none-match': etag!, 'cache-control': 'max-age=0' }); // else fetch adds no-cache, as the Fetch standard says
    expect(again.status).toBe(304);
  });

  it('gives the heritage sites as points', async () => {
    const body = await json(await get('/geo/heritage.geojson'));
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features[0].geometry.type).toBe('Point');
  });

  it.each([
    ['/geo/units.geojson?level=VILLAGE', /level must be one of/],
    ['/geo/units.geojson?asOf=2021-13-45', /asOf "2021-13-45" is not a real calendar date/],
    ['/geo/units.geojson?asOf=1999-01-01', /geography starts on 2008-01-01/],
    ['/geo/units.geojson?simplify=5', /simplify must be/],
    ['/geo/units.geojson?precision=-1', /precision must be/],
  ])('refuses %s with a coded sentence', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
  });

  it('answers 404 for an unknown layer', async () => {
    const res = await get('/geo/roads.geojson');
    expect(res.status).toBe(404);
    expect((await json(res)).errors[0].message).toMatch(/units.geojson/);
  });
});
