import { describe, expect, it } from 'vitest';
import { exemplaryPlaces } from '@anbinh/shared';
import { useTestHub } from '../testing';

const hub = useTestHub();

async function data(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

type Unit = { code: string; name: string; exemplary: { year: number; places: string[]; note: string; noteEn: string } | null };

/** Every commune on the map of a date, page by page. */
async function communesOn(asOf: string): Promise<Unit[]> {
  const units: Unit[] = [];
  let after: string | null = null;
  for (;;) {
    const { adminUnits } = await data(
      `query ($asOf: Date!, $after: String) {
      adminUnits(level: COMMUNE, asOf: $asOf, first: 100, after: $after) { nodes { code name exemplary { year places note noteEn } } pageInfo { hasNextPage endCursor } }
    }`,
      { asOf, after },
    );
    units.push(...adminUnits.nodes);
    if (!adminUnits.pageInfo.hasNextPage) return units;
    after = adminUnits.pageInfo.endCursor;
  }
}

describe('exemplary places', () => {
  it('says in their panel that the 2021 report names them, in Vietnamese and English, and of no other commune', async () => {
    const communes = await communesOn('2019-06-30');
    const exemplary = communes.filter((u) => u.exemplary !== null);
    expect(exemplary.map((u) => u.code).sort()).toEqual(exemplaryPlaces.map((p) => p.atom).sort());
    for (const u of exemplary) {
      expect(u.exemplary).toMatchObject({ year: 2021, places: [u.name] });
      expect(u.exemplary!.note).toContain(`Báo cáo năm 2021 nêu ${u.name.charAt(0).toLowerCase()}${u.name.slice(1)}`);
      expect(u.exemplary!.noteEn).toContain(`The 2021 report names ${u.name}`);
    }
  });

  it('follows the places onto later maps, in the communes that hold them now', async () => {
    const communes = await communesOn('2025-12-01');
    const named = communes.flatMap((u) => u.exemplary?.places ?? []);
    expect(named.sort()).toEqual(exemplaryPlaces.map((p) => p.name).sort());
    const { adminUnit } = await data('{ adminUnit(code: "341", asOf: "2021-06-30") { level exemplary { year } } }');
    expect(adminUnit).toEqual({ level: 'DISTRICT', exemplary: null });
  });

  it('has each place commended for that work at the 2021 year-end reviews', async () => {
    for (const place of exemplaryPlaces) {
      const { adminUnit } = await data(
        `query ($code: String!) { adminUnit(code: $code, asOf: "2019-06-30") {
        commendations(from: "2021-11-15", to: "2022-02-28", first: 100) { nodes { reason awardedOn } }
      } }`,
        { code: place.atom },
      );
      const forWinningOver = adminUnit.commendations.nodes.filter((c: { reason: string }) => /cảm hóa, giáo dục|giúp đỡ người lầm lỗi/.test(c.reason));
      expect(forWinningOver.length, place.name).toBeGreaterThanOrEqual(3);
    }
  });
});
