import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import WebSocket from 'ws';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { openOrm, runSql, type MikroORM } from '@anbinh/db';
import { testDatabaseConfig, testDatabaseUrl } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { createSchema } from '../app/schema';
import { testAuth } from '../testing';
import { startHub, type Hub } from '../app/hub';
import { Tokens } from '../access/tokens';
import { toGlobalId } from '../graphql/node';
import { errorLevel, watchLog } from '../observability/log';

// Random values for every argument of every query and mutation, sent over HTTP as an admin (who gets
// furthest into the checks): never a 5xx, never an internal error, never SQL in a message, and a refused
// write leaves nothing. PROPERTY_RUNS sets the runs per field (25 by default; more in pnpm test:reliability).
const runs = Number(process.env.PROPERTY_RUNS ?? 25);
const actor = 'test-properties-admin';
let schema: GraphQLSchema;
// The random writes that pass every check are real records: they stay in this file's own database.
const running = {} as { hub: Hub; orm: MikroORM };
beforeAll(async () => {
  schema = await createSchema();
  running.orm = await openOrm(testDatabaseUrl(), 2);
  running.hub = await startHub(
    {
      port: 0,
      host: '127.0.0.1',
      webDir: '/nonexistent',
      auth: testAuth,
      database: testDatabaseConfig(4),
      rateLimits: { writesPerMinute: 1_000_000, signInsPer15Minutes: 1_000_000 },
    },
    () => undefined,
  );
  await running.hub.ready;
}, 240_000);
afterAll(async () => {
  await running.hub?.stop();
  await running.orm?.close();
});

// Mostly plausible values, so that the checks deep inside are reached; the hostile ones among them.
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('12442', '34', 'Kỳ Bá', 'Ông Nguyễn Văn A', 'Tổ tự quản', 'SAMPLE-CEC-000001') },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }), // any code point
  {
    weight: 3,
    arbitrary: fc.constantFrom("'; drop table commendation; --", "12442' or '1'='1", 'a\u0000b', '\ud800x', 'Ky\u0300 Ba\u0301', '', ' ', 'x'.repeat(100_000)),
  },
);
const ring = (n: number) =>
  Array.from({ length: n }, (_, i) => [106.3 + 0.01 * Math.cos((2 * Math.PI * i) / n), 20.4 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
const geojson = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: 'Point', coordinates: [106.3454, 20.446] }) },
  fc.constant({ type: 'Point', coordinates: [20.446, 106.3454] }), // lon/lat swapped
  fc.tuple(fc.double(), fc.double()).map((coordinates) => ({ type: 'Point', coordinates })), // NaN and ∞ travel as null
  fc.constant({ type: 'Polygon', coordinates: [ring(5)] }), // not closed
  fc.constant({
    type: 'Polygon',
    coordinates: [
      [
        [106, 20],
        [106.1, 20.1],
        [106.1, 20],
        [106, 20.1],
        [106, 20],
      ],
    ],
  }), // a bow tie
  fc.constant({ type: 'Polygon', coordinates: [[...ring(20_000), ring(20_000)[0]]] }), // 20,000 vertices
  fc.constant({ type: 'Polygon', coordinates: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const date = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('2019-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  text,
);

/** An arbitrary for an input type, nested input objects to a few levels. */
function arbitrary(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType<GraphQLInputType>(type);
  const value = ((): fc.Arbitrary<unknown> => {
    if (isListType(inner)) return fc.array(arbitrary(inner.ofType, depth), { maxLength: 3 });
    if (isEnumType(inner)) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.value)) }, fc.constant('NOT_A_VALUE'));
    if (isInputObjectType(inner)) {
      if (depth > 2) return fc.constant({});
      const fields = Object.values(inner.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitrary(f.type, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    }
    switch (isScalarType(inner) ? inner.name : '') {
      case 'Int':
        return fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 1, max: 50 }) },
          fc.integer(),
          fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648, 2 ** 53),
          fc.double(),
        );
      case 'Float':
        return fc.oneof(fc.double(), fc.constantFrom(0, 106.3, 20.4, 1e308));
      case 'Boolean':
        return fc.boolean();
      case 'Date':
        return date;
      case 'DateTime':
        return date.map((d) => `${d}T00:00:00Z`);
      case 'GeoJSON':
        return geojson;
      default:
        return text;
    }
  })();
  return isNonNullType(type) ? value : fc.option(value, { nil: null });
}

