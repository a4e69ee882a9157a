import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery, GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { testAuth } from '../testing';
import { graphqlLimitsFromEnv, type Config } from '../config';
import { formatError, internalErrorMessage } from '../graphql/format-error';
import { BoundedQueryCache, defaultLimits } from '../graphql/limits';
import { startHub, type Hub } from '../app/hub';
import { errorLevel, watchLog } from '../observability/log';

// Two hubs over the test database: one with the default limits, one with introspection off and batches of up to 2.
let hub: Hub;
let strict: Hub;

function hubConfig(graphql: Config['graphql'] = {}): Config {
  return { port: 0, host: '127.0.0.1', webDir: '/nonexistent', database: testDatabaseConfig(), graphql, auth: testAuth };
}

beforeAll(async () => {
  hub = await startHub(hubConfig(), () => undefined);
  strict = await startHub(hubConfig({ introspection: false, maxBatch: 2 }), () => undefined);
  await Promise.all([hub.ready, strict.ready]);
});
afterAll(async () => {
  await Promise.all([hub?.stop(), strict?.stop()]);
});

interface GraphQLBody {
  data?: any;
  errors?: { message: string; extensions: Record<string, any> }[];
}

async function post(body: unknown, on: Hub = hub) {
  const res = await fetch(`${on.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as GraphQLBody & GraphQLBody[] };
}

const query = (source: string, on: Hub = hub, variables?: Record<string, unknown>) => post({ query: source, variables }, on);

/** The one error of a refusal, after checking that nothing ran. */
function refusal(response: { body: GraphQLBody }) {
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors!;
  expect(error.extensions.stacktrace).toBeUndefined();
  expect(error.extensions.http).toBeUndefined();
  return error;
}

/** `adminUnit(code:) { parent { parent { … name } } }`: `levels` fields deep. */
const parentChain = (levels: number) => `{ adminUnit(code: "12778") { ${'parent { '.repeat(levels - 2)}name${' }'.repeat(levels - 2)} } }`;

describe('a normal request', () => {
  it('is answered', async () => {
    const { status, body } = await query('{ report(year: 2021) { crimeReportMailboxes } adminUnits(first: 100) { totalCount nodes { code name } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.report.crimeReportMailboxes).toBe(729);
    expect(body.data.adminUnits.nodes).toHaveLength(100);
  });

  it('may be an IDE’s full introspection query: introspection’s own fields are not counted for depth', async () => {
    const { status, body } = await query(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('query depth', () => {
  it(`answers a query ${defaultLimits.maxDepth} levels deep`, async () => {
    const { status, body } = await query(parentChain(defaultLimits.maxDepth));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a deeper one with QUERY_TOO_DEEP, the limit, the depth asked and what to do', async () => {
    const response = await query(parentChain(14));
    expect(response.status).toBe(400);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 14, maxDepth: 12 });
    expect(error.message).toMatch(/14 levels deep; the hub answers at most 12/);
    expect(error.message).toMatch(/second query/);
  });

  it('follows fragments', async () => {
    const response = await query(`
      query { adminUnit(code: "12778") { ...Ancestors } }
      fragment Ancestors on AdminUnit { parent { parent { parent { ...More } } } }
      fragment More on AdminUnit { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } }
    `);
    expect(refusal(response).extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13 });
  });
});

describe('query cost', () => {
  // Each page costs 1 + 100 × (nodes: 1 + 5 fields) = 601.
  const pages = (count: number, size = '100') =>
    `query Pages${size.startsWith('$') ? '($size: Int)' : ''} { ${Array.from({ length: count }, (_, i) => `p${i}: adminUnits(first: ${size}) { nodes { code name level kind validFrom } }`).join(' ')} }`;

  it('refuses a query over the limit with QUERY_TOO_COMPLEX, its cost and the limit', async () => {
    const response = await query(pages(9));
    expect(response.status).toBe(400);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 5409, maxCost: 5000 });
    expect(error.message).toMatch(/would cost 5,409 points; the hub answers at most 5,000/);
    expect(error.message).toMatch(/smaller pages|split the query/);
  });

  it('counts pages asked for through variables', async () => {
    const refused = await query(pages(9, '$size'), hub, { size: 100 });
    expect(refusal(refused).extensions.code).toBe('QUERY_TOO_COMPLEX');
    const answered = await query(pages(9, '$size'), hub, { size: 5 });
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data.p8.nodes).toHaveLength(5);
  });

  it('answers the same pages when there are fewer of them', async () => {
    const { status, body } = await query(pages(8));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe('aliases', () => {
  it('refuses more than 30 with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const response = await query(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', aliases: 31, maxAliases: 30 });
    expect(error.message).toMatch(/uses 31 aliases .* at most 30 per operation\. Split it into several requests/);
  });

  it('counts the aliases inside a fragment each time it is spread', async () => {
    const response = await query(`
      { a: adminUnit(code: "12778") { ...Names } b: adminUnit(code: "12775") { ...Names } c: adminUnit(code: "12772") { ...Names } }
      fragment Names on AdminUnit { ${Array.from({ length: 10 }, (_, i) => `n${i}: name`).join(' ')} }
    `);
    expect(refusal(response).extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', aliases: 33 });
  });

  it('answers 30', async () => {
    const { status, body } = await query(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(status).toBe(200);
    expect(body.data.a29).toBe('Query');
  });
});

describe('request body', () => {
  it('refuses more than 1 MB with a 413 and PAYLOAD_TOO_LARGE, as a GraphQL error', async () => {
    const body = JSON.stringify({ query: 'query ($pad: String) { __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const response = await post(body);
    expect(response.status).toBe(413);
    expect(response.type).toMatch(/^application\/json/);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', bodyBytes: Buffer.byteLength(body), maxBodyBytes: 1048576 });
    expect(error.message).toMatch(/at most 1,048,576 bytes \(1 MB\); this one is 1,048,6\d\d bytes\. Split the query/);
  });

  it('refuses a body over 1 MB sent without a length (chunked) as it arrives, and keeps serving', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk); // 1.25 MB of whitespace
        controller.close();
      },
    });
    const response = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as GraphQLBody).errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', bodyBytes: null });
    expect((await post({ query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('reads a gzip-compressed body too', async () => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ query: '{ __typename }' })),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a JSON body that is neither an object nor an array', async () => {
    const response = await post('"{ __typename }"');
    expect(response.status).toBe(400);
    expect(response.body.errors![0].message).toMatch(/not valid JSON/);
  });

  it('answers a body that is not JSON with a GraphQL-shaped 400', async () => {
    const response = await post('{ "query": ');
    expect(response.status).toBe(400);
    expect(refusal(response).extensions.code).toBe('BAD_REQUEST');
    expect(response.body.errors![0].message).toMatch(/not valid JSON/);
  });
});

describe('batches', () => {
  const op = { query: '{ __typename }' };

  it('are off by default: an array of operations is refused with BATCH_TOO_LARGE', async () => {
    const response = await post([op, op]);
    expect(response.status).toBe(400);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', operations: 2, maxBatch: 1 });
    expect(error.message).toMatch(/does not accept batched requests.*array of 2 operations.*its own request/);
  });

  it('when on (GRAPHQL_MAX_BATCH=2), run up to the limit and refuse longer arrays', async () => {
    const answered = await post([op, op], strict);
    expect(answered.status).toBe(200);
    expect(answered.body.map((result) => result.data.__typename)).toEqual(['Query', 'Query']);
    const refused = await post([op, op, op], strict);
    expect(refused.status).toBe(400);
    const error = refusal(refused);
    expect(error.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', operations: 3, maxBatch: 2 });
    expect(error.message).toMatch(/batches 3 operations; the hub accepts at most 2 per request/);
  });

  it('check each operation of a batch against the limits', async () => {
    const { body } = await post([op, { query: parentChain(14) }], strict);
    expect(body[0].data.__typename).toBe('Query');
    expect(body[1].errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
  });
});

describe('introspection', () => {
  it('is refused with INTROSPECTION_DISABLED when GRAPHQL_INTROSPECTION=false', async () => {
    for (const source of ['{ __schema { queryType { name } } }', '{ __type(name: "AdminUnit") { name } }']) {
      const response = await query(source, strict);
      expect(response.status).toBe(400);
      const error = refusal(response);
      expect(error.extensions.code).toBe('INTROSPECTION_DISABLED');
      expect(error.message).toMatch(/turned off on this hub.*server\/schema\.graphql/);
    }
  });

  it('leaves __typename and ordinary queries alone, and hides schema suggestions', async () => {
    const { body } = await query('{ __typename report(year: 2021) { crimeReportMailboxes } }', strict);
    expect(body.data).toEqual({ __typename: 'Query', report: { crimeReportMailboxes: 729 } });
    const typo = await query('{ reprt(year: 2021) { crimeReportMailboxes } }', strict);
    expect(typo.body.errors![0].message).not.toMatch(/Did you mean/);
    const typoWithIntrospection = await query('{ reprt(year: 2021) { crimeReportMailboxes } }');
    expect(typoWithIntrospection.body.errors![0].message).toMatch(/Did you mean "report"/);
  });
});

describe('automatic persisted queries', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it('ask for the query once, then answer its hash alone (POST and GET)', async () => {
    const source = `{ report(year: 2021) { crimeReportMailboxes } apq: __typename }`;
    const hash = sha256(source);
    const unknown = await post({ extensions: persisted(hash) });
    expect(unknown.body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query: source, extensions: persisted(hash) });
    expect(registered.body.data.report.crimeReportMailboxes).toBe(729);
    const byHash = await post({ extensions: persisted(hash) });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual({ data: { report: { crimeReportMailboxes: 729 }, apq: 'Query' } });
    const url = new URL(`${hub.url}/graphql`);
    url.searchParams.set('extensions', JSON.stringify(persisted(hash)));
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as GraphQLBody).data.report.crimeReportMailboxes).toBe(729);
  });

  it('do not keep a query the limits refused', async () => {
    const source = parentChain(15);
    const hash = sha256(source);
    expect(refusal(await post({ query: source, extensions: persisted(hash) })).extensions.code).toBe('QUERY_TOO_DEEP');
    expect((await post({ extensions: persisted(hash) })).body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('keep at most their budget of bytes, the least recently used evicted first', async () => {
    const cache = new BoundedQueryCache(250);
    await cache.set('a', 'x'.repeat(99));
    await cache.set('b', 'y'.repeat(99));
    await cache.get('a');
    await cache.set('c', 'z'.repeat(99));
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('x'.repeat(99));
    await cache.set('huge', 'w'.repeat(400));
    expect(await cache.get('huge')).toBeUndefined();
  });
});

describe('nothing internal leaks', () => {
  it('answers a database failure with the generic sentence and INTERNAL_SERVER_ERROR, and logs it on the server', async () => {
    // What knex throws when PostgreSQL refuses a statement: the SQL, the table and the driver's fields.
    const pgError = Object.assign(new Error('select "u"."code" from "admin_unit" as "u" where "u"."id" = $1 - relation "admin_unit" does not exist'), {
      code: '42P01',
      severity: 'ERROR',
      table: 'admin_unit',
      routine: 'parserOpenTable',
      position: '21',
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          broken: { type: GraphQLString, resolve: () => Promise.reject(pgError) },
          refused: {
            type: GraphQLString,
            resolve: () => {
              throw new GraphQLError('year must be 2019 or later.', { extensions: { code: 'BAD_USER_INPUT' } });
            },
          },
        },
      }),
    });
    // Stack traces requested, as Apollo does by default outside production: formatError must still remove them.
    const apollo = new ApolloServer({ schema, formatError, includeStacktraceInErrorResponses: true, stopOnTerminationSignals: false });
    await apollo.start();
    const logged: unknown[][] = [];
    const unwatch = watchLog((level, args) => level >= errorLevel && logged.push(args));
    try {
      const response = await apollo.executeOperation({ query: '{ broken refused }' });
      const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
      const byField = Object.fromEntries((result?.errors ?? []).map((error) => [String(error.path?.[0]), error]));
      expect(byField.broken).toEqual({ message: internalErrorMessage, path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(byField.refused).toMatchObject({ message: 'year must be 2019 or later.', extensions: { code: 'BAD_USER_INPUT' } });
      expect(JSON.stringify(result)).not.toMatch(/admin_unit|select|42P01|stacktrace|\.ts:\d/);
      expect(logged).toEqual([[{ err: pgError }, 'internal error']]);
    } finally {
      unwatch();
      await apollo.stop();
    }
  });

  it('keeps a scalar’s BAD_USER_INPUT sentence through Apollo’s validation wrapping', async () => {
    const response = await query('{ adminUnit(code: "12778", asOf: "2021-31-12") { name } }');
    const error = refusal(response);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/not a real calendar date/);
  });
});

describe('configuration', () => {
  it('reads every limit from GRAPHQL_* variables, with defaults for the unset ones', () => {
    expect(graphqlLimitsFromEnv({})).toEqual(defaultLimits);
    expect(
      graphqlLimitsFromEnv({
        GRAPHQL_MAX_DEPTH: '8',
        GRAPHQL_MAX_COST: '20_000',
        GRAPHQL_MAX_ALIASES: '0',
        GRAPHQL_MAX_BATCH: '5',
        GRAPHQL_MAX_BODY_SIZE: '512kb',
        GRAPHQL_INTROSPECTION: 'false',
        GRAPHQL_APQ_CACHE_SIZE: '2mb',
      }),
    ).toEqual({
      maxDepth: 8,
      maxCost: 20_000,
      maxAliases: 0,
      maxBatch: 5,
      maxBodyBytes: 512 * 1024,
      introspection: false,
      persistedQueryCacheBytes: 2 * 1024 * 1024,
    });
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => graphqlLimitsFromEnv({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH must be a whole number ≥ 1, got "0"/);
    expect(() => graphqlLimitsFromEnv({ GRAPHQL_INTROSPECTION: 'off' })).toThrow(/GRAPHQL_INTROSPECTION must be true or false/);
    expect(() => graphqlLimitsFromEnv({ GRAPHQL_MAX_BODY_SIZE: '1gb' })).toThrow(/GRAPHQL_MAX_BODY_SIZE must be a size/);
  });
});

describe('an enormous document', () => {
  it('is refused by the parser before validation, with a coded error', async () => {
    const { status, body } = await query(`{ ${'__typename '.repeat(25_000)}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors?.[0].message).toMatch(/longer than the 20,000 tokens the hub parses; split it/);
  });
});
