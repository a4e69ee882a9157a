import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { startHub, type Hub } from '../http/hub';
import { loadConfig } from '../config';
import { getIssues } from '@placemarkio/check-geojson';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ ...loadConfig({}), port: 0, webDir: '/nonexistent', database: testDatabaseConfig() }, () => undefined);
  await hub.ready;
});
afterAll(async () => {
  await hub?.stop();
});

const get = (path: string) => fetch(`${hub.url}${path}`);
const filter = (f: object) => encodeURIComponent(JSON.stringify(f));

describe('exports', () => {
  it('gives a filtered collection as CSV with a BOM, quoted per RFC 4180', async () => {
    const res = await get(`/export/commendations.csv?filter=${filter({ unitCode: '12442', from: '2021-01-01', to: '2022-12-31' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,recipientKind,recipientName,awardingBody,form,awardedOn,reason,unitCode,unitName,sample');
    expect(lines.length).toBeGreaterThan(3);
    expect(text).toContain('Phường Kỳ Bá');
  });

  it('gives located records as a GeoJSON FeatureCollection of points in lon/lat', async () => {
    const res = await get(`/export/cameraSites.geojson?filter=${filter({ near: { longitude: 106.139722, latitude: 20.601667, withinMetres: 2000 } })}&orderBy=DISTANCE_ASC`);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const text = await res.text();
    expect(getIssues(text)).toEqual([]);
    const body = JSON.parse(text);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBeGreaterThan(0);
    for (const f of body.features) {
      expect(f).toMatchObject({ type: 'Feature', geometry: { type: 'Point' } });
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThan(106);
      expect(lat).toBeLessThan(21);
      expect(f.properties.name).toEqual(expect.any(String));
    }
  });

  it('refuses a bad filter with the GraphQL error shape and code', async () => {
    const res = await get(`/export/securityModels.csv?filter=${filter({ kinds: ['NOT_A_KIND'] })}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/filter\.kinds/);
    expect((await get('/export/nothing.csv')).status).toBe(404);
  });
});

describe('GeoJSON out of GraphQL', () => {
  it('passes a GeoJSON validator, for unit shapes (full and simplified) and record locations', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{
        full: adminUnit(code: "34") { geometry }
        light: adminUnit(code: "12778", asOf: "2021-01-01") { geometry(precision: 4, simplify: 0.002) }
        securityModels(filter: { kinds: [HERITAGE_SITE_SELF_MANAGEMENT] }) { nodes { location(precision: 5) } }
      }` }),
    });
    const { data } = (await res.json()) as { data: any };
    const geometries = [data.full.geometry, data.light.geometry, ...data.securityModels.nodes.map((n: { location: object }) => n.location)];
    expect(geometries.length).toBeGreaterThanOrEqual(4);
    for (const g of geometries) expect(getIssues(JSON.stringify(g))).toEqual([]);
  });
});
