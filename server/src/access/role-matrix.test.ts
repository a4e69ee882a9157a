import { describe, expect, it } from 'vitest';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';
import { toGlobalId } from '../graphql/node';

const hub = useTestHub();
const kyBa = [106.345426, 20.445976];

/** A value of the right GraphQL type (required fields only, plus a unit where one is asked): enough to get past validation to the resolver. */
/** A valid value for an input field; `description` tells a route (a line) from a point. */
function sample(type: GraphQLInputType, name: string, description = ''): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType, name, description);
  if (type instanceof GraphQLList) return [sample(type.ofType, name, description)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => f.type instanceof GraphQLNonNull || f.name === 'unitCode')
        .map((f) => [f.name, sample(f.type, f.name, f.description ?? '')]),
    );
  }
  switch (type.name) {
    case 'Int':
      return name === 'year' ? 2024 : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Date':
      return '2024-01-01';
    case 'GeoJSON':
      return description.includes('LineString')
        ? { type: 'LineString', coordinates: [kyBa, [kyBa[0] + 0.001, kyBa[1] + 0.001]] }
        : { type: 'Point', coordinates: kyBa };
    case 'ID':
      return toGlobalId('SecurityModel', 999_999_999); // no such row: an update that gets through changes nothing
    default:
      return name === 'unitCode' ? '12442' : name === 'reference' ? 'GD-2024-000001' : 'Một giá trị thử';
  }
}

const mutations = () => Object.values(hub.schema.getMutationType()!.getFields()).filter((f) => f.name !== 'signIn'); // signing in is for everyone
const call = (field: { name: string; args: readonly GraphQLArgument[]; type: unknown }) => {
  const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = getNamedType(field.type as GraphQLOutputType) instanceof GraphQLObjectType ? ' { __typename }' : '';
  return {
    document: `mutation${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(field.args.map((a) => [a.name, sample(a.type, a.name)])),
  };
};
const audits = async () => (await runSql(hub.orm.em.getKnex(), 'select count(*)::int as n from audit_entry')).rows[0].n;

describe('every mutation × every role', () => {
  it('covers the schema’s writes', () => {
    expect(mutations().map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'awardCommendation',
        'recordCameraSite',
        'createSecurityModel',
        'updateCommendation',
        'closeReportMailbox',
        'closeCommunityEducationCase',
      ]),
    );
  });

  it.each([
    ['the public', undefined, 'UNAUTHENTICATED'],
    ['an analyst', viewerAs(Role.ANALYST), 'FORBIDDEN'],
    ['a leader', viewerAs(Role.LEADER), 'FORBIDDEN'],
    ['a partner, even for its own unit', viewerAs(Role.PARTNER, ['12442']), 'FORBIDDEN'],
  ])('refuses %s with %s, writing nothing', async (_who, viewer, code) => {
    const before = await audits();
    for (const m of mutations()) {
      const { document, variables } = call(m);
      const result = await hub.query(document, variables, viewer);
      expect({ mutation: m.name, code: result.errors?.[0]?.extensions?.code }).toEqual({ mutation: m.name, code });
    }
    expect(await audits()).toBe(before);
  });

  // What only an admin manages, outside the records: officers are refused these too.
  const adminOnly = new Set(['registerDocument', 'removeDocument']);

  it('lets officers and admins past the role check (whatever the sample input then gets), officers except for what only admins manage', async () => {
    for (const viewer of [viewerAs(Role.OFFICER, ['12442']), viewerAs(Role.ADMIN)]) {
      for (const m of mutations()) {
        const { document, variables } = call(m);
        const code = (await hub.query(document, variables, viewer)).errors?.[0]?.extensions?.code;
        expect({ mutation: m.name, role: viewer.role, refused: code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' }).toEqual({
          mutation: m.name,
          role: viewer.role,
          refused: viewer.role === Role.OFFICER && adminOnly.has(m.name),
        });
      }
    }
  });

  it('refuses an officer every creation in another unit (FORBIDDEN), writing nothing', async () => {
    const before = await audits();
    const outsider = viewerAs(Role.OFFICER, ['12778']);
    for (const m of mutations().filter((f) => /^(create|award)/.test(f.name))) {
      const { document, variables } = call(m);
      const result = await hub.query(document, variables, outsider);
      expect({ mutation: m.name, code: result.errors?.[0]?.extensions?.code }).toEqual({ mutation: m.name, code: 'FORBIDDEN' });
    }
    expect(await audits()).toBe(before);
  });
});
