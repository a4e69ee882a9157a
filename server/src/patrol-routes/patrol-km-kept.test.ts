import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useRunningHub } from '../testing';

const running = useRunningHub();
const kyBa = [106.345426, 20.445976];
const patrolKm = `{ metricValues(metric: "patrolKm", level: COMMUNE, year: 2021, asOf: "2019-12-31") { unit { code } value } }`;

/** A commune bordering Kỳ Bá on the 2008 map, and a point inside it (six decimals, as the API keeps them). */
async function neighbour(): Promise<{ code: string; point: number[] }> {
  const { rows } = await runSql(
    running.orm.em.getKnex(),
    `select a.id, ST_X(ST_PointOnSurface(a.geom)) as lon, ST_Y(ST_PointOnSurface(a.geom)) as lat
     from geo_atom a, geo_atom k where k.id = '12442' and a.id <> k.id and ST_Intersects(a.geom, k.geom) order by a.id limit 1`,
  );
  return { code: rows[0].id, point: [Number(rows[0].lon.toFixed(6)), Number(rows[0].lat.toFixed(6))] };
}

const kmIn = async (code: string) => {
  const answer = await running.gql(patrolKm);
  expect(answer.errors).toBeUndefined();
  return (answer.data.metricValues as { unit: { code: string }; value: number | null }[]).find((v) => v.unit.code === code)?.value ?? 0;
};

describe('kept answers and routes', () => {
  it('a route filed in one commune changes the kept patrolKm of every commune it crosses, written here or by another server', async () => {
    const { code, point } = await neighbour();
    const before = await kmIn(code);
    expect(await kmIn(code)).toBe(before); // kept, and still right
    const route = { type: 'LineString', coordinates: [kyBa, point] };
    const admin = await running.token(Role.ADMIN);
    const created = await running.gql(
      `mutation ($input: CreatePatrolRouteInput!) { createPatrolRoute(input: $input) { id } }`,
      { input: { unitCode: '12442', name: 'Tuyến tuần tra qua xã bên', schedule: ['NIGHTLY'], startedOn: '2021-02-01', location: route } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const afterOwn = await kmIn(code);
    expect(afterOwn).toBeGreaterThan(before);
    // Another server's write reaches this one through the change feed.
    await runSql(
      running.orm.em.getKnex(),
      `insert into patrol_route (unit_id, atom_id, name, schedule, started_on, location)
       select unit_id, atom_id, 'Tuyến của máy chủ khác', '{DAILY}', '2021-04-01', ST_SetSRID(ST_GeomFromGeoJSON(?), 4326) from patrol_route where name = 'Tuyến tuần tra qua xã bên'`,
      [JSON.stringify(route)],
    );
    let seen = afterOwn;
    for (let i = 0; i < 100 && seen === afterOwn; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await kmIn(code);
    }
    expect(seen - afterOwn).toBeCloseTo(afterOwn - before, 6);
  });
});
