import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { fieldError } from './errors';

/** The first argument path holding a string PostgreSQL cannot store: the NUL character. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses text holding U+0000 in any argument of a root field, before its
 * resolver runs: PostgreSQL cannot store it and would answer with an internal
 * error. Only root fields are wrapped, so nested fields cost nothing.
 */
export function refuseNulInArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const path = nulPath(args, field.name);
        if (path)
          throw fieldError(
            path.slice(field.name.length + 1),
            'INVALID_FORMAT',
            `${path.slice(field.name.length + 1)} contains the NUL character (U+0000), which text may not hold; remove it.`,
          );
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
