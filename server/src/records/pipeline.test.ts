import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { createCovidTeam, updateCovidTeam, closeCovidTeam } from '../covid-teams/covid-team';
import { awardCommendation } from '../commendations/commendation';
import { recordTypes } from './catalogue';
import { outboxTrigger } from './pipeline';
import { columnOf } from './fields';

const hub = useTestHub();
const officer = viewerAs(Role.OFFICER, ['12442']);
const knex = () => hub.orm.em.getKnex();

/** The audit entries and change-feed rows written since `after` (audit id, change position). */
async function writtenSince(after: { audit: number; change: number }) {
  const audits = await runSql(knex(), 'select action, entity, entity_id, after from audit_entry where id > ? order by id', [after.audit]);
  const changes = await runSql(knex(), 'select entity, entity_id, operation from change where position > ? order by position', [after.change]);
  return { audits: audits.rows, changes: changes.rows };
}
async function mark() {
  const { rows } = await runSql(
    knex(),
    'select (select coalesce(max(id), 0) from audit_entry)::int as audit, (select coalesce(max(position), 0) from change)::int as change',
  );
  return rows[0] as { audit: number; change: number };
}

describe('the declarations', () => {
  it('name columns their tables have, and read a row with every field', async () => {
    const { rows } = await runSql(knex(), 'select table_name, column_name from information_schema.columns where table_schema = current_schema()');
    const columns = new Set(rows.map((r: { table_name: string; column_name: string }) => `${r.table_name}.${r.column_name}`));
    for (const type of recordTypes) {
      const declared = Object.entries(type.fields)
        .filter(([, f]) => !f.select)
        .map(([name, f]) => `${type.kind.table}.${columnOf(name, f)}`);
      expect(
        declared.filter((c) => !columns.has(c)),
        type.typeName,
      ).toEqual([]);
      const select = Object.entries(type.kind.columns)
        .map(([name, sql]) => `${sql} as "${name}"`)
        .join(', ');
      await runSql(knex(), `select ${select} from ${type.kind.table} r limit 1`);
    }
  });
});

describe('the write pipeline', () => {
  it('has the change-feed trigger it names on the table of every record type', async () => {
    const { rows } = await runSql(knex(), 'select tgrelid::regclass::text as "table", tgname from pg_trigger where not tgisinternal');
    const triggers = new Set(rows.map((r: { table: string; tgname: string }) => `${r.table}.${r.tgname}`));
    expect(recordTypes.length).toBeGreaterThan(0);
    for (const type of recordTypes) expect(triggers, type.typeName).toContain(`${type.kind.table}.${outboxTrigger(type.kind.table)}`);
  });

  it('writes, for each create, update and close, one audit entry with the whole row and one change, in the order made', async () => {
    const start = await mark();
    const ctx = () => hub.context(officer);
    const team = await createCovidTeam(ctx(), { unitCode: '12442', name: 'Tổ COVID thôn Đông', members: 8, formedOn: '2021-05-01' });
    const updated = await updateCovidTeam(ctx(), { id: team.id, version: team.version, members: 9 });
    const closed = await closeCovidTeam(ctx(), { id: team.id, version: updated.version, disbandedOn: '2022-03-31' });
    expect([team.version, updated.version, closed.version]).toEqual([1, 2, 3]);
    expect(closed).toMatchObject({ members: 9, disbandedOn: '2022-03-31', sample: false });

    const { audits, changes } = await writtenSince(start);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['createCovidTeam', 'updateCovidTeam', 'closeCovidTeam']);
    expect(audits.map((a: { after: { version: number; sample: boolean } }) => [a.after.version, a.after.sample])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(changes).toEqual([
      { entity: 'covid_team', entity_id: team.dbId, operation: 'insert' },
      { entity: 'covid_team', entity_id: team.dbId, operation: 'update' },
      { entity: 'covid_team', entity_id: team.dbId, operation: 'update' },
    ]);
  });

  it('writes nothing when a check fails inside the transaction', async () => {
    const team = await createCovidTeam(hub.context(officer), { unitCode: '12442', name: 'Tổ COVID thôn Tây', members: 5, formedOn: '2021-06-01' });
    const start = await mark();
    await expect(updateCovidTeam(hub.context(officer), { id: team.id, version: team.version + 1, members: 6 })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect(await writtenSince(start)).toEqual({ audits: [], changes: [] });
  });

  it('gives a record made through a renamed mutation and a worked-out default the same audit entry: the whole row, version and sample', async () => {
    const start = await mark();
    const award = await awardCommendation(hub.context(officer), {
      unitCode: '12442',
      recipientKind: 'COLLECTIVE',
      recipientName: 'Tổ dân phố 3',
      form: 'POLICE_DIRECTOR_CERTIFICATE',
      awardedOn: '2021-11-20',
      reason: 'Phát hiện, tố giác tội phạm',
    });
    const { audits, changes } = await writtenSince(start);
    expect(audits).toEqual([
      {
        action: 'awardCommendation',
        entity: 'commendation',
        entity_id: award.dbId,
        after: expect.objectContaining({ version: 1, sample: false, awarding_body: award.awardingBody }),
      },
    ]);
    expect(award.awardingBody).toBe('Công an tỉnh Thái Bình');
    expect(changes).toEqual([{ entity: 'commendation', entity_id: award.dbId, operation: 'insert' }]);
  });
});