const selection = (field: GraphQLField<unknown, unknown>) => {
  const type = getNamedType(field.type);
  return isObjectType(type) || (!isScalarType(type) && !isEnumType(type)) ? '{ __typename }' : '';
};

describe('random arguments to every query and mutation (fast-check)', () => {
  it('never a 5xx or an internal error, never SQL in a message; a refused write leaves no audit entry', async () => {
    // An admin of its own, so the audit entries counted are this test's alone.
    const bearer = (await new Tokens(testAuth).sign({ sub: actor, role: Role.ADMIN, units: [] })).token;
    const knex = running.orm.em.getKnex();
    const written = async () => (await runSql(knex, 'select count(*)::int as n from audit_entry where actor = ?', [actor])).rows[0].n as number;
    let calls = 0;
    for (const [operation, root] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const field of Object.values(root.getFields())) {
        if (field.args.length === 0) continue;
        const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const source = `${operation} (${declared}) { ${field.name}(${passed}) ${selection(field)} }`;
        const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitrary(a.type)])), { requiredKeys: [] });
        await fc.assert(
          fc.asyncProperty(variables, async (values) => {
            const before = operation === 'mutation' ? await written() : 0;
            const res = await fetch(`${running.hub.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
              body: JSON.stringify({ query: source, variables: values }),
            });
            calls++;
            expect(res.status, `${field.name}: HTTP ${res.status}`).toBeLessThan(500);
            const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
            for (const error of body.errors ?? []) {
              expect(error.extensions?.code, `${field.name}: ${error.message}`).toBeDefined();
              expect(error.extensions?.code, `${field.name}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
              expect(error.message).not.toMatch(/select |insert |relation "|syntax error at|at .*\.ts:\d+/i);
            }
            if (operation === 'mutation' && body.errors && !body.data?.[field.name])
              expect(await written(), `${field.name} was refused but wrote`).toBe(before);
          }),
          { numRuns: runs },
        );
      }
    }
    expect(calls).toBeGreaterThan(runs * 40);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);
});

/** A GraphQL literal for a JSON value (strings quoted, object keys bare). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${/^[_A-Za-z]\w*$/.test(k) ? k : 'bad'}: ${literal(v)}`)
      .join(', ')} }`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

/**
 * A random document from the schema, driven by fast-check's choices: fields (and now and then
 * one that does not exist) to a random depth, past the depth limit at times, with aliases,
 * alias floods, huge page sizes and random argument values written inline.
 */
