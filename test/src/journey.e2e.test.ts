import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import pg from 'pg';
import { freePort, privatePostgresAvailable, startPrivateHubDatabase, startPrivateStandby, type PrivatePostgres } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { Tokens } from '@anbinh/server';
import { testAuth, testSecret } from '@anbinh/server/testing';
import { browserAvailable, buildWeb, foreign, launchBrowser } from './browser';
import { followFeed } from './partner';
import { httpsGet, httpsRequest, nginxAvailable, startProxy, type Proxy } from './proxy';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** A hub in a process of its own, as systemd runs it (Node itself, so that SIGKILL ends the server, not a wrapper). */
async function startHubProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts'], {
    cwd: join(repoRoot, 'server'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: '../tsconfig.base.json',
      ANBINH_ENV_FILE: '/nonexistent',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 180_000, `the hub on ${port} to be ready`).catch(
    (error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}:\n${output}`);
    },
  );
  return { url, child, output: () => output };
}

// The operator's journey: a primary and a streaming standby, two hub processes, nginx with TLS in front, no sticky sessions.
describe.skipIf(inject('databaseEmbedded') || !privatePostgresAvailable || !nginxAvailable || !browserAvailable)(
  'the operator’s journey: two hubs behind nginx over HTTPS, a primary and a standby',
  () => {
    let primary: PrivatePostgres;
    let standby: PrivatePostgres;
    let web: Awaited<ReturnType<typeof buildWeb>>;
    const hubs: Awaited<ReturnType<typeof startHubProcess>>[] = [];
    let proxy: Proxy;

    beforeAll(async () => {
      primary = await startPrivateHubDatabase();
      standby = await startPrivateStandby(primary);
      web = await buildWeb();
      const env = {
        DATABASE_URL: primary.url('hub'),
        DATABASE_READ_URL: standby.url('hub'),
        REPLICA_MAX_LAG: '5',
        TRUST_PROXY: '1',
        WEB_DIST_DIR: web.dir,
        AUTH_JWT_SECRET: testSecret,
        CURSOR_SECRET: 'the-same-cursor-secret-on-both-hubs-0123456789',
      };
      hubs.push(await startHubProcess(env));
      hubs.push(await startHubProcess(env));
      proxy = await startProxy(hubs.map((h) => h.url));
    }, 900_000);

    afterAll(async () => {
      proxy?.stop();
      for (const hub of hubs) hub.child.kill('SIGKILL');
      web?.remove();
      standby?.destroy();
      primary?.destroy();
    });

    it('serves the map, a partner and writers through the proxy while a hub is killed and the standby restarts, losing and repeating nothing', async () => {
      const { origin, ca } = proxy;
      const officer = (await new Tokens(testAuth).sign({ sub: 'journey-officer', role: Role.OFFICER, units: ['12442'] })).token;
      const partner = (await new Tokens(testAuth).sign({ sub: 'journey-partner', role: Role.PARTNER, units: ['12442'] })).token;
      const post = async (query: string, bearer?: string) => {
        const res = await httpsRequest(
          'POST',
          `${origin}/graphql`,
          ca,
          { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          JSON.stringify({ query }),
        );
        return { status: res.status, body: JSON.parse(res.body) as { data?: any; errors?: { extensions: { code: string } }[] } };
      };

      // The leader's map over https: nothing from another origin, no mixed content; a click on a commune opens its panel.
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
        const requested: string[] = [];
        const problems: string[] = [];
        page.on('request', (r) => requested.push(r.url()));
        page.on('console', (m) => {
          if (m.type() === 'error' || /mixed content/i.test(m.text())) problems.push(m.text());
        });
        await page.goto(`${origin}/?year=2021`);
        await page.waitForFunction(() => (window as { __anbinhMapIdle?: number }).__anbinhMapIdle !== undefined, undefined, { timeout: 60_000 });
        const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
        await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
        await until(
          async () =>
            (
              (await page
                .getByRole('complementary')
                .getByRole('heading', { level: 2 })
                .textContent()
                .catch(() => '')) ?? ''
            ).length > 0,
          30_000,
          'the place panel',
        );
        expect(page.url()).toMatch(/place=\d+/);
        expect(foreign(requested, origin)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }

      // A partner follows the feed over wss:// from now on; readers keep asking throughout.
      const now = (await post('{ changes(types: [REPORT_MAILBOX]) { endCursor } }', partner)).body.data.changes.endCursor;
      class TrustingWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { ca });
        }
      }
      const follower = followFeed(`${origin.replace('https', 'wss')}/graphql`, partner, now, { types: ['REPORT_MAILBOX'], webSocketImpl: TrustingWebSocket });
      // Answers by phase: while a hub is killed, a request it was answering fails (nginx passes a POST to another hub only
      // if it never reached the first); at every other time, and while the standby stops and starts, none may.
      const answers = new Map<string, number>();
      let phase = 'steady';
      let kills = 0;
      let reading = true;
      const readers = Array.from({ length: 3 }, async () => {
        while (reading) {
          const killsBefore = kills;
          const key = await post('{ incidents(first: 3) { totalCount } reportMailboxes(first: 1) { totalCount } }').then(
            ({ status, body }) => `${status} ${body.errors?.[0]?.extensions.code ?? 'ok'}`,
            (error: NodeJS.ErrnoException) => `no answer (${error.code ?? error.message})`,
          );
          // A request under way when the hub was killed belongs to that moment, however late its answer comes.
          const tagged = `${kills !== killsBefore ? 'hub killed' : phase}: ${key}`;
          answers.set(tagged, (answers.get(tagged) ?? 0) + 1);
        }
      });

      // Writers through the proxy, round-robin over both hubs; one hub is killed halfway, the standby stopped and started.
      const written: string[] = [];
      const write = async () => {
        const { body } = await post(
          `mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [106.3454, 20.446] }, host: SCHOOL, installedOn: "2024-02-02" }) { id } }`,
          officer,
        );
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        written.push(body.data.createReportMailbox.id);
      };
      // Reads reach the standby: its backends' last statements are the readers' (the hub's pool keeps them open).
      const standbyReaders = async () => {
        const db = new pg.Client({ connectionString: standby.url('hub') });
        await db.connect();
        try {
          const { rows } = await db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = 'hub' and backend_type = 'client backend' and pid <> pg_backend_pid() and query ~ '\\m(incident|report_mailbox)\\M'`,
          );
          return rows[0].n;
        } finally {
          await db.end();
        }
      };
      const readsOnStandby: number[] = [];
      try {
        for (let i = 0; i < 10; i++) await write();
        await until(async () => (await standbyReaders()) > 0, 30_000, 'reads to reach the standby');
        readsOnStandby.push(await standbyReaders());
        // The hub the partner's connection went to is the one killed: it must resume on the other from its cursor.
        const feedConnections = async (hub: (typeof hubs)[number]) =>
          Number(/^anbinh_feed_connections (\d+)/m.exec(await (await fetch(`${hub.url}/metrics`)).text())?.[1] ?? 0);
        const victim = (await feedConnections(hubs[0])) > 0 ? hubs[0] : hubs[1];
        expect(await feedConnections(victim)).toBe(1);
        phase = 'hub killed';
        kills++;
        victim.child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 500));
        phase = 'one hub';
        for (let i = 10; i < 20; i++) await write();
        phase = 'standby restarting';
        standby.stop();
        for (let i = 20; i < 30; i++) await write();
        standby.start();
        await until(async () => JSON.parse((await httpsGet(`${origin}/readyz`, ca)).body).status === 'ready', 60_000, 'the standby to stream again');
        phase = 'steady';
        for (let i = 30; i < 40; i++) await write();
        // Back on the standby once it streams again (its backends are all new since its restart).
        await until(async () => (await standbyReaders()) > 0, 30_000, 'reads to return to the standby');
        readsOnStandby.push(await standbyReaders());
        await until(
          () => follower.received.length >= written.length,
          60_000,
          `the partner to receive ${written.length} changes (has ${follower.received.length})`,
        );
        await new Promise((r) => setTimeout(r, 1_000)); // time for a duplicate to show, were there one
      } finally {
        reading = false;
        await Promise.all(readers);
        follower.stop();
      }

      const cursors = follower.received.map((c) => c.cursor);
      console.log(
        `[journey] ${written.length} writes through the proxy; ${follower.received.length} changes delivered to the partner over wss:// (${follower.reconnects()} reconnections); reads: ${JSON.stringify(Object.fromEntries(answers))}; standby backends serving the readers before and after its restart: ${readsOnStandby.join(', ')}`,
      );
      expect(follower.reconnects()).toBeGreaterThanOrEqual(1);
      expect(new Set(cursors).size).toBe(cursors.length); // nothing repeated
      expect(follower.received.map((c) => c.entityId).sort()).toEqual([...written].sort()); // nothing lost, nothing else
      const failed = [...answers].filter(([key]) => !key.endsWith(': 200 ok'));
      expect(failed.filter(([key]) => !key.startsWith('hub killed: '))).toEqual([]);
      expect(failed.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(3); // at most the readers' requests in flight on the killed hub
      for (const phase of ['steady', 'one hub', 'standby restarting']) expect(answers.get(`${phase}: 200 ok`), phase).toBeGreaterThan(0);
      expect((await httpsGet(`${origin}/readyz`, ca)).status).toBe(200);
    }, 600_000);
  },
);
