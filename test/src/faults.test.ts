import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import pg from 'pg';
import { Role } from '@anbinh/shared';
import { freePort, privatePostgresAvailable, startPrivateHubDatabase, testDatabaseConfig, type PrivatePostgres } from '@anbinh/db/testing';
import { startHub, Tokens, type Hub } from '@anbinh/server';
import { testAuth } from '@anbinh/server/testing';
import { inject } from 'vitest';
import { followFeed } from './partner';

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

// The database server is stopped and started under the hub: on a PostgreSQL of its own, since the run's is shared.
describe.skipIf(inject('databaseEmbedded') || !privatePostgresAvailable)('faults: the database restarted under a running hub', () => {
  let server: PrivatePostgres;
  let hub: Hub;
  beforeAll(async () => {
    server = await startPrivateHubDatabase();
    hub = await startHub(
      {
        port: 0,
        host: '127.0.0.1',
        webDir: '/nonexistent',
        database: { url: server.url('hub'), dataDir: '', poolMax: 4, preparedStatements: true },
        auth: testAuth,
      },
      () => undefined,
    );
    await hub.ready;
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    server?.destroy();
  });

  it('keeps its process; /readyz and every request say the database is away, then all works again and subscribers lose nothing', async () => {
    const token = (await new Tokens(testAuth).sign({ sub: 'test-admin', role: Role.ADMIN, units: [] })).token;
    const gql = async (query: string) => {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] },
      };
    };
    const award = async (name: string) =>
      (
        await gql(
          `mutation { awardCommendation(input: { unitCode: "12442", recipientKind: INDIVIDUAL, recipientName: "${name}", form: DISTRICT_CERTIFICATE, awardedOn: "2024-05-01", reason: "Kiểm tra sự cố" }) { id } }`,
        )
      ).body;
    const ready = async () => (await fetch(`${hub.url}/readyz`)).status;
    // From the feed's present position, so nothing written from here on can be missed however slowly it connects.
    const now = (await gql('{ changes(types: [COMMENDATION]) { endCursor } }')).body.data.changes.endCursor;
    const partner = followFeed(`${hub.url.replace(/^http/, 'ws')}/graphql`, token, now, { types: ['COMMENDATION'] });
    // A reader hammering the hub throughout: every answer must be a 200 or a coded 503.
    const answers = new Map<string, number>();
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const { status, body } = await gql('{ cameraSites(first: 1) { totalCount } }');
        const key = `${status} ${body.errors?.[0]?.extensions.code ?? 'ok'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    expect((await award('Trước sự cố')).errors).toBeUndefined();
    await until(() => partner.received.length === 1, 20_000, 'the first change');
    server.stop();
    await until(async () => (await ready()) === 503, 20_000, '/readyz to report the outage');
    const during = await gql('{ cameraSites(first: 1) { totalCount } }');
    expect(during.status).toBe(503);
    expect(during.retryAfter).toBe('5');
    expect(during.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/database cannot be reached/),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect((await award('Trong sự cố')).errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    server.start();
    await until(async () => (await ready()) === 200, 30_000, '/readyz to report the recovery');
    await until(async () => !(await gql('{ cameraSites(first: 1) { totalCount } }')).body.errors, 30_000, 'queries to succeed again');
    expect((await award('Sau sự cố')).errors).toBeUndefined();
    await until(() => partner.received.length >= 2, 30_000, 'the change after the outage');
    await new Promise((r) => setTimeout(r, 1_000)); // time for a duplicate to show, were there one
    reading = false;
    await reader;
    partner.stop();

    expect(partner.received.map((c) => c.cursor)).toEqual([...new Set(partner.received.map((c) => c.cursor))]);
    expect(partner.received).toHaveLength(2); // before and after: the write during the outage was refused, nothing else happened
    // (Whether it met the outage depends on timing; the request above did.)
    expect(answers.size).toBeGreaterThan(0);
    for (const key of answers.keys()) expect(key).toMatch(/^(200 ok|503 SERVICE_UNAVAILABLE)$/);
  }, 180_000);
});

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `pnpm run import` in its own process group; resolves with its exit code (null when killed) and its output. */
function runImport(file: string, url: string, onLine: (line: string) => void = () => undefined) {
  const child = spawn('pnpm', ['--silent', 'run', 'import', file, '--type', 'ValuableTip'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) onLine(line);
    });
  }
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { exited, kill: () => process.kill(-child.pid!, 'SIGKILL') };
}

// The embedded database serves every connection in one session, so a killed client's transaction cannot be told apart there.
describe.skipIf(inject('databaseEmbedded'))('faults: a bulk import killed half-way', () => {
  it('leaves nothing behind (no record, audit entry or change), and runs again cleanly', async () => {
    const url = testDatabaseConfig().url!;
    const work = mkdtempSync(join(tmpdir(), 'anbinh-import-'));
    const file = join(work, 'tips.csv');
    // A day no other test writes tips on, to count these apart from theirs.
    const rows = 6000;
    writeFileSync(file, `unitCode,receivedOn,channel\n${'12442,2011-03-07,HOTLINE\n'.repeat(rows)}`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const left = async () =>
      (
        await db.query(`select
        (select count(*)::int from valuable_tip where received_on = '2011-03-07') as tips,
        (select count(*)::int from audit_entry where actor like 'import:%' and entity = 'valuable_tip') as audit,
        (select count(*)::int from change c where c.entity = 'valuable_tip' and not exists (select 1 from valuable_tip t where t.id = c.entity_id)) as orphans`)
      ).rows[0];
    try {
      const before = await left();
      let killedAt = '';
      const first = runImport(file, url, (line) => {
        const writing = /^writing (\d+)\/(\d+) rows/.exec(line);
        if (writing && !killedAt && Number(writing[1]) >= Number(writing[2]) * 0.3) {
          killedAt = line;
          first.kill();
        }
      });
      const killed = await first.exited;
      expect(killedAt, killed.output).toMatch(/^writing/);
      expect(killed.code).toBeNull(); // killed, not finished
      // The server rolls the cut connection's transaction back.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await left()).toEqual(before);

      const again = await runImport(file, url).exited;
      expect(again.code, again.output).toBe(0);
      expect(again.output).toContain(`Wrote ${rows} ValuableTip records`);
      expect(await left()).toEqual({ tips: before.tips + rows, audit: before.audit + rows, orphans: before.orphans });
    } finally {
      await db.end();
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('faults: SIGTERM', () => {
  it('drains: a request under way is answered, subscribers are told the server is going away, new connections are refused, the process exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Node itself, as a service manager runs it (pnpm would report its own exit status, not the server's).
    const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts'], {
      cwd: join(repoRoot, 'server'),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: '../tsconfig.base.json',
        DATABASE_URL: testDatabaseConfig().url,
        DATABASE_PREPARED_STATEMENTS: String(!inject('databaseEmbedded')),
        PORT: String(port),
        HOST: '127.0.0.1',
        WEB_DIST_DIR: '/nonexistent',
      },
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await until(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 120_000, 'the server to be ready');

      // A subscriber, connected and subscribed.
      let closeCode: number | undefined;
      const ws = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        on: {
          closed: (event) => {
            closeCode = (event as { code: number }).code;
          },
        },
      });
      let subscribed = false;
      ws.subscribe({ query: 'subscription { changes { cursor } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      ws.on('connected', () => {
        subscribed = true;
      });
      await until(() => subscribed, 10_000, 'the subscriber to connect');

      // A request under way: its head and half its body sent.
      const body = JSON.stringify({ query: '{ report(year: 2021) { valuableTips } }' });
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (c) => {
        answer += c.toString();
      });
      const ended = new Promise((resolve) => socket.once('end', resolve));
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      await new Promise((r) => setTimeout(r, 300));

      child.kill('SIGTERM');
      await until(() => closeCode !== undefined, 10_000, 'the subscriber to be told');
      expect(closeCode).toBe(1001); // going away: reconnect (elsewhere) with the last cursor
      await until(
        async () =>
          await fetch(`${base}/healthz`).then(
            () => false,
            () => true,
          ),
        10_000,
        'new connections to be refused',
      );

      socket.write(body.slice(10));
      await ended;
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toMatch(/"valuableTips":\d+/);
      expect(await exited, output).toBe(0);
      await ws.dispose();
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 180_000);
});
