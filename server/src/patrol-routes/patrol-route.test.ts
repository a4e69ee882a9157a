import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { toGlobalId } from '../graphql/node';
import { baseContext } from '../app/context';
import { publicViewer } from '../access/viewer';
import { Gazetteer } from '../geography/gazetteer';
import { canMakeMvt, renderTile } from '../tiles/tiles.handler';
import { tileLayers } from '../tiles/layers';
import { tileAt } from '../tiles/encode';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
const officer = viewerAs(Role.OFFICER, ['12442']);
const admin = viewerAs(Role.ADMIN);
const kyBa = [106.345426, 20.445976];
const knex = () => hub.orm.em.getKnex();
const create = `mutation ($input: CreatePatrolRouteInput!) { createPatrolRoute(input: $input) { id name schedule startedOn location unit { code } version } }`;
const count = async () => (await runSql(knex(), 'select count(*)::int as n from patrol_route')).rows[0].n;

/** A point inside a commune that borders Kỳ Bá on the 2008 map, found from the geography itself. */
async function neighbourPoint(): Promise<{ code: string; point: number[] }> {
  const { rows } = await runSql(
    knex(),
    `select a.id, ST_X(ST_PointOnSurface(a.geom)) as lon, ST_Y(ST_PointOnSurface(a.geom)) as lat
     from geo_atom a, geo_atom k where k.id = '12442' and a.id <> k.id and ST_Intersects(a.geom, k.geom) order by a.id limit 1`,
  );
  // Six decimals, as the API gives coordinates back.
  return { code: rows[0].id, point: [Number(rows[0].lon.toFixed(6)), Number(rows[0].lat.toFixed(6))] };
}

/** Each commune's km of the route on the map of a date, measured by PostGIS on the units' own shapes. */
async function kmByCommune(route: unknown, on: string): Promise<Map<string, number>> {
  const { rows } = await runSql(
    knex(),
    `select u.code, ST_Length(ST_CollectionExtract(ST_Intersection(u.geom, g), 2)::geography) / 1000 as km
     from admin_unit u, (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4326) as g) r
     where u.level = 'COMMUNE' and u.valid_from <= ?::date and (u.valid_to is null or u.valid_to > ?::date) and ST_Intersects(u.geom, g)`,
    [JSON.stringify(route), on, on],
  );
  return new Map(rows.filter((r: { km: number }) => r.km > 0).map((r: { code: string; km: number }) => [r.code, r.km]));
}

async function patrolKm(asOf: string): Promise<Map<string, number>> {
  const result = await hub.query(
    `query ($asOf: Date!) { metricValues(metric: "patrolKm", level: COMMUNE, year: 2021, asOf: $asOf) { unit { code } value status } }`,
    { asOf },
    admin,
  );
  expect(result.errors).toBeUndefined();
  return new Map((result.data as any).metricValues.map((v: any) => [v.unit.code, v.value ?? 0]));
}

