import { describe, expect, it } from 'vitest';
import { useTestHub } from '../testing';

const hub = useTestHub();

async function data(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function refused(source: string) {
  const result = await hub.query(source);
  expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  return result.errors![0].message;
}

const tranTemple = { longitude: 106.139722, latitude: 20.601667 };

describe('collections', () => {
  it('lists every record type as a Relay connection', async () => {
    const d = await data(`{
      securityModels(first: 1) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage } }
      cameraSites(first: 1) { totalCount } reportMailboxes(first: 1) { totalCount } covidTeams(first: 1) { totalCount }
      outreachActivities(first: 1) { totalCount } valuableTips(first: 1) { totalCount } incidents(first: 1) { totalCount }
      seizures(first: 1) { totalCount } commendations(first: 1) { totalCount } householdCommitments(first: 1) { totalCount }
    }`);
    for (const connection of Object.values(d) as { totalCount: number }[]) expect(connection.totalCount).toBeGreaterThan(0);
    expect(d.securityModels.edges[0].cursor).toEqual(expect.any(String));
  });

  it('pages forwards and backwards with the same stable order', async () => {
    const q = `query ($first: Int, $after: String, $last: Int, $before: String) {
      commendations(filter: { unitCode: "340", from: "2021-01-01", to: "2021-12-31" }, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id }
      }
    }`;
    const all = (await data(q, { first: 100 })).commendations;
    const firstPage = (await data(q, { first: 5 })).commendations;
    const secondPage = (await data(q, { first: 5, after: firstPage.pageInfo.endCursor })).commendations;
    const backwards = (await data(q, { last: 5, before: secondPage.pageInfo.startCursor })).commendations;
    const tail = (await data(q, { last: 3 })).commendations;
    expect([...firstPage.nodes, ...secondPage.nodes]).toEqual(all.nodes.slice(0, 10));
    expect(backwards.nodes).toEqual(firstPage.nodes);
    expect(tail.nodes).toEqual(all.nodes.slice(-3));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refetches any record by its global id', async () => {
    const site = (await data('{ cameraSites(first: 1) { nodes { id name } } }')).cameraSites.nodes[0];
    expect((await data(`{ node(id: "${site.id}") { id ... on CameraSite { name } } }`)).node).toEqual(site);
    const unit = (await data('{ adminUnit(code: "12442") { id name } }')).adminUnit;
    expect((await data(`{ node(id: "${unit.id}") { ... on AdminUnit { id name } } }`)).node).toEqual(unit);
    expect(await refused('{ node(id: "not-an-id") { id } }')).toMatch(/not a global id/);
  });
});

describe('filters', () => {
  it('reads a unit with its descendants and along lineage', async () => {
    // Hồng Bạch (2021) = Hồng Châu + Bạch Đằng (2019): models in either count for it.
    const q = (code: string, asOf: string) =>
      `{ securityModels(filter: { unitCode: "${code}", asOf: "${asOf}", from: "2021-01-01", to: "2021-12-31" }) { totalCount } }`;
    const hongBach = (await data(q('12778', '2021-06-30'))).securityModels.totalCount;
    const hongChau = (await data(q('12778', '2019-06-30'))).securityModels.totalCount;
    const bachDang = (await data(q('12781', '2019-06-30'))).securityModels.totalCount;
    expect(hongBach).toBe(hongChau + bachDang);
    const district = (await data(q('340', '2021-06-30'))).securityModels.totalCount;
    expect(district).toBeGreaterThan(hongBach);
  });

  it('filters by kind, exemplary flag and folded search', async () => {
    const d = await data(`{
      heritage: securityModels(filter: { kinds: [HERITAGE_SITE_SELF_MANAGEMENT], exemplary: true }) { nodes { name unit { name } } }
      search: securityModels(filter: { search: "CAMERA GIAM SAT" }, first: 1) { totalCount nodes { name } }
    }`);
    expect(d.heritage.nodes.map((n: { unit: { name: string } }) => n.unit.name).sort()).toEqual(['Xã Tiến Đức', 'Xã Đoan Hùng']);
    expect(d.search.totalCount).toBeGreaterThan(100);
    expect(d.search.nodes[0].name).toMatch(/Camera giám sát/);
  });

  it('refuses a period that ends before it starts', async () => {
    expect(await refused('{ seizures(filter: { from: "2022-01-01", to: "2021-01-01" }) { totalCount } }')).toMatch(/swap them/);
  });
});

describe('spatial predicates', () => {
  it('finds camera sites within 2 km of the Trần temple, nearest first, with geodesic distances', async () => {
    const d = await data(
      `query ($near: Near!) {
      cameraSites(filter: { near: $near }, orderBy: [DISTANCE_ASC], first: 100) { totalCount nodes { distanceMetres location model { name } } }
    }`,
      { near: { ...tranTemple, withinMetres: 2000 } },
    );
    const { nodes, totalCount } = d.cameraSites;
    expect(totalCount).toBeGreaterThan(0);
    expect(nodes.map((n: { distanceMetres: number }) => n.distanceMetres)).toEqual(
      [...nodes.map((n: { distanceMetres: number }) => n.distanceMetres)].sort((a, b) => a - b),
    );
    for (const n of nodes) {
      expect(n.distanceMetres).toBeLessThanOrEqual(2000);
      // Cross-check with a spherical (haversine) distance: within 0.5 % of the spheroid's.
      const [lon, lat] = n.location.coordinates;
      const rad = Math.PI / 180;
      const a =
        Math.sin(((lat - tranTemple.latitude) * rad) / 2) ** 2 +
        Math.cos(lat * rad) * Math.cos(tranTemple.latitude * rad) * Math.sin(((lon - tranTemple.longitude) * rad) / 2) ** 2;
      const haversine = 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
      expect(Math.abs(haversine - n.distanceMetres)).toBeLessThan(Math.max(1, n.distanceMetres * 0.005));
    }
  });

  it('gives the nearest N without a radius', async () => {
    const d = await data(`{ reportMailboxes(filter: { near: { longitude: 106.34, latitude: 20.45 } }, first: 3) { totalCount nodes { distanceMetres } } }`);
    expect(d.reportMailboxes.nodes).toHaveLength(3);
    expect(d.reportMailboxes.nodes[0].distanceMetres).toBeLessThanOrEqual(d.reportMailboxes.nodes[2].distanceMetres);
  });

  it('agrees between bbox, intersects and within for the same box', async () => {
    const [w, s, e, n] = [106.3, 20.4, 106.4, 20.5];
    const box = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    };
    const d = await data(
      `query ($box: GeoJSON!, $bbox: [Float!]!) {
      bbox: reportMailboxes(filter: { bbox: $bbox }) { totalCount }
      intersects: reportMailboxes(filter: { intersects: $box }) { totalCount }
      within: reportMailboxes(filter: { within: $box }) { totalCount }
    }`,
      { box, bbox: [w, s, e, n] },
    );
    expect(d.bbox.totalCount).toBeGreaterThan(0);
    expect(d.intersects.totalCount).toBe(d.bbox.totalCount);
    expect(d.within.totalCount).toBe(d.bbox.totalCount);
  });

  it.each([
    ['{ cameraSites(filter: { intersects: { type: "Polygon", coordinates: [[[0,0],[1,1],[1,0],[0,1],[0,0]]] } }) { totalCount } }', /Self-intersection/],
    ['{ cameraSites(filter: { intersects: { type: "Polygon", coordinates: [[[0,0],[1,1],[1,0]]] } }) { totalCount } }', /at least 4/],
    ['{ cameraSites(filter: { within: { type: "Point", coordinates: [20.6, 106.1] } }) { totalCount } }', /latitude 106.1 is outside/],
    ['{ cameraSites(filter: { intersects: { type: "Circle", coordinates: [0, 0] } }) { totalCount } }', /not a supported GeoJSON geometry type/],
    ['{ cameraSites(filter: { bbox: [106.4, 20.4, 106.3, 20.5] }) { totalCount } }', /west ≤ east/],
    ['{ cameraSites(orderBy: [DISTANCE_ASC]) { totalCount } }', /needs a point/],
  ])('refuses bad spatial input: %s', async (source, message) => {
    expect(await refused(source)).toMatch(message);
  });
});

