import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@anbinh/shared';
import { runSql } from '@anbinh/db';
import { useRunningHub } from '../testing';
import { toGlobalId } from '../graphql/node';
import { errorLevel, watchLog } from '../observability/log';

// Each class of plain bad input the edge refuses with a coded 4xx before any SQL, by the same rules on every route.
const running = useRunningHub();

type Answer = { status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; limit?: number } }[] } };

async function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${running.hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function getAnswer(params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${running.hub.url}/graphql?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true', accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

describe('numbers inside ids', () => {
  it('an id past a database integer is BAD_USER_INPUT in queries and mutations', async () => {
    const big = toGlobalId('CameraSite', '99999999999999999999');
    const read = await post(JSON.stringify({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: big } }));
    expect(read.status).toBeLessThan(500);
    expect(codeOf(read)).toBe('BAD_USER_INPUT');
    expect(read.body.errors![0].message).toMatch(/not a global id/);
    const admin = await running.token(Role.ADMIN);
    for (const id of [big, toGlobalId('CameraSite', 2 ** 31), toGlobalId('CameraSite', 0)]) {
      const write = await running.gql(
        'mutation ($input: CloseCameraSiteInput!) { closeCameraSite(input: $input) { id } }',
        { input: { id, removedOn: '2021-01-01', version: 1 } },
        admin,
      );
      expect(write.errors?.[0].extensions.code, id).toBe('BAD_USER_INPUT');
      expect((write.errors?.[0].extensions as { field?: string }).field).toBe('id');
    }
  });
});

describe('numbers inside cursors', () => {
  it('a cursor past a database integer is BAD_USER_INPUT, on a root and a nested connection', async () => {
    for (const offset of ['99999999999999999999', '2147483648']) {
      const after = Buffer.from(`offset:${offset}`).toString('base64url');
      const answer = await running.gql('query ($a: String) { adminUnits(after: $a) { totalCount } }', { a: after });
      expect(answer.errors?.[0].extensions.code, offset).toBe('BAD_USER_INPUT');
      const nested = await running.gql('query ($a: String) { cameraSites(after: $a, first: 2) { totalCount } }', { a: after });
      expect(nested.errors?.[0].extensions.code, offset).toBe('BAD_USER_INPUT');
    }
  });
});

describe('operation selection and persisted queries', () => {
  it('several operations without operationName, a name that names none, or a subscription over HTTP: 400 with a code', async () => {
    const query = 'query A { __typename } query B { __typename }';
    const none = await post(JSON.stringify({ query }));
    expect(none.status).toBe(400);
    expect(codeOf(none)).toBe('OPERATION_NAME_REQUIRED');
    const wrong = await post(JSON.stringify({ query, operationName: 'C' }));
    expect(wrong.status).toBe(400);
    expect(codeOf(wrong)).toBe('OPERATION_NAME_NOT_FOUND');
    expect(wrong.body.errors![0].message).toMatch(/"C".*A, B/);
    const subscription = await post(JSON.stringify({ query: 'subscription { changes { cursor } }' }));
    expect(subscription.status).toBe(400);
    expect(subscription.body.errors![0].message).toMatch(/WebSocket/);
    const right = await post(JSON.stringify({ query, operationName: 'B' }));
    expect(right.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('a persisted-query hash that does not match its query, or an unknown APQ version: 400 with a code', async () => {
    const query = '{ __typename }';
    const wrongHash = createHash('sha256').update('{ something else }').digest('hex');
    const mismatch = await post(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } }));
    expect(mismatch.status).toBe(400);
    expect(codeOf(mismatch)).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    const hash = createHash('sha256').update(query).digest('hex');
    const version = await post(JSON.stringify({ query, extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }));
    expect(version.status).toBe(400);
    expect(codeOf(version)).toBe('PERSISTED_QUERY_VERSION_UNSUPPORTED');
    const unknown = await post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }));
    expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const good = await post(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }));
    expect(good.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the body', () => {
  const nested = (depth: number, leaf = '0') => '['.repeat(depth) + leaf + ']'.repeat(depth);

  it('JSON nested past the limit is refused at any depth, in variables and in a GeoJSON argument, also through Express', async () => {
    const { gzipSync } = await import('node:zlib');
    for (const depth of [33, 1_000, 100_000]) {
      const body = `{"query":"query ($v: [Int]) { __typename }","variables":{"v":${nested(depth)}}}`;
      // Uncompressed (the hub's own reader) and gzip-encoded (Express's), and as GET parameters (as long as a URL may be).
      for (const answer of [
        await post(body),
        await post(gzipSync(body), { 'content-encoding': 'gzip' }),
        ...(depth <= 1_000 ? [await getAnswer({ query: '{ __typename }', variables: `{"v":${nested(depth)}}` })] : []),
      ]) {
        expect(answer.status, `${depth}`).toBe(400);
        expect(codeOf(answer)).toBe('JSON_TOO_DEEP');
        expect(answer.body.errors![0].extensions!.limit).toBe(32);
      }
    }
    const area = `{"type":"Polygon","coordinates":${nested(5_000, '[106,20]')}}`;
    const geo = await post(`{"query":"query ($a: GeoJSON!) { cameraSites(filter: { intersects: $a }) { totalCount } }","variables":{"a":${area}}}`);
    expect(geo.status).toBe(400);
    expect(codeOf(geo)).toBe('JSON_TOO_DEEP');
    const exported = await fetch(`${running.hub.url}/export/cameraSites.csv?filter=${encodeURIComponent(`{"modelIds":${nested(1_000, '"x"')}}`)}`);
    expect(exported.status).toBe(400);
    expect(((await exported.json()) as Answer['body']).errors![0].extensions!.code).toBe('JSON_TOO_DEEP');
    // Within the limit, the same shape is read as usual.
    const shallow = await post(`{"query":"{ __typename }","variables":{"v":${nested(30)}}}`);
    expect(shallow.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('bytes that are not UTF-8 are refused with INVALID_UTF8, uncompressed or not', async () => {
    const invalid = Buffer.concat([Buffer.from('{"query":"{ adminUnits(search: \\"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\\") { totalCount } }"}')]);
    for (const headers of [
      {},
      { 'content-type': 'application/json; charset=utf-8' },
      { 'content-type': 'application/json; charset=utf-8; profile=x' },
    ] as Record<string, string>[]) {
      const answer = await post(invalid, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(400);
      expect(codeOf(answer)).toBe('INVALID_UTF8');
    }
    const { gzipSync } = await import('node:zlib');
    const zipped = await post(gzipSync(invalid), { 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(400);
    expect(codeOf(zipped)).toBe('INVALID_UTF8');
  });

  it('a Content-Encoding the hub does not read is 415 with a code; a body not in it is 400', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const unknown = await post(body, { 'content-encoding': 'zstd-x' });
    expect(unknown.status).toBe(415);
    expect(codeOf(unknown)).toBe('UNSUPPORTED_CONTENT_ENCODING');
    const notGzip = await post(body, { 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect(codeOf(notGzip)).toBe('BAD_REQUEST');
  });
});

describe('dates and searches on every route', () => {
  it('an impossible calendar date is 400 BAD_USER_INPUT on /geo, /tiles, /export and GraphQL alike', async () => {
    const urls = [
      '/geo/units.geojson?level=DISTRICT&asOf=2021-02-30',
      '/geo/labels.geojson?asOf=2021-13-01',
      '/tiles/units.json?level=DISTRICT&asOf=2021-02-30',
      '/tiles/units/8/203/113.mvt?level=DISTRICT&asOf=2021-02-30',
      '/tiles/cameras/8/203/113.mvt?from=2021-02-29&to=2021-12-31',
      '/export/cameraSites.csv?filter=' + encodeURIComponent('{"from":"2021-02-30"}'),
    ];
    for (const url of urls) {
      const res = await fetch(`${running.hub.url}${url}`);
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as Answer['body'];
      expect(body.errors?.[0].extensions?.code, url).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0].message, url).toMatch(/calendar date|YYYY-MM-DD/);
    }
    const gql = await running.gql('{ adminUnits(asOf: "2021-02-30") { totalCount } }');
    expect(gql.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a search with no letter or digit is refused, not a match for everything', async () => {
    for (const search of ['!!!', '— …', '%']) {
      const units = await running.gql('query ($s: String) { adminUnits(search: $s) { totalCount } }', { s: search });
      expect(units.errors?.[0].extensions.code, search).toBe('BAD_USER_INPUT');
      expect((units.errors?.[0].extensions as { reason?: string }).reason).toBe('SEARCH_WITHOUT_WORDS');
      const sites = await running.gql('query ($s: String) { commendations(filter: { search: $s }) { totalCount } }', { s: search });
      expect(sites.errors?.[0].extensions.code, search).toBe('BAD_USER_INPUT');
    }
    const blank = await running.gql('{ adminUnits(search: "") { totalCount } }');
    expect(blank.errors).toBeUndefined();
  });
});

describe('subscriptions', () => {
  it('a bad variable is BAD_USER_INPUT over graphql-ws, as over HTTP, and is not logged as internal', async () => {
    const client = createClient({ url: running.hub.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const logged: unknown[] = [];
    const unwatch = watchLog((level, args) => level >= errorLevel && logged.push(args));
    try {
      for (const variables of [{ after: 'not-a-cursor' }, { types: ['NOT_A_TYPE'] }, { unitCode: 12 }]) {
        const errors = await new Promise<{ message: string; extensions?: { code?: string } }[]>((resolve, reject) => {
          client.subscribe(
            {
              query:
                'subscription ($after: String, $types: [ChangeType!], $unitCode: String) { changes(after: $after, types: $types, unitCode: $unitCode) { cursor } }',
              variables,
            },
            {
              next: (result) => result.errors && resolve(result.errors as never),
              error: (error) => (Array.isArray(error) ? resolve(error) : reject(new Error('the subscription failed', { cause: error }))),
              complete: () => reject(new Error('completed without an error')),
            },
          );
        });
        expect(errors[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      }
    } finally {
      unwatch();
      await client.dispose();
    }
    expect(logged).toEqual([]);
  });

  it('feed:follow stops with the sentence on BAD_USER_INPUT instead of retrying', async () => {
    const follow = fileURLToPath(new URL('../changes/follow.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', follow, '--url', running.hub.url.replace('http', 'ws') + '/graphql', '--types', 'NOT_A_TYPE', '--cursor-file', '/dev/null'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 30_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(stderr).not.toMatch(/reconnecting/);
    expect(stderr).toMatch(/NOT_A_TYPE/);
    expect(code).toBe(4);
  });
});

describe('write refusals', () => {
  it('carry the input field and a stable reason besides the code, and leave nothing', async () => {
    const admin = await running.token(Role.ADMIN);
    const before = (await runSql(running.orm.em.getKnex(), 'select count(*)::int as n from audit_entry')).rows[0].n;
    const answer = await running.gql(
      'mutation ($input: AwardCommendationInput!) { awardCommendation(input: $input) { id } }',
      {
        input: {
          unitCode: '99999',
          recipientKind: 'COLLECTIVE',
          recipientName: 'Tổ tự quản',
          form: 'DISTRICT_CERTIFICATE',
          awardedOn: '2021-05-01',
          reason: 'Tốt',
        },
      },
      admin,
    );
    const extensions = answer.errors?.[0].extensions as { code?: string; field?: string; reason?: string } | undefined;
    expect(extensions?.code).toBe('BAD_USER_INPUT');
    expect(extensions?.field).toBe('unitCode');
    expect(extensions?.reason).toBeTypeOf('string');
    const after = (await runSql(running.orm.em.getKnex(), 'select count(*)::int as n from audit_entry')).rows[0].n;
    expect(after).toBe(before);
  });
});
