import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { privatePostgresAvailable, startPrivateHubDatabase, startPrivateStandby, type PrivatePostgres } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { Tokens } from '../access/tokens';
import { testAuth } from '../testing';
import { startHub, type Hub } from '../app/hub';

const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const connect = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // the standby is stopped under it on purpose
  await client.connect();
  return client;
};

// A primary and a real standby streaming from it (pg_basebackup), each a PostgreSQL of its own on this machine.
describe.skipIf(inject('databaseEmbedded') || !privatePostgresAvailable)('a streaming replica (DATABASE_READ_URL)', () => {
  let primary: PrivatePostgres;
  let standby: PrivatePostgres;
  let hub: Hub;
  let onStandby: pg.Client;
  let officer: string;

  beforeAll(async () => {
    primary = await startPrivateHubDatabase();
    standby = await startPrivateStandby(primary);
    hub = await startHub(
      {
        port: 0,
        host: '127.0.0.1',
        webDir: '/nonexistent',
        auth: testAuth,
        database: { url: primary.url('hub'), readUrl: standby.url('hub'), replicaMaxLag: 2, dataDir: '', poolMax: 4, preparedStatements: true },
      },
      () => undefined,
    );
    await hub.ready;
    onStandby = await connect(standby.url('hub'));
    officer = (await new Tokens(testAuth).sign({ sub: 'test-officer', role: Role.OFFICER, units: ['12442'] })).token;
  }, 600_000);
  afterAll(async () => {
    await onStandby?.end().catch(() => undefined);
    await hub?.stop();
    standby?.destroy();
    primary?.destroy();
  });

  const gql = async (query: string, bearer?: string) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const readiness = async () =>
    (await (await fetch(`${hub.url}/readyz`)).json()) as { status: string; replica?: { status: string; lagSeconds: number | null } };
  /** Whether the standby ran a statement over `table` since `since` (its own pg_stat_activity shows the hub's connections there). */
  const standbyRan = async (table: string, since: Date) =>
    (
      await onStandby.query(`select count(*)::int as n from pg_stat_activity where query ~ $1 and query_start > $2 and pid <> pg_backend_pid()`, [
        `\\m${table}\\M`,
        since,
      ])
    ).rows[0].n > 0;
  const mailboxCount = `{ reportMailboxes(first: 1, filter: { unitCode: "12442" }) { totalCount } }`;
  const createMailbox = `mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [106.3454, 20.446] }, host: SCHOOL, installedOn: "2024-02-02" }) { id } }`;

  it('reads queries and tiles there; a write is read back at once while the standby has not replayed it, and reads return once it has', async () => {
    await until(async () => (await readiness()).status === 'ready', 20_000, 'the replica to stream');
    expect((await readiness()).replica).toMatchObject({ status: 'streaming' });
    const before = new Date();
    const first = await gql(mailboxCount);
    expect(first.body.errors).toBeUndefined();
    expect(await standbyRan('report_mailbox', before)).toBe(true);
    const count = first.body.data.reportMailboxes.totalCount;
    const beforeTile = new Date();
    expect([200, 204]).toContain((await fetch(`${hub.url}/tiles/mailboxes/14/13031/7241.mvt?from=1999-09-09`)).status);
    expect(await standbyRan('report_mailbox', beforeTile)).toBe(true); // tiles read there too

    // The standby holds still: what the hub answers now comes from the primary.
    await onStandby.query('select pg_wal_replay_pause()');
    expect((await gql(createMailbox, officer)).body.errors).toBeUndefined();
    expect((await gql(mailboxCount, officer)).body.data.reportMailboxes.totalCount).toBe(count + 1);
    expect((await gql(mailboxCount)).body.data.reportMailboxes.totalCount).toBe(count + 1); // nor does anyone else read the older state
    const direct = await onStandby.query(`select count(*)::int as n from report_mailbox r join admin_unit u on u.id = r.unit_id where u.code = '12442'`);
    expect(direct.rows[0].n).toBeLessThanOrEqual(count); // the standby has not replayed it

    await onStandby.query('select pg_wal_replay_resume()');
    await until(
      async () => {
        const since = new Date();
        const read = await gql(mailboxCount);
        return read.body.data.reportMailboxes.totalCount === count + 1 && (await standbyRan('report_mailbox', since));
      },
      20_000,
      'reads to go to the standby again',
    );
  });

  it('falls back to the primary and says "degraded" while the standby lags past REPLICA_MAX_LAG, then goes back', async () => {
    await until(async () => (await readiness()).status === 'ready', 20_000, 'the replica to stream');
    await onStandby.query('select pg_wal_replay_pause()');
    expect((await gql(createMailbox, officer)).body.errors).toBeUndefined();
    await until(async () => (await readiness()).status === 'degraded', 20_000, '/readyz to say the replica lags');
    expect((await readiness()).replica).toMatchObject({ status: 'lagging', lagSeconds: expect.any(Number) });
    expect(await (await fetch(`${hub.url}/metrics`)).text()).toMatch(/^anbinh_replica_up 0$/m);
    const since = new Date();
    expect((await gql(mailboxCount)).body.errors).toBeUndefined();
    expect(await standbyRan('report_mailbox', since)).toBe(false);
    await onStandby.query('select pg_wal_replay_resume()');
    await until(async () => (await readiness()).status === 'ready', 20_000, '/readyz to say the replica streams again');
    expect(await (await fetch(`${hub.url}/metrics`)).text()).toMatch(/^anbinh_replica_up 1$/m);
  });

  it('stops and starts the standby under load without an error reaching a reader', async () => {
    await until(async () => (await readiness()).status === 'ready', 20_000, 'the replica to stream');
    await onStandby.end();
    const answers = new Map<string, number>();
    let reading = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) {
        const { status, body } = await gql(`{ incidents(first: 5) { totalCount nodes { id } } cameraSites(first: 1) { totalCount } }`);
        const key = `${status} ${body.errors?.[0]?.extensions.code ?? 'ok'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    standby.stop();
    await until(async () => (await readiness()).status === 'degraded', 20_000, '/readyz to say the replica is away');
    expect((await readiness()).replica?.status).toBe('unreachable');
    await new Promise((r) => setTimeout(r, 500));
    standby.start();
    await until(async () => (await readiness()).status === 'ready', 30_000, 'the replica to stream again');
    await new Promise((r) => setTimeout(r, 500));
    reading = false;
    await Promise.all(readers);
    console.log(`[replica] answers while the standby stopped and started: ${JSON.stringify(Object.fromEntries(answers))}`);
    expect([...answers.keys()]).toEqual(['200 ok']);
    onStandby = await connect(standby.url('hub'));
  });
});
