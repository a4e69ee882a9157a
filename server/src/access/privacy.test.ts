import { describe, expect, it } from 'vitest';
import { Role } from '@anbinh/shared';
import { useTestHub } from '../testing';
import type { Viewer } from './viewer';

const hub = useTestHub();
const analyst: Viewer = { role: Role.ANALYST, subject: 'analyst@test', units: [] };

/** A commune of the 2021 map where 1 or 2 people were placed under community education in 2021, as an analyst sees it. */
async function smallPlace() {
  const result = await hub.query(`{ aggregate(measure: "peopleUnderCommunityEducation", groupBy: [UNIT], year: 2021) { value unit { code } } }`, {}, analyst);
  const rows = (result.data as any).aggregate as { value: number; unit: { code: string } }[];
  const small = rows.find((r) => r.value === 1 || r.value === 2);
  const zero = rows.find((r) => r.value === 0);
  expect(small).toBeDefined();
  return { small: small!, zero, rows };
}

describe('community-education counts for the public', () => {
  it('withholds counts of 1 or 2 from the public, and the rate built on them; signed-in roles see them', async () => {
    const { small } = await smallPlace();
    const query = `query ($code: String!) {
      rehabilitation(unitCode: $code, year: 2021) { placed successRate suppressed }
      report(year: 2021, unitCode: $code) { peopleUnderCommunityEducation }
      adminUnit(code: $code, asOf: "2021-12-31") { rehabilitation(year: 2021) { placed suppressed } }
    }`;
    const pub = (await hub.query(query, { code: small.unit.code })).data as any;
    expect(pub.rehabilitation).toEqual({ placed: null, successRate: null, suppressed: true });
    expect(pub.report.peopleUnderCommunityEducation).toBeNull();
    expect(pub.adminUnit.rehabilitation).toEqual({ placed: null, suppressed: true });
    const seen = (await hub.query(query, { code: small.unit.code }, analyst)).data as any;
    expect(seen.rehabilitation.placed).toBe(small.value);
    expect(seen.rehabilitation.suppressed).toBe(false);
    expect(seen.report.peopleUnderCommunityEducation).toBe(small.value);
  });

  it('leaves a choropleth value empty where it rests on 1 or 2 people, and aggregates likewise', async () => {
    const { small, rows } = await smallPlace();
    const metric = `{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { value unit { code } } }`;
    const pub = ((await hub.query(metric)).data as any).metricValues as { value: number | null; unit: { code: string } }[];
    expect(pub.find((v) => v.unit.code === small.unit.code)!.value).toBeNull();
    expect(pub.filter((v) => v.value !== null).length).toBeGreaterThan(50); // the map still has plenty to show
    const aggregate = ((await hub.query(`{ aggregate(measure: "peopleUnderCommunityEducation", groupBy: [UNIT], year: 2021) { value unit { code } } }`)).data as any).aggregate;
    for (const row of aggregate) {
      const truth = rows.find((r) => r.unit.code === row.unit.code)!.value;
      expect(row.value).toBe(truth === 1 || truth === 2 ? null : truth); // 0 is shown: it points at no one
    }
  });

  it('keeps the province’s and districts’ totals whole', async () => {
    const data = (await hub.query('{ report(year: 2021) { peopleUnderCommunityEducation peopleProgressed } }')).data as any;
    expect(data.report).toEqual({ peopleUnderCommunityEducation: 1689, peopleProgressed: 462 });
  });
});