function documentArbitrary(): fc.Arbitrary<string> {
  return fc
    .record({
      choices: fc.array(fc.nat({ max: 1_000 }), { minLength: 64, maxLength: 64 }),
      depth: fc.integer({ min: 1, max: 16 }),
      flood: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 60 })),
      mutation: fc.boolean(),
      values: fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 8, maxLength: 8 }),
    })
    .map(({ choices, depth, flood, mutation, values }) => {
      let next = 0;
      const choose = (n: number) => choices[next++ % choices.length] % n;
      const select = (type: GraphQLNamedType, level: number): string => {
        if (!(isObjectType(type) || isInterfaceType(type)) || level > depth) return '';
        const fields = Object.values(type.getFields());
        const picked = Array.from({ length: 1 + choose(3) }, () => fields[choose(fields.length)]);
        const parts = picked.map((field, i) => {
          const args = field.args
            .filter(() => choose(2) === 0)
            .map((a) => `${a.name}: ${a.name === 'first' && choose(3) === 0 ? 100_000 : literal(values[choose(values.length)])}`);
          const inner = select(getNamedType(field.type), level + 1);
          const named = getNamedType(field.type);
          const needsSelection = isObjectType(named) || isInterfaceType(named) || !(isScalarType(named) || isEnumType(named));
          const body = needsSelection ? `{ ${inner || '__typename'} }` : '';
          const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''} ${body}`;
          const copies = level === 1 && i === 0 ? flood : 1;
          return Array.from({ length: copies }, (_, k) => `${copies > 1 || choose(4) === 0 ? `a${k}_${i}: ` : ''}${call}`).join(' ');
        });
        if (choose(10) === 0) parts.push('noSuchField');
        return parts.join(' ');
      };
      const root = mutation ? schema.getMutationType()! : schema.getQueryType()!;
      return `${mutation ? 'mutation' : 'query'} { ${select(root, 1) || '__typename'} }`;
    });
}

describe('random documents (fast-check)', () => {
  it('deep, aliased, huge or wrong: always a coded answer, never a 5xx, and the server keeps serving', async () => {
    const bearer = (await new Tokens(testAuth).sign({ sub: actor, role: Role.ADMIN, units: [] })).token;
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(documentArbitrary(), async (query) => {
        const res = await fetch(`${running.hub.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ query }),
        });
        expect(res.status, query).toBeLessThan(500);
        const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
        for (const error of body.errors ?? []) {
          expect(error.extensions?.code, `${query}: ${error.message}`).toBeDefined();
          expect(error.extensions?.code, `${query}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
          codes.set(error.extensions!.code!, (codes.get(error.extensions!.code!) ?? 0) + 1);
        }
      }),
      { numRuns: runs * 8 },
    );
    // The documents did reach the limits and the validator, not only the happy path.
    expect(codes.has('GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);

  it('refuses bodies that are not UTF-8 text or that hold a million-vertex polygon, with a coded answer', async () => {
    const invalid = Buffer.concat([Buffer.from('{"query":"{ adminUnit(code: \\"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\\") { name } }"}')]);
    const bad = await fetch(`${running.hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: invalid });
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { errors?: { extensions: { code: string } }[]; data?: unknown };
    expect(answer.errors?.[0].extensions.code).toBe('INVALID_UTF8');
    const huge = { type: 'Polygon', coordinates: [[...ring(1_000_000), ring(1_000_000)[0]]] };
    const res = await rawRequest(
      'POST',
      '/graphql',
      { 'content-type': 'application/json' },
      Buffer.from(
        JSON.stringify({ query: 'query ($area: GeoJSON!) { cameraSites(filter: { intersects: $area }) { totalCount } }', variables: { area: huge } }),
      ),
    );
    expect(res.status).toBe(413);
    expect((JSON.parse(res.text) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

// ---------------------------------------------------------------- the whole request

/** A request as raw as HTTP allows: any method, headers and bytes, which fetch would tidy up. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<{ status: number; text: string }> {
  const { port } = new URL(running.hub.url);
  let answered = false;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // A server may answer before the body is all sent (a 413) and close: what counts is the answer the client got.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.end(body);
  });
}

const nestedJson = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);
const operationDocs = [
  '{ __typename }',
  'query A { __typename } query B { adminUnits(first: 1) { totalCount } }',
  'query ($id: ID!) { node(id: $id) { id } }',
  'query ($s: String, $asOf: Date) { adminUnits(search: $s, asOf: $asOf, first: 2) { totalCount } }',
  'query ($f: CameraSiteFilter, $after: String) { cameraSites(filter: $f, after: $after, first: 2) { totalCount } }',
  'mutation ($input: CloseCameraSiteInput!) { closeCameraSite(input: $input) { id } }',
  'subscription { changes { cursor } }',
  '{ adminUnits(first: 1) { nodes { name } } ',
];
/** Plausible values for the documents' variables, the envelope's hostile ones among them. */
const variableValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(
    toGlobalId('CameraSite', '99999999999999'),
    toGlobalId('CameraSite', 1),
    'Q2FtZXJhU2l0ZTot',
    '2021-02-30',
    '2021-02-28',
    '!!!',
    'Kỳ Bá',
    -1,
    2 ** 31,
    1e308,
  ),
  fc.integer({ min: 0, max: 60 }).map((depth) => JSON.parse(nestedJson(depth)) as unknown),
);
const envelopeArbitrary = fc.record(
  {
    query: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...operationDocs) }, fc.jsonValue({ maxDepth: 1 })),
    operationName: fc.option(fc.oneof(fc.constantFrom('A', 'B', 'C', ''), fc.jsonValue({ maxDepth: 1 })), { nil: undefined }),
    variables: fc.option(
      fc.oneof(
        fc.dictionary(fc.constantFrom('id', 's', 'asOf', 'f', 'after', 'input'), variableValue),
        fc.record({ input: fc.record({ id: variableValue, removedOn: variableValue, version: variableValue }, { requiredKeys: [] }) }),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { nil: undefined },
    ),
    extensions: fc.option(
      fc.oneof(
        fc.record({
          persistedQuery: fc.record(
            {
              version: fc.oneof(fc.constantFrom(1, 2, 0, '1'), fc.jsonValue({ maxDepth: 1 })),
              sha256Hash: fc.oneof(
                fc.constant('match'),
                fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
                fc.jsonValue({ maxDepth: 1 }),
              ),
            },
            { requiredKeys: [] },
          ),
        }),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: [] },
);

/** The body's JSON text, then how it is spoilt or wrapped: extra nesting, bytes that are not UTF-8, another charset, a compression (declared or not). */
const requestArbitrary = fc
  .record({
    method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')),
    envelope: envelopeArbitrary,
    batch: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, fc.constant(true)),
    // Each spoiling now and then, so that most requests reach the envelope's later checks and the resolvers.
    deep: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.integer({ min: 20, max: 40 }), fc.constant(50_000)),
    spoil: fc.oneof({ weight: 8, arbitrary: fc.constant('none') }, fc.constantFrom('invalid-utf8', 'utf16', 'truncated', 'nul', 'bom')),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16le',
        'application/graphql-response+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-8; x=1',
        '',
      ),
    ),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant('none') },
      fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, br', 'gzip-lie'),
    ),
    accept: fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', 'text/html', '*/*;q=0', 'application/json;q=abc'),
    authorization: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('none', 'admin') }, fc.constantFrom('Bearer garbage', 'Basic abc', 'Bearer ')),
    preflight: fc.boolean(),
    // A third of the requests carry no fault in their envelope, so that each run reaches the resolvers too.
    clean: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
  .map((r) =>
    r.clean
      ? {
          ...r,
          deep: 0,
          spoil: 'none',
          contentType: 'application/json',
          encoding: 'none',
          batch: false,
          authorization: r.authorization === 'admin' ? 'admin' : 'none',
        }
      : r,
  );

function bodyOf(r: { envelope: Record<string, unknown>; batch: boolean; deep: number; spoil: string; encoding: string }): Buffer {
  const envelope = { ...r.envelope };
  if (typeof envelope.query === 'string' && (envelope.extensions as { persistedQuery?: { sha256Hash?: unknown } })?.persistedQuery?.sha256Hash === 'match') {
    (envelope.extensions as { persistedQuery: { sha256Hash: string } }).persistedQuery.sha256Hash = createHash('sha256').update(envelope.query).digest('hex');
  }
  let text = JSON.stringify(r.batch ? [envelope, envelope] : envelope);
  if (r.deep) text = text.replace(/^\{/, `{"deep":${nestedJson(r.deep)},`);
  let bytes = r.spoil === 'utf16' ? Buffer.from(text, 'utf16le') : Buffer.from(text);
  if (r.spoil === 'invalid-utf8')
    bytes = Buffer.concat([bytes.subarray(0, bytes.length - 2), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(bytes.length - 2)]);
  if (r.spoil === 'truncated') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
  if (r.spoil === 'nul') bytes = Buffer.from(text.replace(/"\{/, '"\\u0000{'));
  if (r.spoil === 'bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  if (r.encoding === 'gzip') return gzipSync(bytes);
  if (r.encoding === 'deflate') return deflateSync(bytes);
  if (r.encoding === 'br') return brotliCompressSync(bytes);
  if (r.encoding === 'gzip, br') return brotliCompressSync(gzipSync(bytes));
  return bytes;
}

/** A path of every REST door with random parameters: /geo, /tiles, /export, the health checks. */
const restArbitrary = fc.record({
  door: fc.constantFrom('geo', 'tiles-json', 'tiles', 'export', 'health', 'graphql-get'),
  file: fc.constantFrom('units', 'labels', 'heritage', 'cameras', 'mailboxes', 'models', 'cameraSites', 'commendations', 'nothing', '..', '%00'),
  format: fc.constantFrom('csv', 'geojson', 'json', 'mvt', 'xlsx'),
  zxy: fc.tuple(
    fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('x', '-1', '99999999999')),
    fc.oneof(fc.nat({ max: 300 }), fc.constant('1e9')),
    fc.oneof(fc.nat({ max: 300 }), fc.constant('0x1')),
  ),
  params: fc.dictionary(
    fc.constantFrom(
      'level',
      'asOf',
      'from',
      'to',
      'year',
      'metric',
      'simplify',
      'precision',
      'filter',
      'orderBy',
      'query',
      'variables',
      'extensions',
      'operationName',
    ),
    fc.oneof(
      fc.constantFrom(
        'COMMUNE',
        'DISTRICT',
        'constructor',
        '2021-02-30',
        '2021-12-31',
        '2024-13-01',
        '0000-00-00',
        '2021',
        '-1',
        '1e999',
        'NaN',
        '{"from":"2021-02-30"}',
        '{"unitCode":"341","search":"!!!"}',
        nestedJson(40),
        '{"x":',
        'NAME_ASC,NOPE',
        '{ __typename }',
        'query A { __typename } query B { __typename }',
      ),
      fc.string({ maxLength: 12 }),
    ),
  ),
  brokenEscape: fc.boolean(),
});

