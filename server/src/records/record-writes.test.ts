import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
const officer = viewerAs(Role.OFFICER, ['12442']); // Phường Kỳ Bá
const elsewhere = viewerAs(Role.OFFICER, ['12778']);
const kyBa = [106.345426, 20.445976];
const knex = () => hub.orm.em.getKnex();
const count = async (table: string) => (await runSql(knex(), `select count(*)::int as n from ${table}`)).rows[0].n;
const changes = async () => (await runSql(knex(), 'select count(*)::int as n from change')).rows[0].n;
const audits = async () => (await runSql(knex(), 'select count(*)::int as n from audit_entry')).rows[0].n;

const createModel = `mutation ($input: CreateSecurityModelInput!) { createSecurityModel(input: $input) { id version name kind organisations exemplary establishedOn dissolvedOn location unit { code } } }`;
const modelInput = (over: Record<string, unknown> = {}) => ({
  input: {
    unitCode: '12442',
    name: 'Tổ tự quản an ninh trật tự tổ dân phố 7',
    kind: 'SELF_MANAGED_RESIDENTIAL_AREA',
    host: 'RESIDENTIAL_GROUP',
    organisations: ['POLICE', 'FATHERLAND_FRONT', 'POLICE'],
    establishedOn: '2024-05-01',
    location: {
      type: 'Polygon',
      coordinates: [
        [
          [106.345, 20.4455],
          [106.346, 20.4455],
          [106.346, 20.4465],
          [106.345, 20.4465],
          [106.345, 20.4455],
        ],
      ],
    },
    ...over,
  },
});

/** Everything a refused write could have touched. */
const state = async () => ({
  models: await count('security_model'),
  mailboxes: await count('report_mailbox'),
  changes: await changes(),
  audits: await audits(),
});

