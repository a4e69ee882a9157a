import { describe, expect, it } from 'vitest';
import { useTestHub } from '../testing';

const hub = useTestHub();

const searchQuery = `query ($search: String, $level: UnitLevel, $asOf: Date, $first: Int, $after: String) {
  adminUnits(search: $search, level: $level, asOf: $asOf, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { code name level validFrom validTo } }
    nodes { code name formerNames successors { code name successors { code name } } }
  }
}`;

async function search(variables: Record<string, unknown>) {
  const result = await hub.query(searchQuery, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.adminUnits;
}

describe('divisions through time', () => {
  it.each([
    ['2019-06-30', 286, 8, 1],
    ['2021-06-30', 260, 8, 1],
    ['2025-01-01', 242, 8, 1],
    ['2025-07-01', 66, 0, 1],
  ])('on %s there are %i communes, %i districts, %i province', async (asOf, communes, districts, provinces) => {
    expect((await search({ asOf, level: 'COMMUNE', first: 1 })).totalCount).toBe(communes);
    expect((await search({ asOf, level: 'DISTRICT', first: 1 })).totalCount).toBe(districts);
    expect((await search({ asOf, level: 'PROVINCE', first: 1 })).totalCount).toBe(provinces);
  });

  it('gives the latest version without a date and the one in force with it', async () => {
    const q = `query ($asOf: Date) { adminUnit(code: "12778", asOf: $asOf) { name validFrom validTo parent { code name } } }`;
    expect((await hub.query(q, { asOf: '2019-05-01' })).data!.adminUnit).toMatchObject({
      name: 'Xã Hồng Châu',
      validTo: '2020-03-01',
      parent: { code: '340', name: 'Huyện Đông Hưng' },
    });
    expect((await hub.query(q, {})).data!.adminUnit).toMatchObject({ name: 'Xã Hồng Bạch', validFrom: '2020-03-01', validTo: '2025-07-01' });
  });

  it('tells what a unit became and what it was made of', async () => {
    const { data } = await hub.query(`{
      adminUnit(code: "12754", asOf: "2025-08-01") { name parent { name } formerNames predecessors { name } }
    }`);
    expect(data!.adminUnit.name).toBe('Xã Tiên Hưng');
    expect(data!.adminUnit.parent.name).toBe('Tỉnh Hưng Yên');
    expect(data!.adminUnit.formerNames).toEqual(expect.arrayContaining(['Xã Hồng Bạch', 'Xã Hồng Châu', 'Xã Bạch Đằng']));
    expect(data!.adminUnit.predecessors.map((p: { name: string }) => p.name)).toContain('Xã Hồng Bạch');
  });
});

describe('Vietnamese search', () => {
  it.each(['hong chau', 'Hồng Châu', 'HONG CHAU', 'hồng châu'.normalize('NFD')])('"%s" finds Hồng Châu first, with what it became', async (text) => {
    const { nodes } = await search({ search: text, first: 5 });
    expect(nodes[0].name).toBe('Xã Hồng Châu');
    expect(nodes[0].successors.map((s: { name: string }) => s.name)).toEqual(['Xã Hồng Bạch']);
    expect(nodes[0].successors[0].successors.map((s: { name: string }) => s.name)).toEqual(['Xã Tiên Hưng']);
  });

  it('"ky ba" finds phường Kỳ Bá', async () => {
    const { nodes } = await search({ search: 'ky ba', first: 3 });
    expect(nodes[0].name).toBe('Phường Kỳ Bá');
  });

  it('"dong hung" finds the district and folds đ', async () => {
    const { nodes } = await search({ search: 'dong hung', first: 10 });
    expect(nodes.map((n: { name: string }) => n.name)).toContain('Huyện Đông Hưng');
  });

  it('finds a merged unit by its former name on a later map', async () => {
    const { nodes } = await search({ search: 'hong chau', asOf: '2021-06-30' });
    expect(nodes.map((n: { name: string; formerNames: string[] }) => [n.name, n.formerNames.includes('Xã Hồng Châu')])).toEqual([['Xã Hồng Bạch', true]]);
    const later = await search({ search: 'hong chau', asOf: '2025-07-01' });
    expect(later.nodes.map((n: { name: string }) => n.name)).toEqual(['Xã Tiên Hưng']);
  });

  it('pages through results with cursors', async () => {
    const first = await search({ level: 'COMMUNE', asOf: '2021-06-30', first: 100 });
    const second = await search({ level: 'COMMUNE', asOf: '2021-06-30', first: 100, after: first.pageInfo.endCursor });
    const third = await search({ level: 'COMMUNE', asOf: '2021-06-30', first: 100, after: second.pageInfo.endCursor });
    const codes = [...first.edges, ...second.edges, ...third.edges].map((e: { node: { code: string } }) => e.node.code);
    expect(new Set(codes).size).toBe(260);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });
});

describe('geometry', () => {
  it('is GeoJSON in lon/lat, lighter when simplified', async () => {
    const q = `query ($simplify: Float) { adminUnit(code: "12442", asOf: "2021-01-01") { areaKm2 geometry(precision: 5, simplify: $simplify) } }`;
    const full = (await hub.query(q, { simplify: 0 })).data!.adminUnit;
    const light = (await hub.query(q, { simplify: 0.002 })).data!.adminUnit;
    expect(full.geometry.type).toBe('MultiPolygon');
    const [lon, lat] = full.geometry.coordinates[0][0][0];
    expect(lon).toBeGreaterThan(106);
    expect(lon).toBeLessThan(106.7);
    expect(lat).toBeGreaterThan(20.2);
    expect(lat).toBeLessThan(20.8);
    expect(String(lon).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5);
    expect(JSON.stringify(light.geometry).length).toBeLessThan(JSON.stringify(full.geometry).length);
    expect(full.areaKm2).toBeGreaterThan(1);
  });
});

describe('bad input', () => {
  it.each([
    [`{ adminUnit(code: "99999") { name } }`, /No administrative unit has the code "99999"/],
    [`{ adminUnit(code: "12778", asOf: "1999-01-01") { name } }`, /geography starts on 2008-01-01/],
    [`{ adminUnit(code: "12781", asOf: "2022-01-01") { name } }`, /was not in force on 2022-01-01/],
    [`{ adminUnits(asOf: "2021-02-30") { totalCount } }`, /not a real calendar date/],
    [`{ adminUnits(asOf: "30/06/2021") { totalCount } }`, /YYYY-MM-DD/],
    [`{ adminUnits(first: 1000) { totalCount } }`, /first must be between 0 and 100/],
    [`{ adminUnits(after: "nonsense") { totalCount } }`, /was not issued by this API/],
  ])('%s is refused with BAD_USER_INPUT', async (source, message) => {
    const result = await hub.query(source);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
