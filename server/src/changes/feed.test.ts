import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { runSql, type MikroORM } from '@anbinh/db';
import { testData, testDatabaseConfig } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { testAuth, testSecret, useRunningHub } from '../testing';
import { pruneChanges } from './retention';
import { Tokens } from '../access/tokens';
import { startHub, type Hub } from '../app/hub';

const running = useRunningHub();
const { token, gql } = running;
let hub: Hub;
let orm: MikroORM; // for transactions the test holds open itself
const tokens = new Tokens(testAuth); // for tokens with a lifetime or change types of their own
const embedded = !testDatabaseConfig().preparedStatements; // one shared session: no concurrent transactions there
beforeAll(() => {
  ({ hub, orm } = running);
});

const award = (officer: string, name: string) =>
  gql(
    `mutation ($name: String!) { awardCommendation(input: { unitCode: "12442", recipientKind: INDIVIDUAL, recipientName: $name, form: LETTER_OF_COMMENDATION, awardedOn: "2024-05-04", reason: "Tố giác tội phạm" }) { id } }`,
    { name },
    officer,
  ).then((r) => r.data.awardCommendation.id as string);

const page = (after: string | null, bearer?: string, extra = '') =>
  gql(
    `query ($after: String) { changes(after: $after, first: 50${extra}) { endCursor hasMore events { cursor type operation unitCode entityId record { id ... on Commendation { recipientName } } } } }`,
    { after },
    bearer,
  ).then((r) => {
    if (r.errors) throw new Error(r.errors[0].message);
    return r.data.changes;
  });

