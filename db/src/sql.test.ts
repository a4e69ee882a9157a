import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm, type MikroORM } from './orm';
import { runSql } from './sql';
import { testDatabaseConfig } from './testing';

describe('runSql', () => {
  const config = testDatabaseConfig(1); // one connection, so the session read below is the one that ran the statements
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openOrm(config.url!, 1, { preparedStatements: config.preparedStatements });
  });
  afterAll(() => orm?.close());

  it('binds named and positional parameters, leaving casts alone', async () => {
    const knex = orm.em.getKnex();
    const named = await runSql(knex, 'select :a::int + :b::int as sum, :a::text as a', { a: 2, b: 3 });
    expect(named.rows).toEqual([{ sum: 5, a: '2' }]);
    const positional = await runSql(knex, 'select ?::int * 2 as twice', [21]);
    expect(positional.rows).toEqual([{ twice: 42 }]);
  });

  it('keeps named prepared statements on a real PostgreSQL, and none on the embedded one', async () => {
    const knex = orm.em.getKnex();
    let announced = 0;
    const count = () => {
      announced++;
    };
    knex.on('query', count);
    await runSql(knex, 'select count(*)::int as n from admin_unit where level = ?', ['COMMUNE']);
    knex.removeListener('query', count);
    expect(announced).toBe(1);
    const { rows } = await runSql(
      knex,
      `select statement from pg_prepared_statements where statement like '%from admin_unit where level%' and statement not like '%pg_prepared_statements%'`,
    );
    expect(rows.length).toBe(config.preparedStatements ? 1 : 0);
  });

  it("takes `\\?` as the SQL's own `?`, so jsonb's ?, ?| and ?& operators can be used", async () => {
    const knex = orm.em.getKnex();
    const positional = await runSql(knex, `select ?::jsonb \\? ? as has, ?::jsonb \\?| ?::text[] as "any"`, ['{"a":1}', 'a', '{"a":1}', ['b', 'c']]);
    expect(positional.rows).toEqual([{ has: true, any: false }]);
    const named = await runSql(knex, 'select :doc::jsonb \\?& :keys::text[] as "all", :doc::jsonb \\? :key as has', {
      doc: '{"a":1,"b":2}',
      keys: ['a', 'b'],
      key: 'c',
    });
    expect(named.rows).toEqual([{ all: true, has: false }]);
  });

  it('fails only the statement that failed; the others of its turn are answered, the connection stays usable', async () => {
    const knex = orm.em.getKnex();
    const tag = Math.random().toString(36).slice(2); // texts new to this session, so the pipeline must parse them
    const run = () =>
      Promise.allSettled([
        runSql(knex, `select ?::int as n, '${tag}a' as tag`, [1]),
        runSql(knex, `select 1 / ?::int as n, '${tag}b' as tag`, [0]), // fails when executed
        runSql(knex, `select ?::int as n, '${tag}c' as tag`, [3]), // after the failure, and still answered: each has its own Sync
        runSql(knex, `selec ? as n, '${tag}d'`, [4]), // fails to parse
        runSql(knex, `select ?::int as n, '${tag}e' as tag`, [5]),
        runSql(knex, `select ?::text as n, '${tag}f' as tag`, [
          {
            toPostgres: () => {
              throw new Error('no value for this');
            },
          },
        ]), // fails to bind
      ]);
    for (let round = 0; round < 2; round++) {
      // the second round reuses what the first prepared, and must not trip on it
      const [a, b, c, d, e, f] = await run();
      expect(a).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 1 }] } });
      expect(b).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
      expect(c).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 3 }] } });
      expect(d).toMatchObject({ status: 'rejected', reason: { code: '42601' } });
      expect(e).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 5 }] } });
      expect(f).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/no value for this$/) } }); // knex.raw puts the SQL first
    }
    expect((await runSql(knex, 'select 7 as n')).rows).toEqual([{ n: 7 }]);
  });
});
