import { describe, expect, it } from 'vitest';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { publicViewer } from '../access/viewer';

const hub = useTestHub();
const admin = viewerAs(Role.ADMIN);

async function data(source: string, variables?: Record<string, unknown>, viewer = admin) {
  const result = await hub.query(source, variables, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const values = `query ($metric: String!, $level: UnitLevel!, $year: Int!, $asOf: Date) {
  metricValues(metric: $metric, level: $level, year: $year, asOf: $asOf) { unit { code } value status }
}`;
type Value = { unit: { code: string }; value: number | null; status: string };

/** The years the sample's cases span, read from the table itself. */
async function caseYears(): Promise<number[]> {
  const { rows } = await hub.orm.em
    .getKnex()
    .raw(
      `select extract(year from min(placed_on))::int as first, extract(year from max(coalesce(released_on, placed_on)))::int as last from community_education_case`,
    );
  const { first, last } = rows[0] as { first: number; last: number };
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

describe('the rehabilitation success rate', () => {
  it('divides the province’s 462 who progressed in 2021 by the 1,689 placed plus those still under education on 1 January', async () => {
    const { rows } = await hub.orm.em
      .getKnex()
      .raw(`select count(*)::int as n from community_education_case where placed_on < '2021-01-01' and (released_on is null or released_on >= '2021-01-01')`);
    const stillUnder = (rows[0] as { n: number }).n;
    expect(stillUnder).toBeGreaterThan(0);
    const d = await data(`{
      rate: metricValues(metric: "rehabilitationSuccessRate", level: PROVINCE, year: 2021) { value status }
      people: metricValues(metric: "peopleInCommunityEducation", level: PROVINCE, year: 2021) { value status }
      rehabilitation(year: 2021) { placed inEducation progressed successRate }
    }`);
    expect(d.people).toEqual([{ value: 1689 + stillUnder, status: 'PUBLISHED' }]);
    expect(d.rate).toEqual([{ value: 462 / (1689 + stillUnder), status: 'PUBLISHED' }]);
    expect(d.rehabilitation).toEqual({ placed: 1689, inEducation: 1689 + stillUnder, progressed: 462, successRate: 462 / (1689 + stillUnder) });
  });

  it('never exceeds 1, for any unit of any level in any year', async () => {
    const published = new Map<string, number>();
    for (const year of await caseYears()) {
      for (const level of ['PROVINCE', 'DISTRICT', 'COMMUNE']) {
        const rows: Value[] = (await data(values, { metric: 'rehabilitationSuccessRate', level, year })).metricValues;
        published.set(level, (published.get(level) ?? 0) + rows.filter((r) => r.status === 'PUBLISHED').length);
        for (const r of rows) {
          if (r.status === 'PUBLISHED') expect(r.value, `${r.unit.code} in ${year}`).toBeGreaterThanOrEqual(0);
          if (r.status === 'PUBLISHED') expect(r.value, `${r.unit.code} in ${year}`).toBeLessThanOrEqual(1);
          else expect(r).toMatchObject({ value: null, status: 'NOT_APPLICABLE' });
        }
      }
    }
    // Districts ended with 2025: every level still has years of values to check.
    expect(published.get('PROVINCE')).toBeGreaterThanOrEqual(6);
    expect(published.get('DISTRICT')).toBeGreaterThanOrEqual(6 * 8);
    expect(published.get('COMMUNE')).toBeGreaterThan(6 * 200);
  });

  it('gives the place panel’s trend the same rate as the map, year by year', async () => {
    const { adminUnits } = await data(`{ adminUnits(level: COMMUNE, asOf: "2021-06-30", first: 100) {
      nodes { code rehabilitation(year: 2021) { byYear { year inEducation progressed successRate } } }
    } }`);
    const byYear = new Map<number, Map<string, number | null>>();
    for (const year of await caseYears()) {
      const rows: Value[] = (await data(values, { metric: 'rehabilitationSuccessRate', level: 'COMMUNE', year, asOf: '2021-06-30' })).metricValues;
      byYear.set(year, new Map(rows.map((r) => [r.unit.code, r.value])));
    }
    let compared = 0;
    for (const unit of adminUnits.nodes as {
      code: string;
      rehabilitation: { byYear: { year: number; inEducation: number; progressed: number; successRate: number }[] };
    }[]) {
      for (const y of unit.rehabilitation.byYear) {
        expect(y.progressed).toBeLessThanOrEqual(y.inEducation);
        expect(y.successRate).toBeCloseTo(byYear.get(y.year)!.get(unit.code)!, 12);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('a value’s status', () => {
  it('says a rate with nothing to divide by is not applicable, and a count of none is published as 0', async () => {
    const rates: Value[] = (await data(values, { metric: 'rehabilitationSuccessRate', level: 'DISTRICT', year: 2010, asOf: '2021-06-30' })).metricValues;
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) expect(r).toMatchObject({ value: null, status: 'NOT_APPLICABLE' });
    const counts: Value[] = (await data(values, { metric: 'cameraSites', level: 'DISTRICT', year: 2008 })).metricValues;
    for (const r of counts) expect(r).toMatchObject({ value: 0, status: 'PUBLISHED' });
  });

  it('withholds from the public every count of 1 or 2 people (with what would give it away), and shows it to an officer', async () => {
    const pub: Value[] = (await data(values, { metric: 'peopleProgressed', level: 'COMMUNE', year: 2021 }, publicViewer)).metricValues;
    const seen: Value[] = (await data(values, { metric: 'peopleProgressed', level: 'COMMUNE', year: 2021 })).metricValues;
    const exact = new Map(seen.map((s) => [s.unit.code, s]));
    const withheld = pub.filter((r) => r.status === 'WITHHELD');
    expect(withheld.length).toBeGreaterThan(0);
    for (const r of withheld) {
      expect(r.value).toBeNull();
      expect(exact.get(r.unit.code)).toMatchObject({ status: 'PUBLISHED', value: expect.any(Number) });
    }
    // Every small count is among the withheld (others may be withheld with it: docs/privacy.md).
    for (const r of pub) if ([1, 2].includes(exact.get(r.unit.code)!.value!)) expect(r.status).toBe('WITHHELD');
    expect(withheld.some((r) => [1, 2].includes(exact.get(r.unit.code)!.value!))).toBe(true);
    expect(seen.every((r) => r.status === 'PUBLISHED')).toBe(true);
  });
});
