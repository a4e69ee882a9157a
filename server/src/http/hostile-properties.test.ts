import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import { openOrm, prepareDatabase, runSql, startEmbeddedPostgis, type EmbeddedPostgis, type MikroORM } from '@anbinh/db';
import { createDatabase, runStatements, testDatabaseUrl } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { createSchema } from '../graphql/schema';
import { testAuth } from '../testing';
import { startHub, type Hub } from './hub';
import { Tokens } from '../access/tokens';

// Random values for every argument of every query and mutation, sent over HTTP as an admin (who gets
// furthest into the checks): never a 5xx, never an internal error, never SQL in a message, and a refused
// write leaves nothing. PROPERTY_RUNS sets the runs per field (25 by default; more in pnpm test:reliability).
const runs = Number(process.env.PROPERTY_RUNS ?? 25);
const actor = 'test-properties-admin';
let schema: GraphQLSchema;
// A database of its own: the random writes that pass every check are real records, and other tests count the sample's.
const running = {} as { hub: Hub; orm: MikroORM };
let embedded: EmbeddedPostgis | undefined;
let dropDatabase = async () => undefined as unknown;
beforeAll(async () => {
  schema = await createSchema();
  let url: string;
  if (inject('databaseEmbedded')) {
    embedded = await startEmbeddedPostgis({ maxConnections: 8 });
    url = embedded.url;
  } else {
    const base = new URL(testDatabaseUrl());
    const name = `${base.pathname.slice(1)}_properties`;
    url = await createDatabase(base.href, name);
    dropDatabase = () => runStatements(base.href, `drop database if exists "${name}" with (force)`);
  }
  running.orm = await openOrm(url, 2);
  await prepareDatabase(running.orm, () => undefined);
  running.hub = await startHub({
    port: 0, host: '127.0.0.1', webDir: '/nonexistent', auth: testAuth,
    database: { url, dataDir: '', poolMax: 4, preparedStatements: !embedded },
    rateLimits: { writesPerMinute: 1_000_000, signInsPer15Minutes: 1_000_000 },
  }, () => undefined);
  await running.hub.ready;
}, 240_000);
afterAll(async () => {
  await running.hub?.stop();
  await running.orm?.close();
  await embedded?.stop();
  await dropDatabase();
});

