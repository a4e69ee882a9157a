import { describe, expect, it } from 'vitest';
import { useTestHub } from '../testing';

const hub = useTestHub();

/** One day on each of the four maps: 2008, after the 2020 mergers, after the 2024 ones, after the 2025 reform. */
const maps = ['2019-06-30', '2021-06-30', '2025-01-01', '2025-07-01'];

interface Unit {
  code: string;
  areaKm2: number;
  validFrom: string;
  parent: { code: string } | null;
  predecessors: { code: string; areaKm2: number; successors: { code: string }[] }[];
}

async function units(level: string, asOf: string): Promise<Unit[]> {
  const all: Unit[] = [];
  let after: string | null = null;
  do {
    const result: { data?: any; errors?: unknown } = await hub.query(
      `query ($level: UnitLevel, $asOf: Date, $after: String) {
      adminUnits(level: $level, asOf: $asOf, first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { code areaKm2 validFrom parent { code } predecessors { code areaKm2 successors { code } } }
      }
    }`,
      { level, asOf, after },
    );
    expect(result.errors).toBeUndefined();
    const page: { nodes: Unit[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = result.data!.adminUnits;
    all.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return all;
}

const total = (list: { areaKm2: number }[]) => list.reduce((sum, u) => sum + u.areaKm2, 0);
/** Within 0.01 % of each other. */
const agree = (a: number, b: number) => expect(Math.abs(a - b) / b, `${a} against ${b}`).toBeLessThan(1e-4);

describe('areas that add up', () => {
  it.each(maps)('the communes of the map of %s add up to the province', async (asOf) => {
    const [province] = await units('PROVINCE', asOf);
    agree(total(await units('COMMUNE', asOf)), province.areaKm2);
  });

  it('the province has the same area on every map', async () => {
    const areas = await Promise.all(maps.map(async (asOf) => (await units('PROVINCE', asOf))[0].areaKm2));
    for (const area of areas) agree(area, areas[0]);
  });

  it.each(maps.slice(0, 3))('each district on the map of %s adds up to its communes', async (asOf) => {
    const communes = await units('COMMUNE', asOf);
    const districts = await units('DISTRICT', asOf);
    expect(districts).toHaveLength(8);
    for (const district of districts) agree(total(communes.filter((c) => c.parent?.code === district.code)), district.areaKm2);
  });

  it.each([
    ['2021-06-30', 21],
    ['2025-01-01', 31],
    ['2025-07-01', 65],
  ] as const)('each unit formed by merging on the map of %s is what it absorbed', async (asOf, mergers) => {
    const communes = await units('COMMUNE', asOf);
    const merged = communes.filter((u) => u.predecessors.length > 1);
    expect(merged).toHaveLength(mergers);
    for (const unit of merged) {
      // Việt Hùng was divided in 2025: the communes that shared a predecessor add up to their predecessors together.
      const sharers = communes.filter((c) => unit.predecessors.some((p) => p.successors.some((s) => s.code === c.code)));
      const predecessors = [...new Map(sharers.flatMap((c) => c.predecessors).map((p) => [p.code, p])).values()];
      agree(total(sharers), total(predecessors));
    }
  });
});

describe('a density on every map', () => {
  const q = `query ($asOf: Date, $level: UnitLevel!) {
    metricValues(metric: "cameraSitesPerKm2", level: $level, year: 2019, asOf: $asOf) { unit { code areaKm2 } value }
  }`;
  const values = async (level: string, asOf: string) => {
    const result = await hub.query(q, { asOf, level });
    expect(result.errors).toBeUndefined();
    return result.data!.metricValues as { unit: { areaKm2: number }; value: number }[];
  };

  it.each(maps)('2019 camera sites per km², summed over the communes of the map of %s, give the province’s', async (asOf) => {
    const communes = await values('COMMUNE', asOf);
    const [province] = await values('PROVINCE', asOf);
    const sites = communes.reduce((sum, c) => sum + c.value * c.unit.areaKm2, 0);
    expect(province.value).toBeGreaterThan(0);
    agree(sites / total(communes.map((c) => c.unit)), province.value);
    agree(province.value, (await values('PROVINCE', maps[0]))[0].value);
  });
});
