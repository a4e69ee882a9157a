import { beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { runSql, type Knex, type MikroORM } from '@anbinh/db';
import { useRunningHub } from '../testing';
import type { Hub } from '../app/hub';
import { extent, tileAt } from './encode';

// Low-zoom point tiles counted from map cells (the MapCells migration) against
// the same clusters counted here from every record, and the cells kept right
// through every kind of write.

const running = useRunningHub();
let hub: Hub;
let orm: MikroORM;
beforeAll(() => {
  ({ hub, orm } = running);
});

const layers = [
  { id: 'cameras', table: 'camera_site', start: 'installed_on', end: 'removed_on' },
  { id: 'mailboxes', table: 'report_mailbox', start: 'installed_on', end: 'removed_on' },
  { id: 'models', table: 'security_model', start: 'established_on', end: 'dissolved_on' },
] as const;
type Layer = (typeof layers)[number];
const kyBa = [106.3454, 20.446] as const;

/** The clusters of a tile as this test counts them from the records: id (the cell) → count, mean lon/lat. */
async function expectedClusters(knex: Knex, layer: Layer, [z, x, y]: number[], period: { from?: string; to?: string }) {
  const cells = 2 ** (z + 4);
  const lat = 'ST_Y(ST_PointOnSurface(location))';
  const [cx, cy] = [
    `floor((ST_X(ST_PointOnSurface(location)) + 180) / 360 * ${cells})::int`,
    `floor((1 - ln(tan(radians(${lat})) + 1 / cos(radians(${lat}))) / pi()) / 2 * ${cells})::int`,
  ];
  const { rows } = await runSql(
    knex,
    `
    select cx * ${cells} + cy as id, count(*)::int as count, avg(ST_X(ST_PointOnSurface(location))) as lon, avg(${lat}) as lat
    from (select location, ${cx} as cx, ${cy} as cy from ${layer.table}
          where location is not null and (?::date is null or ${layer.end} is null or ${layer.end} >= ?::date) and (?::date is null or ${layer.start} <= ?::date)) r
    where cx between ? and ? and cy between ? and ? group by cx, cy`,
    [period.from ?? null, period.from ?? null, period.to ?? null, period.to ?? null, x * 16, x * 16 + 15, y * 16, y * 16 + 15],
  );
  return new Map(rows.map((r) => [Number(r.id), { count: r.count as number, lon: Number(r.lon), lat: Number(r.lat) }]));
}

async function servedClusters(layer: Layer, [z, x, y]: number[], period: { from?: string; to?: string }) {
  const res = await fetch(`${hub.url}/tiles/${layer.id}/${z}/${x}/${y}.mvt?${new URLSearchParams(period)}`);
  expect([200, 204]).toContain(res.status);
  const decoded = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))).layers[layer.id];
  return new Map(
    Array.from({ length: decoded?.length ?? 0 }, (_, i) => decoded.feature(i)).map((f) => {
      const [[point]] = f.loadGeometry();
      return [Number(f.id), { count: Number(f.properties.count), point }] as const;
    }),
  );
}

