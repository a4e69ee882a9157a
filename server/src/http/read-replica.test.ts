import { beforeAll, describe, expect, it } from 'vitest';
import { openOrm, runSql, type MikroORM } from '@anbinh/db';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { useRunningHub } from '../testing';

const { url, preparedStatements } = testDatabaseConfig(2);
const embedded = !preparedStatements; // the embedded database has no replicas

describe.skipIf(embedded)('a read replica (DATABASE_READ_URL)', () => {
  let orm: MikroORM; // the primary, to see what each connection ran
  // The "replica" is the same database through a role that may only read: a write sent there would
  // fail, and pg_stat_activity shows what its connections ran last.
  const readUrl = new URL(url!);
  readUrl.username = 'anbinh_replica_reader';

  beforeAll(async () => {
    const admin = await openOrm(url!, 1, { preparedStatements });
    await runSql(admin.em.getKnex(), `do $$ begin create role anbinh_replica_reader login; exception when duplicate_object then null; end $$`);
    await runSql(admin.em.getKnex(), 'grant usage on schema public to anbinh_replica_reader');
    await runSql(admin.em.getKnex(), 'grant select on all tables in schema public to anbinh_replica_reader');
    await admin.close();
  });
  const running = useRunningHub({ database: { ...testDatabaseConfig(2), readUrl: readUrl.toString() } });
  const { gql, token } = running;
  beforeAll(() => {
    orm = running.orm;
  });
  const replicaRan = async () => (await runSql(orm.em.getKnex(), `select query from pg_stat_activity where usename = 'anbinh_replica_reader' and datname = current_database()`)).rows.map((r: { query: string }) => r.query).join('\n');

  it('reads queries and tiles there, and writes and the change feed on the primary', async () => {
    const read = await gql('{ incidents(first: 3) { totalCount } }');
    expect(read.errors).toBeUndefined();
    expect(await replicaRan()).toMatch(/from "?incident"? r/);

    const tile = await fetch(`${running.hub.url}/tiles/mailboxes/14/13031/7241.mvt?from=1999-09-09`);
    expect([200, 204]).toContain(tile.status);
    expect(await replicaRan()).toMatch(/report_mailbox/);

    // A write through the read-only connections would fail: it goes to the primary.
    const written = await gql(`mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [106.3454, 20.446] }, host: SCHOOL, installedOn: "2024-02-02" }) { id } }`, {}, await token(Role.OFFICER, ['12442']));
    expect(written.errors).toBeUndefined();
    const feed = await gql('{ changes(first: 1) { endCursor } }');
    expect(feed.errors).toBeUndefined();
    expect(await replicaRan()).not.toMatch(/feed_xmin/);
  });
});