function subscriber(bearer: string | undefined, after: string | null) {
  const client: Client = createClient({
    url: hub.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  const received: { cursor: string; entityId: string; type: string }[] = [];
  const errors: unknown[] = [];
  client.subscribe(
    { query: 'subscription ($after: String) { changes(after: $after, types: [COMMENDATION]) { cursor type entityId } }', variables: { after } },
    {
      next: (value) => received.push((value.data as any).changes),
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { client, received, errors };
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the change feed', () => {
  it('pages through what happened after a cursor, with the record as the reader may see it', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const start = (await page(null, officer)).endCursor;
    const id = await award(officer, 'Bà Lê Thị C');
    const { events, endCursor } = await page(start, officer);
    expect(events).toEqual([
      expect.objectContaining({ type: 'COMMENDATION', operation: 'INSERT', unitCode: '12442', entityId: id, record: { id, recipientName: 'Bà Lê Thị C' } }),
    ]);
    expect((await page(endCursor, officer)).events).toEqual([]);
  });

  it('shows individual community-education cases only to officers and admins', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const start = (await page(null, officer)).endCursor;
    const placed = await gql(
      `mutation { createCommunityEducationCase(input: { unitCode: "12442", reference: "GD-2024-007777", placedOn: "2024-04-01" }) { id } }`,
      {},
      officer,
    );
    expect(placed.errors).toBeUndefined();
    expect((await page(start, officer)).events.map((e: any) => e.type)).toEqual(['COMMUNITY_EDUCATION_CASE']);
    expect((await page(start)).events).toEqual([]); // the public
    expect((await page(start, await token(Role.ANALYST))).events).toEqual([]);
  });

  it('refuses a cursor it did not issue, with a sentence', async () => {
    const result = await gql('{ changes(after: "not-a-cursor") { endCursor } }');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/not a change-feed cursor/) });
  });

  it('streams over graphql-ws; a subscriber that reconnects with its last cursor gets exactly what it missed', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const start = (await page(null, officer)).endCursor;
    const first = subscriber(officer, start);
    const a = await award(officer, 'Ông Phạm Văn D');
    await until(() => first.received.length === 1);
    expect(first.received[0]).toMatchObject({ type: 'COMMENDATION', entityId: a });
    await first.client.dispose();
    const missed = [await award(officer, 'Ông Phạm Văn E'), await award(officer, 'Ông Phạm Văn G')];
    const again = subscriber(officer, first.received[0].cursor);
    await until(() => again.received.length === 2);
    await new Promise((r) => setTimeout(r, 600)); // and nothing more arrives
    expect(again.received.map((e) => e.entityId)).toEqual(missed);
    // Cursors strictly increase in delivery order, across the reconnection.
    const order = [...first.received, ...again.received].map((e) => Buffer.from(e.cursor, 'base64url').toString().split(':').map(BigInt));
    for (let i = 1; i < order.length; i++) {
      const [[tx0, p0], [tx1, p1]] = [order[i - 1], order[i]];
      expect(tx1 > tx0 || (tx1 === tx0 && p1 > p0)).toBe(true);
    }
    await again.client.dispose();
  });

  it('ends a subscription with UNAUTHENTICATED when its token expires', async () => {
    // Long enough for the subscription to start on a busy machine (then it must end by the token's own timer).
    const { token: shortLived } = await tokens.sign({ sub: 'feed-short', role: Role.PARTNER, units: ['12442'] }, 6);
    const client = createClient({
      url: hub.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${shortLived}` },
    });
    const results: any[] = [];
    let ended = false;
    // The end may come as a result carrying the error then `complete`, or as an `error` message: either is an end with UNAUTHENTICATED.
    client.subscribe(
      { query: 'subscription { changes { cursor } }' },
      {
        next: (v) => results.push(v),
        error: (e) => {
          results.push({ errors: Array.isArray(e) ? e : [e] });
          ended = true;
        },
        complete: () => {
          ended = true;
        },
      },
    );
    await until(() => ended, 30_000);
    expect(results.at(-1).errors[0]).toMatchObject({ message: expect.stringMatching(/token has expired/), extensions: { code: 'UNAUTHENTICATED' } });
    await client.dispose();
  }, 45_000);

  it('answers a cursor older than the retention window with RESYNC_REQUIRED, never a silent gap', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const old = (await page(null, officer)).endCursor;
    await award(officer, 'Ông Hoàng Văn N');
    const {
      events: [event],
    } = await page(old, officer);
    const knex = orm.em.getKnex();
    // Age everything up to that change past the window, then prune as the hourly job does.
    const [tx, position] = Buffer.from(event.cursor, 'base64url').toString().split(':');
    await runSql(knex, `update change set occurred_at = now() - interval '400 days' where (tx_id, position) <= (?::xid8, ?::bigint)`, [tx, position]);
    expect(await pruneChanges(knex, 365)).toBeGreaterThan(0);
    const stale = await gql('query ($after: String) { changes(after: $after) { endCursor } }', { after: old }, officer);
    expect(stale.errors?.[0]).toMatchObject({
      extensions: { code: 'RESYNC_REQUIRED' },
      message: expect.stringMatching(/no longer keeps the changes after that cursor/),
    });
    expect((await page(event.cursor, officer)).events).toEqual([]); // the last change pruned is still a good place to continue from
  });

  it('validates a subscription as GraphQL over HTTP does, refusing it with a coded error', async () => {
    const client = createClient({ url: hub.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    const errors = await new Promise<any[]>((resolve) => {
      client.subscribe(
        { query: 'subscription { a: changes { cursor } b: changes { cursor } }' },
        { next: () => undefined, error: (e) => resolve(e as any[]), complete: () => resolve([]) },
      );
    });
    expect(errors[0]).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      message: expect.stringMatching(/must select only one top level field/),
    });
    await client.dispose();
  });

  it('closes a connection whose token is bad with 4401 and the reason', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(hub.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer not.a.token' } })));
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/^Unauthenticated: /);
  });

  it.skipIf(embedded)('delivers a change whose transaction commits late after the cursor, never skipping it', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const start = (await page(null, officer)).endCursor;
    const knex = orm.em.getKnex();
    const insert = (trx: typeof knex, recipientName: string) => testData(trx).newCommendation({ recipientName });
    const slow = await knex.transaction();
    await insert(slow, 'Giao dịch chậm'); // its transaction id is the older one, and it stays open
    await knex.transaction((fast) => insert(fast, 'Giao dịch nhanh')); // younger, committed first
    expect((await page(start, officer)).events).toEqual([]); // not yet: something older is still running
    await slow.commit();
    const names = (await page(start, officer)).events.map((e: any) => e.record.recipientName);
    expect(names).toEqual(['Giao dịch chậm', 'Giao dịch nhanh']);
  });

  it('narrows to new commendations in a unit with commendationAwarded', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const client = createClient({
      url: hub.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${officer}` },
    });
    const received: any[] = [];
    const start = (await page(null, officer)).endCursor;
    client.subscribe(
      {
        query: 'subscription ($after: String) { commendationAwarded(unitCode: "336", after: $after) { type operation entityId } }',
        variables: { after: start },
      },
      { next: (v) => received.push((v.data as any).commendationAwarded), error: () => undefined, complete: () => undefined },
    );
    const id = await award(officer, 'Ông Vũ Văn H'); // Kỳ Bá lies in district 336 (Thành phố Thái Bình)
    await until(() => received.length === 1);
    expect(received).toEqual([{ type: 'COMMENDATION', operation: 'INSERT', entityId: id }]);
    await client.dispose();
  });

  it('gives each subscriber, live or catching up, exactly what its scope reads in pages, and each record as it is at that change', async () => {
    // A second server keeps a single change in memory, so its subscribers read most of this from the database.
    const narrow = await startHub(
      { port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(2), auth: testAuth, changeWindow: 1 },
      () => undefined,
    );
    await narrow.ready;
    const admin = await token(Role.ADMIN);
    const officer = await token(Role.OFFICER, ['12442']);
    const partner = (await tokens.sign({ sub: 'feed-partner', role: Role.PARTNER, units: ['336'], changeTypes: ['COMMENDATION'] })).token;
    const scopes = [
      { bearer: partner, field: 'changes', args: '' },
      { bearer: officer, field: 'changes', args: '' },
      { bearer: undefined, field: 'changes', args: 'unitCode: "336"' },
      { bearer: admin, field: 'commendationAwarded', args: 'unitCode: "12442"' },
    ];
    const follow = (server: Hub, scope: (typeof scopes)[number], after: string | null) => {
      const client = createClient({
        url: server.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: scope.bearer ? { authorization: `Bearer ${scope.bearer}` } : {},
      });
      const received: { cursor: string; entityId: string; record: { recipientName?: string } | null }[] = [];
      client.subscribe(
        {
          query: `subscription ($after: String) { ${scope.field}(after: $after${scope.args ? `, ${scope.args}` : ''}) { cursor entityId record { ... on Commendation { recipientName } } } }`,
          variables: { after },
        },
        { next: (v) => received.push((v.data as any)[scope.field]), error: () => undefined, complete: () => undefined },
      );
      return { client, received };
    };
    const start = (await page(null, admin)).endCursor;
    const live = [hub, narrow].flatMap((server) => scopes.map((scope) => follow(server, scope, null)));
    await new Promise((r) => setTimeout(r, 500)); // subscribed before anything is written
    const inKyBa = await award(officer, 'Bà Trịnh Thị K');
    const officerLive = [live[1], live[scopes.length + 1]];
    await until(() => officerLive.every(({ received }) => received.length === 1)); // read before the rename below
    const awardIn = (unitCode: string) =>
      gql(
        `mutation { awardCommendation(input: { unitCode: "${unitCode}", recipientKind: COLLECTIVE, recipientName: "Tổ tự quản", form: DISTRICT_CERTIFICATE, awardedOn: "2024-06-01", reason: "Phong trào" }) { id } }`,
        {},
        admin,
      );
    expect((await awardIn('12496')).errors).toBeUndefined(); // Quỳnh Giao, outside district 336
    expect(
      (
        await gql(
          `mutation { createCommunityEducationCase(input: { unitCode: "12442", reference: "GD-2024-008888", placedOn: "2024-04-02" }) { id } }`,
          {},
          officer,
        )
      ).errors,
    ).toBeUndefined();
    const { version } = (await gql(`query ($id: ID!) { node(id: $id) { ... on Commendation { version } } }`, { id: inKyBa }, officer)).data.node;
    const renamed = await gql(
      `mutation ($id: ID!, $version: Int!) { updateCommendation(input: { id: $id, version: $version, recipientName: "Bà Trịnh Thị L" }) { id } }`,
      { id: inKyBa, version },
      officer,
    );
    expect(renamed.errors).toBeUndefined();
    const expected = await Promise.all(
      scopes.map(async (scope) => {
        const extra = scope.field === 'commendationAwarded' ? ', types: [COMMENDATION], unitCode: "12442"' : scope.args ? `, ${scope.args}` : '';
        const events = (await page(start, scope.bearer, extra)).events as { entityId: string; operation: string; cursor: string }[];
        return events.filter((e) => scope.field === 'changes' || e.operation === 'INSERT').map((e) => `${e.cursor} ${e.entityId}`);
      }),
    );
    // The partner and the public (district 336): the award and the rename, not the case nor Quỳnh Giao; the officer: all four.
    expect(expected.map((e) => e.length)).toEqual([2, 4, 2, 1]);
    const catchingUp = [hub, narrow].flatMap((server) => scopes.map((scope) => follow(server, scope, start)));
    for (const [i, { received }] of [...live, ...catchingUp].entries()) {
      const want = expected[i % scopes.length];
      await until(() => received.length >= want.length);
      if (i === 0) await new Promise((r) => setTimeout(r, 600)); // and nothing more arrives
      expect(received.map((e) => `${e.cursor} ${e.entityId}`)).toEqual(want);
    }
    // The officer's live streams read the commendation anew at each change: the award, then the rename.
    for (const { received } of officerLive)
      expect(received.filter((e) => e.entityId === inKyBa).map((e) => e.record?.recipientName)).toEqual(['Bà Trịnh Thị K', 'Bà Trịnh Thị L']);
    await Promise.all([...live, ...catchingUp].map(async ({ client }) => client.dispose()));
    await narrow.stop();
  });

  it('runs the partner example client: it prints each change and keeps the cursor, so a restart resumes after it', async () => {
    const officer = await token(Role.OFFICER, ['12442']);
    const dir = mkdtempSync(join(tmpdir(), 'anbinh-follow-'));
    const cursorFile = join(dir, 'cursor');
    writeFileSync(cursorFile, (await page(null, officer)).endCursor);
    const ids = [await award(officer, 'Bà Đỗ Thị K'), await award(officer, 'Bà Đỗ Thị L')];
    const follow = (count: number) =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx/esm',
            'src/changes/follow.ts',
            '--url',
            hub.url.replace(/^http/, 'ws') + '/graphql',
            '--token',
            officer,
            '--types',
            'COMMENDATION',
            '--cursor-file',
            cursorFile,
            '--count',
            String(count),
          ],
          {
            cwd: fileURLToPath(new URL('../../', import.meta.url)),
            env: { ...process.env, TSX_TSCONFIG_PATH: '../tsconfig.base.json' },
          },
        );
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
        });
        child.on('exit', (code) =>
          code === 0
            ? resolve(
                out
                  .trim()
                  .split('\n')
                  .map((l) => JSON.parse(l).entityId),
              )
            : reject(new Error(`exit ${code}`)),
        );
      });
    expect(await follow(1)).toEqual([ids[0]]);
    expect(await follow(1)).toEqual([ids[1]]); // resumed after the first, from the saved cursor
    expect(readFileSync(cursorFile, 'utf8')).not.toBe('');
  }, 60_000);

  it.skipIf(embedded)(
    'reaches a subscriber of another server process on the same database',
    async () => {
      const other = await serverProcess(await freePort());
      try {
        const officer = await token(Role.OFFICER, ['12442']);
        const start = (await page(null, officer)).endCursor;
        const client = createClient({
          url: `ws://127.0.0.1:${other.port}/graphql`,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${officer}` },
        });
        const received: string[] = [];
        client.subscribe(
          { query: 'subscription ($after: String) { changes(after: $after, types: [COMMENDATION]) { entityId } }', variables: { after: start } },
          { next: (v) => received.push((v.data as any).changes.entityId), error: () => undefined, complete: () => undefined },
        );
        const id = await award(officer, 'Ông Trịnh Văn M'); // written through this process's server
        await until(() => received.length === 1);
        expect(received).toEqual([id]);
        await client.dispose();
      } finally {
        await other.stop();
      }
    },
    90_000,
  );

  it.skipIf(embedded)(
    'loses nothing across a server restart: the partner client reconnects with its cursor',
    async () => {
      const port = await freePort();
      let server = await serverProcess(port);
      const officer = await token(Role.OFFICER, ['12442']);
      const cursorFile = join(mkdtempSync(join(tmpdir(), 'anbinh-restart-')), 'cursor');
      writeFileSync(cursorFile, (await page(null, officer)).endCursor);
      const printed: string[] = [];
      const client = spawn(
        process.execPath,
        [
          '--import',
          'tsx/esm',
          'src/changes/follow.ts',
          '--url',
          `ws://127.0.0.1:${port}/graphql`,
          '--token',
          officer,
          '--types',
          'COMMENDATION',
          '--cursor-file',
          cursorFile,
          '--count',
          '2',
        ],
        {
          cwd: serverDir,
          env: { ...process.env, TSX_TSCONFIG_PATH: '../tsconfig.base.json' },
        },
      );
      client.stdout.on('data', (chunk: Buffer) =>
        printed.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).entityId),
        ),
      );
      const exited = new Promise<number | null>((resolve) => client.on('exit', resolve));
      try {
        const before = await award(officer, 'Trước khi khởi động lại');
        await until(() => printed.length === 1, 30_000);
        await server.stop(); // SIGTERM; the client sees the connection drop and retries
        const during = await award(officer, 'Trong lúc máy chủ tắt'); // through the other server, while this one is down
        server = await serverProcess(port);
        expect(await exited).toBe(0);
        expect(printed).toEqual([before, during]);
      } finally {
        client.kill();
        await server.stop();
      }
    },
    120_000,
  );
});

const serverDir = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The hub as its own process (src/main.ts) on the test database, ready when this resolves. */
async function serverProcess(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts'], {
    cwd: serverDir,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: '../tsconfig.base.json',
      DATABASE_URL: testDatabaseConfig().url,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_DIST_DIR: '/nonexistent',
      AUTH_JWT_SECRET: testSecret,
    },
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (
    (await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (Date.now() > deadline) throw new Error('the server process did not get ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return; // already gone
      }
      await exited;
    },
  };
}
