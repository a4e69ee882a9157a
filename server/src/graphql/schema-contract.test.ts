import { describe, expect, it } from 'vitest';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLSchema,
} from 'graphql';
import { createSchema } from '../app/schema';
import { printHubSchema, printRecordTypes, readCommittedRecordTypes, readCommittedSchema } from '../app/write-schema';

const rewrite = 'run pnpm --filter @anbinh/server schema:write and review the diff';

/**
 * Every type, field, argument, input field and enum value of the schema that
 * has no description, as `Type`, `Type.field`, `Type.field(arg)` or
 * `Enum.VALUE`. Root operation types (Query, Mutation, Subscription) are
 * exempt themselves, but not their fields.
 */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  const args = (owner: string, list: readonly GraphQLArgument[]) => {
    for (const arg of list) if (!arg.description?.trim()) missing.push(`${owner}(${arg.name})`);
  };
  for (const type of Object.values(schema.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!roots.has(type as never) && !type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        args(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    if (!directive.description?.trim()) missing.push(`@${directive.name}`);
    args(`@${directive.name}`, directive.args);
  }
  return missing;
}

describe('the schema as a contract', () => {
  it('matches the committed server/schema.graphql', async () => {
    const printed = await printHubSchema();
    const committed = readCommittedSchema();
    if (committed === undefined) throw new Error(`server/schema.graphql is missing: ${rewrite}.`);
    // Compare first, so that the failure leads with what to do rather than a long diff.
    if (committed !== printed) {
      expect(printed, `the schema changed: ${rewrite}.`).toBe(committed);
    }
  });

  it('builds it from every record type the feature folders declare (app/record-types.ts)', () => {
    expect(readCommittedRecordTypes(), `a record type was added or removed: ${rewrite}.`).toBe(printRecordTypes());
  });

  it('describes every type, field, argument and enum value', async () => {
    expect(undescribed(await createSchema()), 'describe these in the schema').toEqual([]);
  });

  it('finds what lacks a description', async () => {
    const { buildSchema } = await import('graphql');
    const schema = buildSchema(`
      "Root" type Query { "ok" described(x: Int): Thing  bare("ok" y: Int): Thing }
      type Thing { "ok" a: Int }
      "Colour" enum Colour { "Red" RED GREEN }
    `);
    expect(undescribed(schema)).toEqual(['Colour.GREEN', 'Query.described(x)', 'Query.bare', 'Thing']);
  });
});
