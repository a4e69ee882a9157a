import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { startHub, type Hub } from '../app/hub';
import { loadConfig } from '../config';
import { testAuth } from '../testing';
import { Tokens } from '../access/tokens';
import { Role } from '@anbinh/shared';
import { getIssues } from '@placemarkio/check-geojson';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import pg from 'pg';
import { testDatabaseUrl } from '@anbinh/db/testing';
import { exportBatch, maxExportRows } from './export';

let hub: Hub;
const config = { ...loadConfig({}), port: 0, webDir: '/nonexistent', database: testDatabaseConfig(), auth: testAuth };
beforeAll(async () => {
  hub = await startHub(config, () => undefined);
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
    const res = await get(
      `/export/cameraSites.geojson?filter=${filter({ near: { longitude: 106.139722, latitude: 20.601667, withinMetres: 2000 } })}&orderBy=DISTANCE_ASC`,
    );
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
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{
        full: adminUnit(code: "34") { geometry }
        light: adminUnit(code: "12778", asOf: "2021-01-01") { geometry(precision: 4, simplify: 0.002) }
        securityModels(filter: { kinds: [HERITAGE_SITE_SELF_MANAGEMENT] }) { nodes { location(precision: 5) } }
      }`,
      }),
    });
    const { data } = (await res.json()) as { data: any };
    const geometries = [data.full.geometry, data.light.geometry, ...data.securityModels.nodes.map((n: { location: object }) => n.location)];
    expect(geometries.length).toBeGreaterThanOrEqual(4);
    for (const g of geometries) expect(getIssues(JSON.stringify(g))).toEqual([]);
  });
});

describe('exports of personal data', () => {
  it('follow the same rules as GraphQL: refused without a token, an officer’s own cases with one', async () => {
    const anonymous = await get('/export/communityEducationCases.csv');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const analyst = (await new Tokens(testAuth).sign({ sub: 'a', role: Role.ANALYST })).token;
    expect((await fetch(`${hub.url}/export/communityEducationCases.csv`, { headers: { authorization: `Bearer ${analyst}` } })).status).toBe(403);
    const officer = (await new Tokens(testAuth).sign({ sub: 'o', role: Role.OFFICER, units: ['12442'] })).token;
    const res = await fetch(`${hub.url}/export/communityEducationCases.csv`, { headers: { authorization: `Bearer ${officer}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes(',12442,'))).toBe(true);
  });
});

describe('a large export', () => {
  const added = 90_000;
  let total = 0;

  beforeAll(async () => {
    // Copies of one team with long names: tens of megabytes of CSV, far more than the sockets between hub and client buffer.
    const db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>(
        `select column_name as name from information_schema.columns where table_name = 'covid_team' and column_name not in ('id', 'name')`,
      );
      const columns = rows.map((r) => `"${r.name}"`).join(', ');
      await db.query(
        `insert into covid_team (name, ${columns})
         select repeat('Tổ phản ứng nhanh phòng chống dịch ', 8) || g, ${columns} from covid_team, generate_series(1, ${added}) g
         where id = (select min(id) from covid_team)`,
      );
      total = (await db.query<{ n: number }>('select count(*)::int as n from covid_team')).rows[0].n;
    } finally {
      await db.end();
    }
    expect(total).toBeLessThanOrEqual(maxExportRows);
  }, 300_000);

  /** Rows the hub has read for covidTeams exports so far, from its metrics. */
  const rowsRead = async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    return Number(/^anbinh_export_rows_total\{collection="covidTeams"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };
  const request = (encoding: string) =>
    new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(`${hub.url}/export/covidTeams.csv`, { headers: { 'accept-encoding': encoding } }, resolve).on('error', reject),
    );
  const readAll = async (res: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('is read from the database only as fast as the client takes it: a client that stops reading stops the reads', async () => {
    const before = await rowsRead();
    const res = await request('identity');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    const first = await new Promise<Buffer>((resolve) =>
      res.once('data', (chunk: Buffer) => {
        res.pause();
        resolve(chunk);
      }),
    );
    // Wait until the hub has stopped reading (backpressure: nothing more can be sent), then look at how far it got.
    let seen = -1;
    let now = await rowsRead();
    while (now !== seen) {
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 500));
      now = await rowsRead();
    }
    expect(now - before).toBeGreaterThanOrEqual(exportBatch);
    expect(now - before).toBeLessThan(total / 2);
    res.resume();
    const body = Buffer.concat([first, await readAll(res)]).toString('utf8');
    expect(body.trimEnd().split('\r\n')).toHaveLength(total + 1);
    expect((await rowsRead()) - before).toBe(total);
  }, 180_000);

  it('is cut off, not ended, when a batch fails after the first byte: the client cannot take a part for the whole', async () => {
    const res = await request('identity');
    expect(res.statusCode).toBe(200);
    await new Promise<void>((resolve) =>
      res.once('data', () => {
        res.pause();
        resolve();
      }),
    );
    // The next batch's statement fails: the table is gone from under it (renamed back below).
    const db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      await db.query('alter table covid_team rename to covid_team_away');
      res.resume();
      await expect(readAll(res)).rejects.toThrow(/aborted|ECONNRESET|terminated|premature/i);
    } finally {
      await db.query('alter table covid_team_away rename to covid_team');
      await db.end();
    }
  }, 180_000);

  it('arrives compressed and whole, the same file as uncompressed', async () => {
    const plain = await readAll(await request('identity'));
    const res = await request('gzip;q=0.5, br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-length']).toBeUndefined();
    const compressed = await readAll(res);
    expect(compressed.length).toBeLessThan(plain.length / 10);
    const text = brotliDecompressSync(compressed);
    expect(text.equals(plain)).toBe(true);
    const lines = text.toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(total + 1);
  }, 180_000);
});