// Mostly plausible values, so that the checks deep inside are reached; the hostile ones among them.
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('12442', '34', 'Kỳ Bá', 'Ông Nguyễn Văn A', 'Tổ tự quản', 'SAMPLE-CEC-000001') },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }), // any code point
  { weight: 3, arbitrary: fc.constantFrom("'; drop table commendation; --", "12442' or '1'='1", 'a\u0000b', '\ud800x', 'Ky\u0300 Ba\u0301', '', ' ', 'x'.repeat(100_000)) },
);
const ring = (n: number) => Array.from({ length: n }, (_, i) => [106.3 + 0.01 * Math.cos((2 * Math.PI * i) / n), 20.4 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
const geojson = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: 'Point', coordinates: [106.3454, 20.446] }) },
  fc.constant({ type: 'Point', coordinates: [20.446, 106.3454] }), // lon/lat swapped
  fc.tuple(fc.double(), fc.double()).map((coordinates) => ({ type: 'Point', coordinates })), // NaN and ∞ travel as null
  fc.constant({ type: 'Polygon', coordinates: [ring(5)] }), // not closed
  fc.constant({ type: 'Polygon', coordinates: [[[106, 20], [106.1, 20.1], [106.1, 20], [106, 20.1], [106, 20]]] }), // a bow tie
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
  const inner = getNullableType(type) as GraphQLInputType;
  const value = ((): fc.Arbitrary<unknown> => {
    if (isListType(inner)) return fc.array(arbitrary(inner.ofType, depth), { maxLength: 3 });
    if (isEnumType(inner)) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.value)) }, fc.constant('NOT_A_VALUE'));
    if (isInputObjectType(inner)) {
      if (depth > 2) return fc.constant({});
      const fields = Object.values(inner.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitrary(f.type, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
    }
    switch (isScalarType(inner) ? inner.name : '') {
      case 'Int': return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 50 }) }, fc.integer(), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648, 2 ** 53), fc.double());
      case 'Float': return fc.oneof(fc.double(), fc.constantFrom(0, 106.3, 20.4, 1e308));
      case 'Boolean': return fc.boolean();
      case 'Date': return date;
      case 'DateTime': return date.map((d) => `${d}T00:00:00Z`);
      case 'GeoJSON': return geojson;
      default: return text;
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
    for (const [operation, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
      for (const field of Object.values(root.getFields())) {
        if (field.args.length === 0) continue;
        const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const source = `${operation} (${declared}) { ${field.name}(${passed}) ${selection(field)} }`;
        const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitrary(a.type)])), { requiredKeys: [] });
        await fc.assert(fc.asyncProperty(variables, async (values) => {
          const before = operation === 'mutation' ? await written() : 0;
          const res = await fetch(`${running.hub.url}/graphql`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query: source, variables: values }),
          });
          calls++;
          expect(res.status, `${field.name}: HTTP ${res.status}`).toBeLessThan(500);
          const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
          for (const error of body.errors ?? []) {
            expect(error.extensions?.code, `${field.name}: ${error.message}`).toBeDefined();
            expect(error.extensions?.code, `${field.name}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
            expect(error.message).not.toMatch(/select |insert |relation "|syntax error at|at .*\.ts:\d+/i);
          }
          if (operation === 'mutation' && body.errors && !body.data?.[field.name]) expect(await written(), `${field.name} was refused but wrote`).toBe(before);
        }), { numRuns: runs });
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
  if (typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${/^[_A-Za-z]\w*$/.test(k) ? k : 'bad'}: ${literal(v)}`).join(', ')} }`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

/**
 * A random document from the schema, driven by fast-check's choices: fields (and now and then
 * one that does not exist) to a random depth, past the depth limit at times, with aliases,
 * alias floods, huge page sizes and random argument values written inline.
 */
function documentArbitrary(): fc.Arbitrary<string> {
  return fc.record({
    choices: fc.array(fc.nat({ max: 1_000 }), { minLength: 64, maxLength: 64 }),
    depth: fc.integer({ min: 1, max: 16 }),
    flood: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 60 })),
    mutation: fc.boolean(),
    values: fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 8, maxLength: 8 }),
  }).map(({ choices, depth, flood, mutation, values }) => {
    let next = 0;
    const choose = (n: number) => choices[next++ % choices.length] % n;
    const select = (type: GraphQLNamedType, level: number): string => {
      if (!(isObjectType(type) || isInterfaceType(type)) || level > depth) return '';
      const fields = Object.values(type.getFields());
      const picked = Array.from({ length: 1 + choose(3) }, () => fields[choose(fields.length)]);
      const parts = picked.map((field, i) => {
        const args = field.args.filter(() => choose(2) === 0).map((a) => `${a.name}: ${a.name === 'first' && choose(3) === 0 ? 100_000 : literal(values[choose(values.length)])}`);
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
    await fc.assert(fc.asyncProperty(documentArbitrary(), async (query) => {
      const res = await fetch(`${running.hub.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query }),
      });
      expect(res.status, query).toBeLessThan(500);
      const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      for (const error of body.errors ?? []) {
        expect(error.extensions?.code, `${query}: ${error.message}`).toBeDefined();
        expect(error.extensions?.code, `${query}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
        codes.set(error.extensions!.code!, (codes.get(error.extensions!.code!) ?? 0) + 1);
      }
    }), { numRuns: runs * 8 });
    // The documents did reach the limits and the validator, not only the happy path.
    expect(codes.has('GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect((await fetch(`${running.hub.url}/healthz`)).status).toBe(200);
  }, 600_000);

  it('refuses bodies that are not UTF-8 text or that hold a million-vertex polygon, with a coded answer', async () => {
    const invalid = Buffer.concat([Buffer.from('{"query":"{ adminUnit(code: \\"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\\") { name } }"}')]);
    const bad = await fetch(`${running.hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: invalid });
    expect(bad.status).toBeLessThan(500);
    const answer = (await bad.json()) as { errors?: { extensions: { code: string } }[]; data?: unknown };
    for (const error of answer.errors ?? []) expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    const huge = { type: 'Polygon', coordinates: [[...ring(1_000_000), ring(1_000_000)[0]]] };
    const res = await fetch(`${running.hub.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ($area: GeoJSON!) { cameraSites(filter: { intersects: $area }) { totalCount } }', variables: { area: huge } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