describe('create<Type>', () => {
  it('records a model with an area, its audit entry and its change-feed row', async () => {
    const [models, feed, log] = [await count('security_model'), await changes(), await audits()];
    const result = await hub.query(createModel, modelInput(), officer);
    expect(result.errors).toBeUndefined();
    expect((result.data as any).createSecurityModel).toMatchObject({
      version: 1,
      exemplary: false,
      organisations: ['POLICE', 'FATHERLAND_FRONT'],
      dissolvedOn: null,
      unit: { code: '12442' },
      location: { type: 'Polygon' },
    });
    expect([await count('security_model'), await changes(), await audits()]).toEqual([models + 1, feed + 1, log + 1]);
  });

  it.each([
    [
      {
        location: {
          type: 'Polygon',
          coordinates: [
            [
              [106.345, 20.445],
              [106.346, 20.446],
              [106.346, 20.445],
              [106.345, 20.446],
              [106.345, 20.445],
            ],
          ],
        },
      },
      /not a valid area \(Self-intersection/,
    ],
    [
      {
        location: {
          type: 'Polygon',
          coordinates: [
            [
              [106.345, 20.445],
              [106.346, 20.445],
              [106.346, 20.446],
            ],
          ],
        },
      },
      /location/,
    ],
    [{ location: { type: 'Point', coordinates: [20.445976, 106.345426] } }, /looks like \[latitude, longitude\]/],
    [{ location: { type: 'Point', coordinates: [106.3, Number.NaN] } }, /location/],
    [{ establishedOn: '2099-01-01' }, /in the future/],
    [{ establishedOn: '2007-06-01' }, /geography starts on 2008/],
    [{ organisations: [] }, /organisations needs at least one value/],
    [{ name: '   ' }, /name is empty/],
    [{ unitCode: '12778', location: null }, /outside the units your token acts for/],
  ])('refuses %j with a sentence, writing nothing', async (over, message) => {
    const before = await state();
    const result = await hub.query(createModel, modelInput(over), officer);
    expect(result.errors?.[0].message).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it('checks rules across fields: no more households committed than there are', async () => {
    const before = await count('household_commitment');
    const result = await hub.query(
      `mutation { createHouseholdCommitment(input: { unitCode: "12442", year: 2021, topic: SECURITY_AND_ORDER, households: 100, committed: 101 }) { id } }`,
      {},
      officer,
    );
    expect(result.errors?.[0]).toMatchObject({ message: 'committed (101) cannot exceed households (100).', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await count('household_commitment')).toBe(before);
  });

  it('files a mailbox under the commune holding its point when no unit is named', async () => {
    const result = await hub.query(
      `mutation ($p: GeoJSON!) { createReportMailbox(input: { location: $p, host: MARKET, installedOn: "2024-02-01" }) { unit { code } host removedOn } }`,
      { p: { type: 'Point', coordinates: kyBa } },
      officer,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as any).createReportMailbox).toEqual({ unit: { code: '12442' }, host: 'MARKET', removedOn: null });
  });

  it('records a type without a location, and updates it', async () => {
    const created = await hub.query(
      `mutation { createCovidTeam(input: { unitCode: "12442", name: "Tổ COVID cộng đồng số 5", members: 11, formedOn: "2024-02-01" }) { id version members unit { code } } }`,
      {},
      officer,
    );
    expect(created.errors).toBeUndefined();
    const team = (created.data as any).createCovidTeam;
    expect(team).toMatchObject({ version: 1, members: 11, unit: { code: '12442' } });
    const updated = await hub.query(
      `mutation ($id: ID!) { updateCovidTeam(input: { id: $id, version: 1, members: 12 }) { version members } }`,
      { id: team.id },
      officer,
    );
    expect((updated.data as any).updateCovidTeam).toEqual({ version: 2, members: 12 });
  });

  it('is for officers and admins only', async () => {
    const before = await state();
    expect((await hub.query(createModel, modelInput(), viewerAs(Role.ANALYST))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(createModel, modelInput(), viewerAs(Role.PARTNER, ['12442']))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(createModel, modelInput())).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await hub.query(createModel, modelInput(), elsewhere)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
  });
});

describe('update<Type> and close<Type>', () => {
  async function newMailbox() {
    const result = await hub.query(
      `mutation ($p: GeoJSON!) { createReportMailbox(input: { location: $p, host: SCHOOL, installedOn: "2024-02-01" }) { id version } }`,
      { p: { type: 'Point', coordinates: kyBa } },
      officer,
    );
    return (result.data as any).createReportMailbox as { id: string; version: number };
  }
  const update = `mutation ($input: UpdateReportMailboxInput!) { updateReportMailbox(input: $input) { version host installedOn } }`;
  const close = `mutation ($input: CloseReportMailboxInput!) { closeReportMailbox(input: $input) { version removedOn } }`;

  it('changes only the fields given, raising the version; a stale version is refused with CONFLICT', async () => {
    const { id, version } = await newMailbox();
    const changed = await hub.query(update, { input: { id, version, host: 'MARKET' } }, officer);
    expect((changed.data as any).updateReportMailbox).toEqual({ version: version + 1, host: 'MARKET', installedOn: '2024-02-01' });
    const before = await state();
    const stale = await hub.query(update, { input: { id, version, host: 'SCHOOL' } }, officer);
    expect(stale.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringMatching(/changed since you read it \(version 1; it is now 2\)/),
    });
    expect(await state()).toEqual(before);
  });

  it('keeps a record in its unit and its dates in order', async () => {
    const { id, version } = await newMailbox();
    const before = await state();
    expect(
      (await hub.query(update, { input: { id, version, location: { type: 'Point', coordinates: [106.33, 20.47] } } }, officer)).errors?.[0].message,
    ).toMatch(/outside|a record stays in its unit/);
    expect((await hub.query(update, { input: { id, version, installedOn: '2007-01-01' } }, officer)).errors?.[0].message).toMatch(
      /outside the time Phường Kỳ Bá was in force/,
    );
    expect((await hub.query(update, { input: { id, version, host: null } }, officer)).errors?.[0].message).toMatch(/host cannot be empty/);
    expect((await hub.query(update, { input: { id, version } }, officer)).errors?.[0].message).toMatch(/Nothing to change/);
    expect(await state()).toEqual(before);
  });

  it('hides another unit’s records from an officer, as if they did not exist', async () => {
    const { id, version } = await newMailbox();
    const result = await hub.query(update, { input: { id, version, host: 'MARKET' } }, elsewhere);
    expect(result.errors?.[0].message).toMatch(/There is no ReportMailbox .* among those you may change/);
  });

  it('closes once, on or after the start, not in the future', async () => {
    const { id, version } = await newMailbox();
    expect((await hub.query(close, { input: { id, version, removedOn: '2024-01-31' } }, officer)).errors?.[0].message).toMatch(
      /before it began \(2024-02-01\)/,
    );
    expect((await hub.query(close, { input: { id, version, removedOn: '2099-01-01' } }, officer)).errors?.[0].message).toMatch(/in the future/);
    const closed = await hub.query(close, { input: { id, version, removedOn: '2024-06-30' } }, officer);
    expect((closed.data as any).closeReportMailbox).toEqual({ version: version + 1, removedOn: '2024-06-30' });
    const again = await hub.query(close, { input: { id, version: version + 1, removedOn: '2024-07-01' } }, officer);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: 'It already ended on 2024-06-30.' });
    // The audit log holds both states of the close.
    const { rows } = await runSql(
      knex(),
      `select before->>'removed_on' as was, after->>'removed_on' as now from audit_entry where action = 'closeReportMailbox' order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({ was: null, now: '2024-06-30' });
  });
});

describe('community-education cases', () => {
  const create = `mutation ($input: CreateCommunityEducationCaseInput!) { createCommunityEducationCase(input: $input) { id version reference placedOn outcome } }`;

  it('places a person by pseudonymous reference only, refusing anything that looks like a name', async () => {
    const before = await count('community_education_case');
    const named = await hub.query(create, { input: { unitCode: '12442', reference: 'Nguyễn Văn A', placedOn: '2024-03-01' } }, officer);
    expect(named.errors?.[0].message).toMatch(/is not a case reference: .* never a person’s name/);
    expect(await count('community_education_case')).toBe(before);
    expect(
      (await hub.query(create, { input: { unitCode: '12442', reference: 'GD-2024-009999', placedOn: '2024-03-01' } }, viewerAs(Role.ANALYST))).errors?.[0]
        .extensions?.code,
    ).toBe('FORBIDDEN');
    const placed = await hub.query(create, { input: { unitCode: '12442', reference: 'GD-2024-009999', placedOn: '2024-03-01' } }, officer);
    expect((placed.data as any).createCommunityEducationCase).toMatchObject({ version: 1, reference: 'GD-2024-009999', outcome: null });
  });

  it('keeps the start before the end when a closed case is corrected', async () => {
    const placed = await hub.query(create, { input: { unitCode: '12442', reference: 'GD-2024-009998', placedOn: '2024-03-01' } }, officer);
    const { id } = (placed.data as any).createCommunityEducationCase;
    const closed = await hub.query(
      `mutation ($id: ID!) { closeCommunityEducationCase(input: { caseId: $id, version: 1, outcome: PROGRESSED, releasedOn: "2024-06-01" }) { version } }`,
      { id },
      officer,
    );
    expect(closed.errors).toBeUndefined();
    const late = await hub.query(
      `mutation ($id: ID!) { updateCommunityEducationCase(input: { id: $id, version: 2, placedOn: "2024-07-01" }) { placedOn } }`,
      { id },
      officer,
    );
    expect(late.errors?.[0].message).toBe('placedOn (2024-07-01) would fall after it ended (2024-06-01).');
    expect(
      (
        await hub.query(
          `mutation ($id: ID!) { updateCommunityEducationCase(input: { id: $id, version: 2, placedOn: "2024-02-01" }) { placedOn version } }`,
          { id },
          officer,
        )
      ).data,
    ).toEqual({ updateCommunityEducationCase: { placedOn: '2024-02-01', version: 3 } });
  });
});