describe('nested collections', () => {
  it('still count their records when asked for none', async () => {
    const unit = (
      await data(
        '{ adminUnit(code: "12442", asOf: "2021-06-30") { commendations(first: 0) { totalCount nodes { id } } all: commendations(first: 100) { totalCount } } }',
      )
    ).adminUnit;
    expect(unit.all.totalCount).toBeGreaterThan(0);
    expect(unit.commendations).toEqual({ totalCount: unit.all.totalCount, nodes: [] });
  });
});

describe('no N+1', () => {
  it('answers communes × models × commendations in a fixed number of statements', async () => {
    const nested = (first: number) => `{
      adminUnits(level: COMMUNE, asOf: "2021-06-30", first: ${first}) {
        nodes { name securityModels(first: 5) { totalCount nodes { name commendations(first: 3) { nodes { recipientName } } } } commendations(first: 3) { nodes { form } } }
      }
    }`;
    const count = async (source: string) => {
      let statements = 0;
      const knex = hub.orm.em.getKnex();
      const listener = () => {
        statements++;
      };
      knex.on('query', listener);
      try {
        await data(source);
      } finally {
        knex.removeListener('query', listener);
      }
      return statements;
    };
    const few = await count(nested(5));
    const many = await count(nested(100));
    expect(few).toBeGreaterThan(0); // the counter sees statements at all
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
  });
});
