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
    const count = () => { announced++; };
    knex.on('query', count);
    await runSql(knex, 'select count(*)::int as n from admin_unit where level = ?', ['COMMUNE']);
    knex.removeListener('query', count);
    expect(announced).toBe(1);
    const { rows } = await runSql(knex, `select statement from pg_prepared_statements where statement like '%from admin_unit where level%' and statement not like '%pg_prepared_statements%'`);
    expect(rows.length).toBe(config.preparedStatements ? 1 : 0);
  });

  it('sends the SELECTs of one turn together on a real PostgreSQL: one transaction, each its own rows, in order', async () => {
    const knex = orm.em.getKnex();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => runSql(knex, 'select ?::int as i, now()::text as started', [i])));
    expect(answers.map((a) => a.rows[0].i)).toEqual([1, 2, 3, 4, 5]);
    // now() is the start of the transaction: one pipeline shares one implicit transaction. (The embedded
    // database has no pipeline, and its WebAssembly clock is too coarse to tell its statements apart by now().)
    const starts = new Set(answers.map((a) => a.rows[0].started));
    if (config.preparedStatements) expect(starts.size).toBe(1);
  });

  it('fails only the statement that failed; the others of its turn are answered, the connection stays usable', async () => {
    const knex = orm.em.getKnex();
    const tag = Math.random().toString(36).slice(2); // texts new to this session, so the pipeline must parse them
    const run = () => Promise.allSettled([
      runSql(knex, `select ?::int as n, '${tag}a' as tag`, [1]),
      runSql(knex, `select 1 / ?::int as n, '${tag}b' as tag`, [0]), // fails when executed
      runSql(knex, `select ?::int as n, '${tag}c' as tag`, [3]), // after the failure: never executed in that pipeline
      runSql(knex, `selec ? as n, '${tag}d'`, [4]), // fails to parse
      runSql(knex, `select ?::int as n, '${tag}e' as tag`, [5]),
    ]);
    for (let round = 0; round < 2; round++) { // the second round reuses what the first prepared, and must not trip on it
      const [a, b, c, d, e] = await run();
      expect(a).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 1 }] } });
      expect(b).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
      expect(c).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 3 }] } });
      expect(d).toMatchObject({ status: 'rejected', reason: { code: '42601' } });
      expect(e).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 5 }] } });
    }
    expect((await runSql(knex, 'select 7 as n')).rows).toEqual([{ n: 7 }]);
  });
});
