import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Role } from '@anbinh/shared';
import { openOrm, prepareDatabase, startEmbeddedPostgis, type DatabaseConfig } from '@anbinh/db';
import { createDatabase, privatePostgresAvailable, runStatements, startPrivatePostgres } from '@anbinh/db/testing';
import { startHub, Tokens } from '@anbinh/server';
import { testAuth } from '@anbinh/server/testing';
import { inject } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'anbinh-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `pnpm db:dump` or `pnpm db:restore`, as a person runs it, against a database. */
function db(command: 'dump' | 'restore', file: string, database: { url?: string; dataDir?: string }): string {
  return execFileSync('pnpm', ['--silent', `db:${command}`, file], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: database.url ?? '', PGLITE_DATA_DIR: database.dataDir ?? '' },
  });
}

const reportQuery = `{ report(year: 2021) {
  selfManagementModels crimeReportMailboxes communityCovidTeams outreachSessions outreachAttendances postersAndBanners leaflets
  mediaReports valuableTips incidentsUncovered seizures { item quantity unit } peopleUnderCommunityEducation peopleProgressed householdCommitmentRate } }`;
const changesQuery = `query ($after: String) { changes(after: $after, first: 1000) { hasMore events { cursor type entityId operation } } }`;
/** The cursor before the first change ever ("0:0"); without one the feed starts from now. */
const beginning = Buffer.from('0:0').toString('base64url');

/** What a hub on this database answers: the 2021 report, the whole feed, and a write's change after it. */
async function answers(database: DatabaseConfig, write: boolean) {
  const hub = await startHub({ port: 0, host: '127.0.0.1', webDir: '/nonexistent', database, auth: testAuth }, () => undefined);
  try {
    await hub.ready;
    const gql = async (query: string, variables: Record<string, unknown> = {}, bearer?: string) => {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const admin = (await new Tokens(testAuth).sign({ sub: 'test-admin', role: Role.ADMIN, units: [] })).token;
    const report = (await gql(reportQuery, {}, admin)).report;
    const feed: { cursor: string }[] = [];
    for (let more = true; more;) {
      const page = (await gql(changesQuery, { after: feed.at(-1)?.cursor ?? beginning }, admin)).changes;
      feed.push(...page.events);
      more = page.hasMore;
    }
    let after: unknown;
    if (write) {
      await gql(
        `mutation { awardCommendation(input: { unitCode: "12442", recipientKind: INDIVIDUAL, recipientName: "Sau khi khôi phục", form: DISTRICT_CERTIFICATE, awardedOn: "2024-05-01", reason: "Kiểm tra sao lưu" }) { id } }`,
        {},
        admin,
      );
      after = (await gql(changesQuery, { after: feed.at(-1)?.cursor ?? beginning }, admin)).changes.events;
    }
    return { report, feed, after };
  } finally {
    await hub.stop();
  }
}

describe('backups: pnpm db:dump and pnpm db:restore', () => {
  // On servers of its own: a restore onto another server is what is tested, and the run's server holds the other files' databases.
  it.skipIf(inject('databaseEmbedded') || !privatePostgresAvailable)(
    'a real PostgreSQL restored onto another server answers the same report and feed cursors, and the feed goes on after them',
    async () => {
      const [first, second] = await Promise.all([startPrivatePostgres(), startPrivatePostgres()]);
      try {
        await createDatabase(first.url('postgres'), 'source');
        await createDatabase(second.url('postgres'), 'restored', { postgis: false });
        const orm = await openOrm(first.url('source'), 2);
        await prepareDatabase(orm, () => undefined);
        await orm.close();
        // The source server ahead of the other by some thousands of transactions, as a server in use is.
        await runStatements(first.url('source'), ...Array.from({ length: 3000 }, () => 'select pg_current_xact_id()'));
        const source: DatabaseConfig = { url: first.url('source'), dataDir: '', poolMax: 4, preparedStatements: true };
        await answers(source, true); // a change in the feed
        const before = await answers(source, false);
        const file = join(work, 'hub.dump');
        db('dump', file, { url: source.url });

        expect(db('restore', file, { url: second.url('restored') })).toMatch(/clock moves ahead[\s\S]*Restored/);
        const after = await answers({ ...source, url: second.url('restored') }, true);
        expect(after.report).toEqual(before.report);
        expect(after.feed).toEqual(before.feed);
        expect(after.feed.length).toBeGreaterThan(1);
        expect(after.after).toMatchObject([{ type: 'COMMENDATION', operation: 'INSERT' }]);
        // Restoring over a hub's tables is refused.
        expect(() => db('restore', file, { url: second.url('restored') })).toThrow(/already holds a hub's tables/);
      } finally {
        first.destroy();
        second.destroy();
      }
    },
    300_000,
  );

  it.skipIf(!inject('databaseEmbedded'))(
    'the embedded database restored into another data directory answers the same report and feed cursors',
    async () => {
      const dataDir = join(work, 'pglite');
      const embedded = await startEmbeddedPostgis({ dataDir });
      const orm = await openOrm(embedded.url, 2);
      await prepareDatabase(orm, () => undefined);
      await orm.close();
      await embedded.stop();
      const config = (dir: string): DatabaseConfig => ({ url: '', dataDir: dir, poolMax: 4, preparedStatements: false });
      await answers(config(dataDir), true); // a change in the feed
      const before = await answers(config(dataDir), false);

      const file = join(work, 'hub.tar.gz');
      db('dump', file, { dataDir });
      const elsewhere = join(work, 'restored');
      db('restore', file, { dataDir: elsewhere });
      const after = await answers(config(elsewhere), true);
      expect(after.report).toEqual(before.report);
      expect(after.feed).toEqual(before.feed);
      expect(after.after).toMatchObject([{ type: 'COMMENDATION', operation: 'INSERT' }]);
    },
    600_000,
  );
});