/** Where a lon/lat falls in a tile, in its 4096 units. */
function inTile([z, x, y]: number[], lon: number, lat: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { x: (((lon + 180) / 360) * n - x) * extent, y: (((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n - y) * extent };
}

describe('map cells', () => {
  it('count low-zoom tiles of whole years as every record does: the same cells, counts and places', async () => {
    const knex = orm.em.getKnex();
    const periods = [{}, { from: '2021-01-01', to: '2021-12-31' }, { from: '2019-01-01' }, { to: '2020-12-31' }, { from: '2020-01-01', to: '2022-12-31' }];
    let compared = 0;
    for (const layer of layers) {
      for (const z of [4, 6, 7]) {
        const tile = tileAt(kyBa[0], kyBa[1], z);
        for (const period of periods) {
          const [served, expected] = await Promise.all([servedClusters(layer, tile, period), expectedClusters(knex, layer, tile, period)]);
          expect([...served.keys()].sort(), `${layer.id} ${tile} ${JSON.stringify(period)}`).toEqual([...expected.keys()].sort());
          for (const [id, { count, lon, lat }] of expected) {
            const got = served.get(id)!;
            expect(got.count).toBe(count);
            const at = inTile(tile, lon, lat);
            expect(Math.abs(got.point.x - at.x)).toBeLessThanOrEqual(1);
            expect(Math.abs(got.point.y - at.y)).toBeLessThanOrEqual(1);
          }
          compared += expected.size;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('are what whole-year tiles up to zoom 7 read; other dates, and zoom 8, count the records', async () => {
    // A cell's count changed behind the hub's back (and put back after): seen only where map cells are read.
    const knex = orm.em.getKnex();
    const tile7 = tileAt(kyBa[0], kyBa[1], 7);
    const {
      rows: [cell],
    } = await runSql(
      knex,
      `select x, y, year, started, started_lon, started_lat from map_cell where layer = 'camera_site' and started > 0 and year <= 2021
      and x between ? and ? and y between ? and ? order by started desc limit 1`,
      [tile7[1] * 16, tile7[1] * 16 + 15, tile7[2] * 16, tile7[2] * 16 + 15],
    );
    // 1,000 more at the same mean place (a count alone would move the mean far off, out of the tile), then the row as it was.
    const put = (started: number, lon: number, lat: number) =>
      runSql(
        knex,
        `update map_cell set started = ?, started_lon = ?, started_lat = ?
      where layer = 'camera_site' and x = ? and y = ? and year = ?`,
        [started, lon, lat, cell.x, cell.y, cell.year],
      );
    const scale = (cell.started + 1000) / cell.started;
    const camera = layers[0];
    const served = async (tile: number[], period: Record<string, string>) =>
      [...(await servedClusters(camera, tile, period)).values()].reduce((n, c) => n + c.count, 0);
    const expected = async (tile: number[], period: Record<string, string>) =>
      [...(await expectedClusters(knex, camera, tile, period)).values()].reduce((n, c) => n + c.count, 0);
    const [years, midYear, tile8] = [{ from: '2021-01-01', to: '2023-12-31' }, { from: '2021-01-02', to: '2023-12-31' }, tileAt(kyBa[0], kyBa[1], 8)];
    await put(cell.started + 1000, cell.started_lon * scale, cell.started_lat * scale);
    try {
      expect(await served(tile7, years)).toBe((await expected(tile7, years)) + 1000);
      expect(await served(tile7, midYear)).toBe(await expected(tile7, midYear));
      expect(await served(tile8, years)).toBe(await expected(tile8, years));
    } finally {
      await put(cell.started, cell.started_lon, cell.started_lat);
    }
  });

  it('are kept right by inserts, moves, ends, deletions and truncation, in the writing transaction', async () => {
    const knex = orm.em.getKnex();
    // map_cell against the same counts made from scratch, for one layer.
    const drift = async (trx: Knex, layer: Layer) => {
      const lat = 'least(greatest(ST_Y(ST_PointOnSurface(location)), -85.0511), 85.0511)';
      const cell = `floor((ST_X(ST_PointOnSurface(location)) + 180) / 360 * 2048)::int as x, floor((1 - ln(tan(radians(${lat})) + 1 / cos(radians(${lat}))) / pi()) / 2 * 2048)::int as y`;
      const { rows } = await runSql(
        trx,
        `
        with fresh as (
          select x, y, year, sum(s)::int as started, sum(e)::int as ended, sum(s * lon) as started_lon, sum(e * lon) as ended_lon,
                 sum(s * lat) as started_lat, sum(e * lat) as ended_lat from (
            select ${cell}, extract(year from ${layer.start})::int as year, 1 as s, 0 as e, ST_X(ST_PointOnSurface(location)) as lon, ${lat} as lat from ${layer.table} where location is not null
            union all
            select ${cell}, extract(year from ${layer.end})::int, 0, 1, ST_X(ST_PointOnSurface(location)), ${lat} from ${layer.table} where location is not null and ${layer.end} is not null) events
          group by x, y, year),
        kept as (select * from map_cell where layer = ? and (started <> 0 or ended <> 0))
        select count(*)::int as differing from fresh full join kept using (x, y, year)
        where fresh.started is distinct from kept.started or fresh.ended is distinct from kept.ended
           or abs(coalesce(fresh.started_lon, 0) - coalesce(kept.started_lon, 0)) > 1e-6 or abs(coalesce(fresh.ended_lon, 0) - coalesce(kept.ended_lon, 0)) > 1e-6
           or abs(coalesce(fresh.started_lat, 0) - coalesce(kept.started_lat, 0)) > 1e-6 or abs(coalesce(fresh.ended_lat, 0) - coalesce(kept.ended_lat, 0)) > 1e-6`,
        [layer.table],
      );
      return rows[0].differing as number;
    };
    for (const layer of layers) expect(await drift(knex, layer)).toBe(0);

    const rollback = new Error('rollback');
    await knex
      .transaction(async (trx) => {
        const [camera, model] = [layers[0], layers[2]];
        await runSql(
          trx,
          `insert into camera_site (unit_id, atom_id, name, installed_on, location)
        select unit_id, atom_id, 'Thử', '2026-05-01', ST_SetSRID(ST_MakePoint(106.5, 20.5), 4326) from camera_site limit 3`,
        );
        await runSql(
          trx,
          `update camera_site set location = ST_SetSRID(ST_MakePoint(106.1, 20.2), 4326) where id in (select id from camera_site order by id limit 5)`,
        );
        await runSql(
          trx,
          `update camera_site set removed_on = '2026-01-15' where removed_on is null and id in (select id from camera_site order by id desc limit 7)`,
        );
        await runSql(trx, `delete from camera_site where id in (select id from camera_site order by id limit 2 offset 10)`);
        expect(await drift(trx, camera)).toBe(0);
        // A model's area counts at a point inside it, as the tiles draw it.
        await runSql(
          trx,
          `update security_model set location = ST_Buffer(location, 0.01) where id in (select id from security_model where location is not null order by id limit 4)`,
        );
        expect(await drift(trx, model)).toBe(0);
        await runSql(trx, 'truncate camera_site cascade');
        const { rows } = await runSql(trx, `select count(*)::int as n from map_cell where layer = 'camera_site'`);
        expect(rows[0].n).toBe(0);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    for (const layer of layers) expect(await drift(knex, layer)).toBe(0);
  });
});
