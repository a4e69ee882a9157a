import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm, type MikroORM } from './index';
import { testData, testDatabaseConfig, type Inserted, type TestData } from './testing';

let orm: MikroORM;
let data: TestData;
beforeAll(async () => {
  const { url, poolMax, preparedStatements } = testDatabaseConfig();
  orm = await openOrm(url!, poolMax, { preparedStatements });
  data = testData(orm.em.getKnex());
});
afterAll(() => orm?.close());

const one = async (sql: string, bindings: unknown[]) => (await orm.em.getKnex().raw(sql, bindings as never)).rows[0];

/** Whether a record's row is placed as the sample's are: a commune in force on `firstDay` whose territory holds its atom and point. */
async function placedRightly(table: string, row: Inserted, firstDay: string) {
  return one(
    `select u.code, u.level, u.valid_from <= ?::date and (u.valid_to is null or u.valid_to > ?::date) as in_force,
            exists (select 1 from admin_unit_atom ua where ua.unit_id = u.id and ua.atom_id = r.atom_id) as atom_in_unit,
            ST_Covers(a.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) as point_in_atom,
            (select count(*)::int from change c where c.entity = ? and c.entity_id = r.id) as changes
     from "${table}" r join admin_unit u on u.id = r.unit_id join geo_atom a on a.id = r.atom_id where r.id = ?`,
    [firstDay, firstDay, row.at[0], row.at[1], table, row.id],
  );
}

describe('the test data factories', () => {
  it('place each record in the commune in force on its first day, at a point of its atom, and the change feed records it', async () => {
    const kyBa = [106.3454, 20.446] as [number, number];
    const model = await data.newSecurityModel();
    const made: [string, Inserted, string][] = [
      ['security_model', model, '2024-01-15'],
      ['camera_site', await data.newCameraSite({ modelId: model.id, at: kyBa }), '2024-03-01'],
      ['report_mailbox', await data.newReportMailbox({ installedOn: '2010-06-01' }), '2010-06-01'],
      ['commendation', await data.newCommendation({ commune: '12778' }), '2024-05-04'],
      ['community_education_case', await data.newCommunityEducationCase({ releasedOn: '2024-06-01' }), '2024-01-10'],
    ];
    for (const [table, row, firstDay] of made) {
      expect(await placedRightly(table, row, firstDay), table).toEqual({
        code: table === 'commendation' ? '12778' : '12442',
        level: 'COMMUNE',
        in_force: true,
        atom_in_unit: true,
        point_in_atom: true,
        changes: 1,
      });
    }
    expect(await one('select outcome from community_education_case where id = ?', [made[4][1].id])).toEqual({ outcome: 'PROGRESSED' });
  });

  it('make communes of their own, apart from every other unit, that records can be placed in', async () => {
    const [a, b] = [await data.newCommune(), await data.newCommune({ name: 'Xã Thử Nghiệm' })];
    expect(a.code).not.toBe(b.code);
    expect(await one('select fold_vi(name) = name_folded as folded, area_km2 > 1 as sized from admin_unit where id = ?', [b.unitId])).toEqual({
      folded: true,
      sized: true,
    });
    const overlaps = await one(
      `select count(*)::int as n from geo_atom a join geo_atom o on o.id <> a.id and ST_Intersects(a.geom, o.geom) where a.id in (?, ?)`,
      [a.atomId, b.atomId],
    );
    expect(overlaps.n).toBe(0);
    const site = await data.newCameraSite({ commune: b.code });
    expect(site).toMatchObject({ unitId: b.unitId, atomId: b.atomId });
    await expect(data.newCameraSite({ commune: b.code, at: [106.3454, 20.446] })).rejects.toThrow(/No commune/);
  });

  it('make users who cannot sign in unless given a password hash', async () => {
    const user = await data.newUser({ role: 'ANALYST', units: [] });
    expect(await one('select role, units, password_hash from app_user where id = ?', [user.id])).toEqual({ role: 'ANALYST', units: [], password_hash: '!' });
  });
});
