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
});