describe('patrol routes', () => {
  it('records a route that crosses communes, filed under its own, and counts its length in each commune it crosses', async () => {
    const neighbour = await neighbourPoint();
    const route = { type: 'LineString', coordinates: [kyBa, neighbour.point] };
    const mapDate = '2019-12-31';
    const before = await patrolKm(mapDate);
    const result = await hub.query(
      create,
      { input: { unitCode: '12442', name: 'Tuyến tuần tra liên phường', schedule: ['NIGHTLY', 'HOLIDAYS'], startedOn: '2021-03-01', location: route } },
      officer,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as any).createPatrolRoute).toMatchObject({ unit: { code: '12442' }, schedule: ['NIGHTLY', 'HOLIDAYS'], location: route });
    const expected = await kmByCommune(route, mapDate);
    expect(expected.size).toBeGreaterThanOrEqual(2);
    const after = await patrolKm(mapDate);
    for (const [code, km] of expected) expect((after.get(code) ?? 0) - (before.get(code) ?? 0)).toBeCloseTo(km, 3);
    // Nothing counted twice or lost: the communes' added km are the route's own length.
    const { rows } = await runSql(knex(), 'select ST_Length(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)::geography) / 1000 as km', [JSON.stringify(route)]);
    const added = [...after].reduce((sum, [code, km]) => sum + km - (before.get(code) ?? 0), 0);
    expect(added).toBeCloseTo(rows[0].km, 3);
    // Listed in every commune it passes through, filed in one.
    const listed = await hub.query(
      `query ($code: String!) { patrolRoutes(filter: { unitCode: $code, asOf: "2019-12-31", search: "liên phường" }) { totalCount }
         adminUnit(code: $code, asOf: "2019-12-31") { patrolRoutes(first: 100) { nodes { name } } } }`,
      { code: neighbour.code },
    );
    expect(listed.errors).toBeUndefined();
    expect((listed.data as any).patrolRoutes.totalCount).toBe(1);
    expect((listed.data as any).adminUnit.patrolRoutes.nodes.map((n: { name: string }) => n.name)).toContain('Tuyến tuần tra liên phường');
  });

  it('lists routes by the spatial filters, and a model lists its own', async () => {
    const model = await hub.query(
      `{ securityModels(first: 1, filter: { kinds: [SECURITY_PATROL] }) { nodes { id patrolRoutes(first: 5) { totalCount nodes { name schedule model { id } } } } } }`,
    );
    expect(model.errors).toBeUndefined();
    const found = (model.data as any).securityModels.nodes[0];
    // Every patrol model of the sample walks at least one route.
    expect(found.patrolRoutes.totalCount).toBeGreaterThan(0);
    for (const route of found.patrolRoutes.nodes) expect(route.model.id).toBe(found.id);
    const near = await hub.query(
      `query ($p: Float!, $q: Float!) { patrolRoutes(first: 50, filter: { near: { longitude: $p, latitude: $q, withinMetres: 10 } }) { totalCount nodes { name distanceMetres } } }`,
      { p: kyBa[0], q: kyBa[1] },
    );
    expect(near.errors).toBeUndefined();
    expect((near.data as any).patrolRoutes.nodes.map((n: any) => n.name)).toContain('Tuyến tuần tra liên phường');
  });

  it('changes a route’s course, and its pieces follow', async () => {
    const { rows } = await runSql(knex(), `select id, version from patrol_route where name = 'Tuyến tuần tra liên phường'`);
    const id = toGlobalId('PatrolRoute', rows[0].id);
    const inside = { type: 'LineString', coordinates: [kyBa, [kyBa[0] + 0.001, kyBa[1] + 0.001]] };
    const result = await hub.query(
      `mutation ($input: UpdatePatrolRouteInput!) { updatePatrolRoute(input: $input) { version location } }`,
      { input: { id, version: rows[0].version, location: inside } },
      officer,
    );
    expect(result.errors).toBeUndefined();
    const pieces = await runSql(knex(), `select atom_id from record_piece where record_table = 'patrol_route' and record_id = ?`, [rows[0].id]);
    expect(pieces.rows.map((p: { atom_id: string }) => p.atom_id)).toEqual(['12442']);
  });

  it.each([
    [{ location: { type: 'Point', coordinates: kyBa } }, 'INVALID_GEOMETRY', /LineString or a MultiLineString, not a Point/],
    [{ location: { type: 'LineString', coordinates: [kyBa, kyBa] } }, 'INVALID_GEOMETRY', /no length/],
    [
      {
        location: {
          type: 'LineString',
          coordinates: [
            [105.85, 21.03],
            [105.86, 21.04],
          ],
        },
      },
      'NOT_IN_TERRITORY',
      /wholly outside/,
    ],
    [{ unitCode: '12778' }, 'OUTSIDE_UNIT', /does not pass through Xã Hồng/],
    [{ schedule: [] }, 'BAD_USER_INPUT', /schedule needs at least one value/],
  ])('refuses %j with a sentence and writes nothing', async (over, code, message) => {
    const before = await count();
    const input = {
      unitCode: '12442',
      name: 'Tuyến thử',
      schedule: ['DAILY'],
      startedOn: '2021-03-01',
      location: { type: 'LineString', coordinates: [kyBa, [106.35, 20.45]] },
      ...over,
    };
    const result = await hub.query(create, { input }, admin);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions?.code === code || result.errors?.[0].extensions?.reason === code).toBe(true);
    expect(await count()).toBe(before);
  });

  it('draws routes as lines in the patrols tile layer, with their length', async () => {
    const reader = baseContext({ primary: knex(), gazetteer: await Gazetteer.load(knex()), tokens: hub.tokens }, publicViewer, null);
    const bytes = await renderTile(reader, tileLayers().patrols, {}, tileAt(kyBa[0], kyBa[1], 13), false);
    const layer = new VectorTile(new PbfReader(bytes)).layers.patrols;
    const features = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i));
    const ours = features.find((f) => f.properties.name === 'Tuyến tuần tra liên phường');
    expect(ours?.type).toBe(2);
    expect(ours?.properties.lengthKm).toBeGreaterThan(0);
    expect(features.every((f) => f.type === 2)).toBe(true);
    // Where PostGIS makes the tile itself (ST_AsMVT), the same features come out.
    if (await canMakeMvt(reader.knex)) {
      const native = new VectorTile(new PbfReader(await renderTile(reader, tileLayers().patrols, {}, tileAt(kyBa[0], kyBa[1], 13), true))).layers.patrols;
      const summary = (l: typeof layer) =>
        Array.from({ length: l?.length ?? 0 }, (_, i) => l.feature(i))
          .map((f) => ({ id: f.id, type: f.type, properties: f.properties }))
          .sort((x, y) => Number(x.id) - Number(y.id));
      expect(summary(layer)).toEqual(summary(native));
    }
  });

  it('the sample walks routes along the patrol models, some across communes', async () => {
    const { rows } = await runSql(
      knex(),
      `select count(*)::int as routes, count(*) filter (where r.model_id is not null)::int as of_models,
              count(*) filter (where (select count(*) from record_piece p where p.record_table = 'patrol_route' and p.record_id = r.id) > 1)::int as crossing
       from patrol_route r where r.sample`,
    );
    expect(rows[0].routes).toBeGreaterThan(100);
    expect(rows[0].of_models).toBeGreaterThan(rows[0].routes / 2);
    expect(rows[0].crossing).toBeGreaterThan(0);
  });
});
