import { describe, expect, it } from 'vitest';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
const as = viewerAs;
const analyst = viewerAs(Role.ANALYST);
const admin = viewerAs(Role.ADMIN);

/** A commune of the 2021 map where 1 or 2 people were placed under community education in 2021, as an admin sees it. */
async function smallPlace() {
  const result = await hub.query(`{ aggregate(measure: "peopleUnderCommunityEducation", groupBy: [UNIT], year: 2021) { value unit { code } } }`, {}, admin);
  const rows = (result.data as any).aggregate as { value: number; unit: { code: string } }[];
  const small = rows.find((r) => r.value === 1 || r.value === 2);
  const zero = rows.find((r) => r.value === 0);
  expect(small).toBeDefined();
  return { small: small!, zero, rows };
}

describe('community-education counts for the public', () => {
  it('withholds counts of 1 or 2 below officer level, and the rate built on them; an officer of the unit and an admin see them', async () => {
    const { small } = await smallPlace();
    const query = `query ($code: String!) {
      rehabilitation(unitCode: $code, year: 2021) { placed successRate suppressed }
      report(year: 2021, unitCode: $code) { peopleUnderCommunityEducation }
      adminUnit(code: $code, asOf: "2021-12-31") { rehabilitation(year: 2021) { placed suppressed } }
    }`;
    for (const viewer of [undefined, analyst, as(Role.LEADER), as(Role.PARTNER, [small.unit.code]), as(Role.OFFICER, ['12778'])]) {
      const pub = (await hub.query(query, { code: small.unit.code }, viewer)).data as any;
      expect(pub.rehabilitation).toEqual({ placed: null, successRate: null, suppressed: true });
      expect(pub.report.peopleUnderCommunityEducation).toBeNull();
      expect(pub.adminUnit.rehabilitation).toEqual({ placed: null, suppressed: true });
    }
    for (const viewer of [admin, as(Role.OFFICER, [small.unit.code])]) {
      const seen = (await hub.query(query, { code: small.unit.code }, viewer)).data as any;
      expect(seen.rehabilitation.placed).toBe(small.value);
      expect(seen.rehabilitation.suppressed).toBe(false);
      expect(seen.report.peopleUnderCommunityEducation).toBe(small.value);
    }
  });

  it('leaves a choropleth value empty where it rests on 1 or 2 people, and aggregates likewise, for every role below officer', async () => {
    const { small, rows } = await smallPlace();
    const metric = `{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021) { value unit { code } } }`;
    const pub = ((await hub.query(metric, {}, analyst)).data as any).metricValues as { value: number | null; unit: { code: string } }[];
    expect(pub.find((v) => v.unit.code === small.unit.code)!.value).toBeNull();
    expect(pub.filter((v) => v.value !== null).length).toBeGreaterThan(50); // the map still has plenty to show
    const aggregate = (
      (await hub.query(`{ aggregate(measure: "peopleUnderCommunityEducation", groupBy: [UNIT], year: 2021) { value unit { code } } }`)).data as any
    ).aggregate;
    for (const row of aggregate) {
      const truth = rows.find((r) => r.unit.code === row.unit.code)!.value;
      if (truth === 1 || truth === 2) expect(row.value).toBeNull();
      else expect([truth, null]).toContain(row.value); // others are shown, or withheld as a complement (disclosure.test.ts)
    }
    expect(aggregate.filter((r: any) => r.value !== null).length).toBeGreaterThan(50);
  });

  it('keeps the province’s and districts’ totals whole', async () => {
    const data = (await hub.query('{ report(year: 2021) { peopleUnderCommunityEducation peopleProgressed } }')).data as any;
    expect(data.report).toEqual({ peopleUnderCommunityEducation: 1689, peopleProgressed: 462 });
  });
});

