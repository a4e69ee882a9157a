import { describe, expect, it } from 'vitest';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
// Read as an admin: these tests add figures up, and below officer level person figures are withheld in places (see access/disclosure.test.ts).
const admin = viewerAs(Role.ADMIN);

async function data(source: string, variables?: Record<string, unknown>) {
  const result = await hub.query(source, variables, admin);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

type Row = { unit: { code: string; name: string }; value: number | null };
const sum = (rows: { value: number | null }[]) => rows.reduce((n, r) => n + (r.value ?? 0), 0);
/** The province's 2021 success rate, which the exemplary places exceed. */
async function provinceRate(): Promise<number> {
  return (await data('{ metricValues(metric: "rehabilitationSuccessRate", level: PROVINCE, year: 2021) { value } }')).metricValues[0].value;
}

describe('the metric catalogue', () => {
  it('describes every metric, densities and the success rate included', async () => {
    const { metrics } = await data('{ metrics { id label labelEn unit unitEn kind formula definition definitionEn } }');
    expect(metrics.find((m: { id: string }) => m.id === 'rehabilitationSuccessRate')).toMatchObject({
      formula: 'peopleProgressed ÷ peopleInCommunityEducation',
      label: 'Tỷ lệ cảm hóa, giáo dục thành công',
    });
    expect(metrics.filter((m: { id: string }) => m.id.endsWith('PerKm2')).length).toBeGreaterThanOrEqual(3);
  });

  it('says how every metric is computed in one sentence, in Vietnamese and in English, and the schema points there', async () => {
    const { metrics } = await data('{ metrics { id kind formula definition definitionEn } }');
    const schema = await data('{ __type(name: "Query") { fields { name args { name description } } } }');
    const argument = schema.__type.fields
      .find((f: { name: string }) => f.name === 'metricValues')
      .args.find((a: { name: string }) => a.name === 'metric').description;
    for (const m of metrics as { id: string; kind: string; formula: string; definition: string; definitionEn: string }[]) {
      for (const sentence of [m.definition, m.definitionEn]) expect(sentence, m.id).toMatch(/^[A-ZĐÀ-Ỹ][^.]*(\.\d[^.]*)*\.$/u);
      expect(m.definition, m.id).not.toBe(m.definitionEn);
      expect(m.kind, m.id).toBe(m.formula.includes('÷ area') ? 'DENSITY' : m.formula.includes('÷') ? 'RATE' : 'COUNT');
    }
    // Record types add metrics of their own, so the argument names where the catalogue is rather than copying it.
    expect(argument).toContain('`metrics`');
  });
});

describe('metricValues', () => {
  const q = `query ($metric: String!, $level: UnitLevel!, $year: Int, $asOf: Date, $unitCode: String) {
    metricValues(metric: $metric, level: $level, year: $year, asOf: $asOf, unitCode: $unitCode) { unit { code name areaKm2 } value }
  }`;

  it('gives every commune of the year’s map, and the communes add up to the province', async () => {
    const rows: Row[] = (await data(q, { metric: 'peopleProgressed', level: 'COMMUNE', year: 2021 })).metricValues;
    expect(rows).toHaveLength(260);
    expect(sum(rows)).toBe(462);
  });

  it('shows the same year on another period’s map', async () => {
    const rows: Row[] = (await data(q, { metric: 'peopleProgressed', level: 'COMMUNE', year: 2021, asOf: '2019-06-30' })).metricValues;
    expect(rows).toHaveLength(286);
    expect(sum(rows)).toBe(462);
    expect(rows.find((r) => r.unit.name === 'Xã Hồng Châu')!.value).toBeGreaterThan(0);
  });

  it('puts the article’s exemplary places above the province’s success rate in 2021', async () => {
    const rows: Row[] = (await data(q, { metric: 'rehabilitationSuccessRate', level: 'COMMUNE', year: 2021, asOf: '2019-06-30' })).metricValues;
    const exemplary = ['12778', '12859', '12937', '13186', '13168', '12559', '12526', '12442'];
    const province = await provinceRate();
    for (const code of exemplary) expect(rows.find((r) => r.unit.code === code)!.value).toBeGreaterThan(province);
  });

  it('ranks the communes of one district', async () => {
    const rows: Row[] = (await data(q, { metric: 'peopleProgressed', level: 'COMMUNE', year: 2021, unitCode: '341' })).metricValues;
    const district: Row[] = (await data(q, { metric: 'peopleProgressed', level: 'DISTRICT', year: 2021 })).metricValues;
    expect(sum(rows)).toBe(district.find((d) => d.unit.code === '341')!.value);
  });

  it('computes densities per km²', async () => {
    const counts: Row[] = (await data(q, { metric: 'cameraSites', level: 'DISTRICT', year: 2021 })).metricValues;
    const densities: (Row & { unit: { areaKm2: number } })[] = (await data(q, { metric: 'cameraSitesPerKm2', level: 'DISTRICT', year: 2021 })).metricValues;
    for (const d of densities) {
      const count = counts.find((c) => c.unit.code === d.unit.code)!.value!;
      expect(d.value).toBeCloseTo(count / d.unit.areaKm2, 9);
    }
  });

  it('names the metrics it knows when asked for another', async () => {
    const result = await hub.query(q, { metric: 'happiness', level: 'COMMUNE', year: 2021 });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/no metric "happiness".*rehabilitationSuccessRate/);
  });
});