function restPath(r: {
  door: string;
  file: string;
  format: string;
  zxy: [unknown, unknown, unknown];
  params: Record<string, string>;
  brokenEscape: boolean;
}): string {
  const search = new URLSearchParams(r.params).toString() + (r.brokenEscape ? '&asOf=%E0%A4%A&level=%ZZ' : '');
  const path = {
    geo: `/geo/${r.file}.${r.format}`,
    'tiles-json': `/tiles/${r.file}.json`,
    tiles: `/tiles/${r.file}/${r.zxy.join('/')}.${r.format}`,
    export: `/export/${r.file}.${r.format}`,
    health: r.file === 'units' ? '/readyz' : '/healthz',
    'graphql-get': '/graphql',
  }[r.door]!;
  return `${path}?${search}`;
}

/** What every answer must be: no 5xx, and, when it is a GraphQL-style JSON answer, coded errors none of which is internal. */
function expectCoded(status: number, text: string, what: string): void {
  expect(status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500);
  if (!text.startsWith('{')) return;
  let body: { errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return; // a GeoJSON or CSV export that is not an error
  }
  for (const error of body.errors ?? []) {
    expect(error.extensions?.code, `${what}: ${error.message}`).toBeDefined();
    expect(error.extensions?.code, `${what}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

describe('random envelopes (fast-check)', () => {
  const envelopeActor = 'test-envelope-admin';
  let internalLogs: unknown[][];
  let restore = () => undefined as void;
  beforeAll(() => {
    // The hub runs in this process: anything it logs as internal is a failure of the invariant too.
    internalLogs = [];
    const unwatch = watchLog((level, args) => level >= errorLevel && internalLogs.push(args));
    restore = () => void unwatch();
  });
  afterAll(() => restore());
  const written = async () =>
    (await runSql(running.orm.em.getKnex(), 'select count(*)::int as n from audit_entry where actor = ?', [envelopeActor])).rows[0].n as number;

  it('any method, headers, content type, encoding, operationName, extensions and variables over HTTP: never a 5xx or an internal error, nothing written', async () => {
    const admin = (await new Tokens(testAuth).sign({ sub: envelopeActor, role: Role.ADMIN, units: [] })).token;
    const before = await written();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.encoding !== 'none') headers['content-encoding'] = r.encoding === 'gzip-lie' ? 'gzip' : r.encoding;
        if (r.accept) headers.accept = r.accept;
        if (r.authorization !== 'none') headers.authorization = r.authorization === 'admin' ? `Bearer ${admin}` : r.authorization;
        if (r.preflight) headers['apollo-require-preflight'] = 'true';
        const withBody = r.method !== 'GET' && r.method !== 'HEAD';
        const query = withBody
          ? ''
          : `?${new URLSearchParams(Object.entries(r.envelope).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}`;
        const res = await rawRequest(r.method, `/graphql${query}`, headers, withBody ? bodyOf(r) : undefined);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expectCoded(res.status, res.text, JSON.stringify(r).slice(0, 500));
      }),
      {
        numRuns: runs * 8,
        // A plain request among the random ones, so that every run reaches an answer as well as the refusals.
        examples: [
          [
            {
              method: 'POST',
              envelope: { query: operationDocs[0] },
              batch: false,
              deep: 0,
              spoil: 'none',
              contentType: 'application/json',
              encoding: 'none',
              accept: undefined,
              authorization: 'none',
              preflight: false,
              clean: true,
            },
          ],
        ],
      },
    );
    expect(internalLogs).toEqual([]);
    expect(await written()).toBe(before);
    // The requests reached both the refusals and the answers.
    expect(
      [...statuses.keys()].some((s) => s === 200),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(
      [...statuses.keys()].some((s) => s >= 400),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);

  it('every REST door with random parameters: never a 5xx or an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(restArbitrary, fc.boolean(), async (r, head) => {
        const path = restPath(r);
        const res = await rawRequest(head ? 'HEAD' : 'GET', path, { 'apollo-require-preflight': 'true' }, undefined);
        expectCoded(res.status, res.text, path);
      }),
      { numRuns: runs * 8 },
    );
    expect(internalLogs).toEqual([]);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);

  it('random graphql-ws messages: never an internal error, the socket closes with a 44xx code at worst, the server stays up', async () => {
    const message = fc.oneof(
      fc.record(
        {
          type: fc.constant('connection_init'),
          payload: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ authorization: 'Bearer garbage' })), { nil: undefined }),
        },
        { requiredKeys: ['type'] },
      ),
      fc.record(
        { id: fc.oneof(fc.constantFrom('1', '2'), fc.jsonValue({ maxDepth: 1 })), type: fc.constant('subscribe'), payload: envelopeArbitrary },
        { requiredKeys: ['type', 'payload'] },
      ),
      fc.record({ id: fc.constantFrom('1', '2'), type: fc.constantFrom('complete', 'ping', 'pong', 'next', 'error', 'nonsense') }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const frames = fc.array(
      fc.oneof(
        { weight: 6, arbitrary: message.map((m) => JSON.stringify(m)) },
        fc.constantFrom(
          '{"type":"subscribe","id":"9","payload":{"query":"subscription { changes { cursor } }","variables":{"v":' + nestedJson(10_000) + '}}}',
          'not json',
          '',
        ),
        fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
      ),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), frames, async (init, sent) => {
        const socket = new WebSocket(running.hub.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
        const received: string[] = [];
        socket.on('message', (data: Buffer) => received.push(data.toString()));
        const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        if (init) socket.send(JSON.stringify({ type: 'connection_init' }));
        for (const frame of sent) socket.send(frame);
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 150))]);
        socket.close();
        const code = await closed;
        expect([1000, 1005, 1006, 4400, 4401, 4403, 4409, 4429, 4499, 4500].includes(code) && code !== 4500, `closed ${code}`).toBe(true);
        for (const text of received) {
          const parsed = JSON.parse(text) as { type: string; payload?: unknown };
          const errors =
            parsed.type === 'error'
              ? (parsed.payload as { extensions?: { code?: string } }[])
              : parsed.type === 'next'
                ? ((parsed.payload as { errors?: { extensions?: { code?: string } }[] }).errors ?? [])
                : [];
          for (const error of errors) expect(error.extensions?.code, text).not.toBe('INTERNAL_SERVER_ERROR');
        }
      }),
      { numRuns: runs * 2 },
    );
    expect(internalLogs).toEqual([]);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);
});