describe('individual community-education cases', () => {
  const list = '{ communityEducationCases(first: 100) { totalCount nodes { id reference placedOn outcome unit { code } } } }';

  it('are refused to the public and to every role but officers and admins', async () => {
    expect((await hub.query(list)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const role of [Role.ANALYST, Role.LEADER, Role.PARTNER]) {
      const result = await hub.query(list, {}, as(role, ['12442']));
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.data).toBeNull();
    }
  });

  it('stay refused when asked through an alias, a fragment or an inline fragment on node', async () => {
    const tricks = [
      '{ innocent: communityEducationCases(first: 1) { nodes { reference } } }',
      'query { ...Cases } fragment Cases on Query { communityEducationCases(first: 1) { nodes { reference } } }',
      '{ report(year: 2021) { peopleProgressed } hidden: communityEducationCases { totalCount } }',
    ];
    for (const source of tricks) {
      for (const viewer of [undefined, as(Role.ANALYST), as(Role.LEADER)]) {
        const result = await hub.query(source, {}, viewer);
        expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(result.errors?.[0].extensions?.code);
        expect(JSON.stringify(result.data ?? {})).not.toMatch(/reference|"totalCount":\d/);
      }
    }
  });

  it('show an officer only the cases of its units’ territory, and an admin all of them', async () => {
    const officer = (await hub.query(list, {}, as(Role.OFFICER, ['12442']))).data as any;
    expect(officer.communityEducationCases.totalCount).toBeGreaterThan(0);
    expect(new Set(officer.communityEducationCases.nodes.map((n: any) => n.unit.code))).toEqual(new Set(['12442']));
    const admin = (await hub.query(list, {}, as(Role.ADMIN))).data as any;
    expect(admin.communityEducationCases.totalCount).toBeGreaterThan(officer.communityEducationCases.totalCount);
    expect(admin.communityEducationCases.nodes[0].reference).toMatch(/\S/);
  });

  it('cannot be fetched by global id around the rule', async () => {
    const admin = (await hub.query(list, {}, as(Role.ADMIN))).data as any;
    const id = admin.communityEducationCases.nodes[0].id;
    const byId = `{ node(id: "${id}") { id ... on CommunityEducationCase { reference } } }`;
    const pub = await hub.query(byId);
    expect(pub.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(pub)).not.toContain(admin.communityEducationCases.nodes[0].reference);
    const elsewhere = await hub.query(byId, {}, as(Role.OFFICER, ['99999']));
    expect((elsewhere.data as any)?.node ?? null).toBeNull();
    expect(((await hub.query(byId, {}, as(Role.ADMIN))).data as any).node.reference).toBe(admin.communityEducationCases.nodes[0].reference);
  });
});

describe('closing a community-education case', () => {
  const close = `mutation ($input: CloseCaseInput!) { closeCommunityEducationCase(input: $input) { id outcome releasedOn version } }`;
  const openCase = async () => {
    const data = (
      await hub.query('{ communityEducationCases(first: 100, filter: { unitCode: "12442" }) { nodes { id placedOn outcome version } } }', {}, as(Role.ADMIN))
    ).data as any;
    return data.communityEducationCases.nodes.find((n: any) => n.outcome === null);
  };

  it('lets an officer of the unit record that a person progressed, once, with the version it read', async () => {
    const open = await openCase();
    expect(open).toBeDefined();
    const officer = as(Role.OFFICER, ['12442']);
    const input = { caseId: open.id, version: open.version, outcome: 'PROGRESSED', releasedOn: '2025-06-30' > open.placedOn ? '2025-06-30' : open.placedOn };
    const outsider = await hub.query(close, { input }, as(Role.OFFICER, ['12778']));
    expect(outsider.errors?.[0].message).toMatch(/no community-education case .* among those you may see/);
    expect((await hub.query(close, { input }, as(Role.ANALYST))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const done = await hub.query(close, { input }, officer);
    expect(done.errors).toBeUndefined();
    expect((done.data as any).closeCommunityEducationCase).toMatchObject({ outcome: 'PROGRESSED', version: open.version + 1 });
    const stale = await hub.query(close, { input }, officer);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(stale.errors?.[0].message).toMatch(/changed since you read it/);
  });

  it('refuses a date before the case began or in the future, changing nothing', async () => {
    const open = await openCase();
    const admin = as(Role.ADMIN);
    for (const [releasedOn, message] of [
      ['2009-01-01', /before it began/],
      ['2099-01-01', /in the future/],
    ] as const) {
      const result = await hub.query(close, { input: { caseId: open.id, version: open.version, outcome: 'PROGRESSED', releasedOn } }, admin);
      expect(result.errors?.[0].message).toMatch(message);
    }
    expect(await openCase()).toEqual(open);
  });
});

describe('partner systems', () => {
  it('read individual records only within their declared units, through lists, nested lists and node(id:)', async () => {
    const partner = viewerAs(Role.PARTNER, ['12442']);
    const list = '{ cameraSites(first: 100) { totalCount nodes { id unit(asOf: "2021-06-30") { code } } } }';
    const all = (await hub.query(list, {}, viewerAs(Role.ANALYST))).data as any;
    const own = (await hub.query(list, {}, partner)).data as any;
    expect(own.cameraSites.totalCount).toBeGreaterThan(0);
    expect(own.cameraSites.totalCount).toBeLessThan(all.cameraSites.totalCount);
    expect(new Set(own.cameraSites.nodes.map((n: any) => n.unit.code))).toEqual(new Set(['12442']));
    const outside = all.cameraSites.nodes.find((n: any) => n.unit.code !== '12442').id;
    expect(((await hub.query('query ($id: ID!) { node(id: $id) { id } }', { id: outside }, partner)).data as any).node).toBeNull();
    const nested = '{ adminUnit(code: "12778", asOf: "2021-06-30") { cameraSites(first: 5) { totalCount } } }';
    expect(((await hub.query(nested, {}, viewerAs(Role.ANALYST))).data as any).adminUnit.cameraSites.totalCount).toBeGreaterThan(0);
    expect(((await hub.query(nested, {}, partner)).data as any).adminUnit.cameraSites.totalCount).toBe(0);
  });
});