describe('aggregate', () => {
  it('counts commendations per district per year, adding up to the yearly totals', async () => {
    const d = await data(`{
      byDistrict: aggregate(measure: "commendations", groupBy: [UNIT, YEAR], level: DISTRICT, asOf: "2021-06-30") { unit { code } year value }
      byYear: aggregate(measure: "commendations", groupBy: [YEAR]) { year value }
    }`);
    expect(new Set(d.byDistrict.map((r: { unit: { code: string } }) => r.unit.code)).size).toBe(8);
    for (const { year, value } of d.byYear) {
      expect(sum(d.byDistrict.filter((r: { year: number }) => r.year === year))).toBe(value);
    }
  });

  it('groups by kind and by month', async () => {
    const d = await data('{ aggregate(measure: "selfManagementModels", groupBy: [KIND], year: 2021) { kind value } }');
    expect(sum(d.aggregate)).toBe(1447);
    const months = await data('{ aggregate(measure: "valuableTips", groupBy: [MONTH], year: 2021) { month value } }');
    expect(months.aggregate).toHaveLength(12);
  });

  it('refuses a kind grouping a measure has not', async () => {
    const result = await hub.query('{ aggregate(measure: "cameraSites", groupBy: [KIND]) { value } }');
    expect(result.errors?.[0].message).toMatch(/no kind to group by/);
  });
});

describe('per place', () => {
  it('gives a commune’s rehabilitation successes with their trend, and its commendations counted', async () => {
    const { adminUnit } = await data(`{
      adminUnit(code: "12442", asOf: "2021-06-30") {
        rehabilitation(year: 2021) { placed progressed successRate byYear { year placed progressed successRate } }
        commendationSummary(year: 2021) { total counts { form recipientKind count } }
        commendations(from: "2021-01-01", to: "2021-12-31", first: 100) { totalCount }
      }
    }`);
    expect(adminUnit.rehabilitation.successRate).toBeGreaterThan(await provinceRate());
    expect(adminUnit.rehabilitation.byYear.map((y: { year: number }) => y.year)).toContain(2021);
    expect(adminUnit.commendationSummary.total).toBe(adminUnit.commendations.totalCount);
  });

  it('gives the province’s community education as aggregates only', async () => {
    const { rehabilitation } = await data('{ rehabilitation(year: 2021) { placed inEducation progressed successRate } }');
    expect(rehabilitation).toMatchObject({ placed: 1689, progressed: 462, successRate: 462 / rehabilitation.inEducation });
  });
});
