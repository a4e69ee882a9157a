import { describe, expect, it } from 'vitest';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
const admin = viewerAs(Role.ADMIN);

// Strings an attacker or a broken client sends: SQL, a NUL, an unpaired surrogate, decomposed Vietnamese, a huge one.
const hostile = ["'; drop table commendation; --", "12442' or '1'='1", 'a\u0000b', '\ud800', 'Ky\u0300 Ba\u0301', 'x'.repeat(100_000)];

/** A value for an input type: the hostile string for every String and ID, something plausible for the rest. */
function valueFor(type: GraphQLInputType, text: string, depth = 0): unknown {
  const inner = getNullableType<GraphQLInputType>(type);
  if (isListType(inner)) return [valueFor(inner.ofType, text, depth)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    if (depth > 3) return null;
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type) || depth === 0)
        .map((f) => [f.name, valueFor(f.type, text, depth + 1)]),
    );
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'String':
      case 'ID':
        return text;
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'Date':
        return '2021-06-30';
      case 'GeoJSON':
        return { type: 'Point', coordinates: [106.345, 20.446] };
      default:
        return text;
    }
  }
  return null;
}

const selection = (field: GraphQLField<unknown, unknown>) => {
  const type = getNamedType(field.type);
  return isObjectType(type) || (!isScalarType(type) && !isEnumType(type)) ? '{ __typename }' : '';
};

describe('hostile strings in every argument of every query and mutation', () => {
  it('get a coded answer, never an internal error, and leave the data as it was', async () => {
    const knex = hub.orm.em.getKnex();
    const tables = async () =>
      (
        await runSql(
          knex,
          `select (select count(*) from commendation)::int as c, (select count(*) from admin_unit)::int as u, (select count(*) from app_user)::int as p`,
        )
      ).rows[0];
    const before = await tables();
    const roots = [
      ['query', hub.schema.getQueryType()!],
      ['mutation', hub.schema.getMutationType()!],
    ] as const;
    let calls = 0;
    for (const [operation, root] of roots) {
      for (const field of Object.values(root.getFields())) {
        const args = field.args;
        if (!args.some((a) => ['String', 'ID'].includes(getNamedType(a.type).name) || isInputObjectType(getNamedType(a.type)))) continue;
        for (const text of hostile) {
          const variables = Object.fromEntries(args.map((a) => [a.name, valueFor(a.type, text)]));
          const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
          const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
          const source = `${operation} (${declared}) { ${field.name}(${passed}) ${selection(field)} }`;
          const result = await hub.query(source, variables, admin);
          calls++;
          for (const error of result.errors ?? []) {
            // graphql-js's own input coercion errors have no code in-process; over HTTP they become BAD_USER_INPUT.
            const code = error.extensions?.code;
            expect.soft(code, `${field.name} with ${JSON.stringify(text.slice(0, 40))}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
            expect.soft(error.message).not.toMatch(/select |insert |relation "|syntax error at/i);
            if (code === undefined)
              expect
                .soft(error.originalError === undefined || error.originalError.constructor.name === 'GraphQLError', `${field.name}: ${error.message}`)
                .toBe(true);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(50);
    const after = await tables();
    // Writes with a hostile but valid name may be stored (it is only text); nothing else changes.
    expect(after.u).toBe(before.u);
    expect(after.p).toBe(before.p);
  }, 120_000);
});
