import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelHost, ModelKind, Organisation } from '@anbinh/shared';
import { AdminUnit, GeoAtom, SecurityModel } from '@anbinh/db';
import { useTestHub } from '../testing';

const hub = useTestHub();

const reportQuery = `query ($year: Int!, $unitCode: String, $asOf: Date) {
  report(year: $year, unitCode: $unitCode, asOf: $asOf) {
    selfManagementModels crimeReportMailboxes communityCovidTeams outreachSessions outreachAttendances
    postersAndBanners leaflets mediaReports valuableTips incidentsUncovered
    seizures { item quantity unit }
    peopleUnderCommunityEducation peopleProgressed householdCommitmentRate
  }
}`;

async function report(variables: Record<string, unknown>) {
  const result = await hub.query(reportQuery, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.report;
}

describe('report(year: 2021)', () => {
  it('reproduces the provincial police’s 2021 summary', async () => {
    const r = await report({ year: 2021 });
    expect(r).toMatchObject({
      selfManagementModels: 1447,
      crimeReportMailboxes: 729,
      communityCovidTeams: 1929,
      peopleUnderCommunityEducation: 1689,
      peopleProgressed: 462,
      householdCommitmentRate: 1,
    });
    // "gần 200", "hơn 56.600", "gần 500", "hơn 100.000", "hơn 150", "gần 1.000", "trên 400"
    expect(r.outreachSessions).toBeLessThan(200);
    expect(r.outreachSessions).toBeGreaterThanOrEqual(190);
    expect(r.outreachAttendances).toBeGreaterThan(56_600);
    expect(r.outreachAttendances).toBeLessThan(56_700);
    expect(r.postersAndBanners).toBeLessThan(500);
    expect(r.postersAndBanners).toBeGreaterThanOrEqual(480);
    expect(r.leaflets).toBeGreaterThan(100_000);
    expect(r.leaflets).toBeLessThan(101_000);
    expect(r.mediaReports).toBeGreaterThan(150);
    expect(r.mediaReports).toBeLessThan(160);
    expect(r.valuableTips).toBeLessThan(1000);
    expect(r.valuableTips).toBeGreaterThanOrEqual(950);
    expect(r.incidentsUncovered).toBeGreaterThan(400);
    expect(r.incidentsUncovered).toBeLessThan(450);
    expect(r.seizures).toEqual([
      { item: 'GUN', quantity: 73, unit: 'PIECE' },
      { item: 'AMMUNITION', quantity: 1225, unit: 'ROUND' },
      { item: 'EXPLOSIVE_ORDNANCE', quantity: 29, unit: 'PIECE' },
      { item: 'EXPLOSIVES', quantity: 1.57, unit: 'KILOGRAM' },
      { item: 'DETONATOR', quantity: 93, unit: 'PIECE' },
      { item: 'SUPPORT_TOOL', quantity: 21, unit: 'PIECE' },
      { item: 'PRIMITIVE_WEAPON', quantity: 338, unit: 'PIECE' },
      { item: 'FIRECRACKERS', quantity: 69.15, unit: 'KILOGRAM' },
      { item: 'FIRECRACKER_POWDER', quantity: 0.95, unit: 'KILOGRAM' },
    ]);
  });

  it('is the same whichever version of the province is asked for', async () => {
    expect(await report({ year: 2021, unitCode: '34' })).toEqual(await report({ year: 2021 }));
    expect(await report({ year: 2021, unitCode: '33' })).toEqual(await report({ year: 2021 }));
  });

  it('adds up over the districts', async () => {
    const province = await report({ year: 2021 });
    const districts = await Promise.all(['336', '338', '339', '340', '341', '342', '343', '344'].map((unitCode) => report({ year: 2021, unitCode })));
    expect(districts.reduce((sum, d) => sum + d.peopleProgressed, 0)).toBe(province.peopleProgressed);
    expect(districts.reduce((sum, d) => sum + d.selfManagementModels, 0)).toBe(province.selfManagementModels);
  });
});

describe('lineage roll-up', () => {
  let modelId: number;

  beforeAll(async () => {
    // A model set up in 2019 in Bạch Đằng, which merged into Hồng Bạch in 2020, which became part of Tiên Hưng in 2025.
    const em = hub.orm.em.fork();
    const bachDang = await em.findOneOrFail(AdminUnit, { code: '12781', validFrom: '2008-01-01' });
    const model = em.create(SecurityModel, {
      unit: bachDang,
      atom: em.getReference(GeoAtom, '12781'),
      name: 'Tổ tự quản thử nghiệm (test)',
      kind: ModelKind.SECURITY_PATROL,
      host: ModelHost.VILLAGE,
      organisations: [Organisation.POLICE],
      establishedOn: '2019-04-01',
      sample: false,
      exemplary: false,
    });
    const before = {
      bachDang2019: (await report({ year: 2019, unitCode: '12781' })).selfManagementModels,
      hongBach2021: (await report({ year: 2021, unitCode: '12778' })).selfManagementModels,
      tienHung2025: (await report({ year: 2025, unitCode: '12754', asOf: '2025-07-01' })).selfManagementModels,
      neighbour2021: (await report({ year: 2021, unitCode: '12721' })).selfManagementModels,
    };
    await em.persistAndFlush(model);
    modelId = model.id;
    Object.assign(counts, before);
  });

  const counts: Record<string, number> = {};

  afterAll(async () => {
    if (modelId) await hub.orm.em.fork().nativeDelete(SecurityModel, { id: modelId });
  });

  it('counts a 2019 fact in Bạch Đằng for Bạch Đằng in 2019', async () => {
    expect((await report({ year: 2019, unitCode: '12781' })).selfManagementModels).toBe(counts.bachDang2019 + 1);
  });

  it('counts it for Hồng Bạch in 2021', async () => {
    expect((await report({ year: 2021, unitCode: '12778' })).selfManagementModels).toBe(counts.hongBach2021 + 1);
  });

  it('counts it for Tiên Hưng after 2025-07-01', async () => {
    expect((await report({ year: 2025, unitCode: '12754', asOf: '2025-07-01' })).selfManagementModels).toBe(counts.tienHung2025 + 1);
  });

  it('does not count it for a neighbour', async () => {
    expect((await report({ year: 2021, unitCode: '12721' })).selfManagementModels).toBe(counts.neighbour2021);
  });
});

describe('bad input', () => {
  it.each([
    [{ year: 2030 }, /no data for 2030: the hub holds data for 2019–2025/],
    [{ year: 2021, unitCode: 'nowhere' }, /No administrative unit has the code "nowhere"/],
    [{ year: 2021, unitCode: '12778', asOf: '2001-01-01' }, /geography starts on 2008-01-01/],
  ])('%j is refused with BAD_USER_INPUT', async (variables, message) => {
    const result = await hub.query(reportQuery, variables);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
