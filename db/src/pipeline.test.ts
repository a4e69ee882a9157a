import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm, type MikroORM } from './orm';
import { withConnection } from './pipeline';
import { runSql } from './sql';
import { testDatabaseConfig } from './testing';

// What runSql relies on beneath knex (pipeline.ts): an upgrade of pg, knex or MikroORM that breaks it fails here.
describe('pg beneath knex', () => {
  const config = testDatabaseConfig(4);
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openOrm(config.url!, 4, { preparedStatements: config.preparedStatements });
  });
  afterAll(() => orm?.close());

  it('lends pg Clients in pipeline mode when the ORM keeps prepared statements (a real PostgreSQL)', async () => {
    const pipelined = await withConnection(orm.em.getKnex(), async (connection) => connection.pipeline);
    expect(pipelined).toBe(config.preparedStatements);
  });

  it('answers queries given to one connection at once (pipelined on a real PostgreSQL), in order, each failing alone', async () => {
    const answers = await withConnection(orm.em.getKnex(), (connection) =>
      Promise.allSettled([
        connection.query({ text: 'select pg_sleep(0.05)::text, 1 as n', values: [] }),
        connection.query({ text: 'select 1 / $1::int as n', values: [0] }),
        connection.query({ text: 'select $1::int as n', values: [3] }),
      ]),
    );
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.rows[0].n : a.reason.code))).toEqual([1, '22012', 3]);
  });

  it("sends one turn's SELECTs together on one connection when pipelined, each answered with its own rows", async () => {
    const knex = orm.em.getKnex();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => runSql(knex, 'select ?::int as i, pg_backend_pid() as pid', [i])));
    expect(answers.map((a) => a.rows[0].i)).toEqual([1, 2, 3, 4, 5]);
    // Unpipelined (the embedded database), knex spreads them over its pool.
    if (config.preparedStatements) expect(new Set(answers.map((a) => a.rows[0].pid)).size).toBe(1);
  });
});
