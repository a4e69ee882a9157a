import { GraphQLError, type GraphQLSchema } from 'graphql';
import { defaultReason } from './errors';

/** A refusal as a form reads it: `field` (null when no one field is at fault) and `reason` beside the code. */
function described(error: unknown): unknown {
  if (!(error instanceof GraphQLError) || error.extensions.code === undefined || error.extensions.code === 'INTERNAL_SERVER_ERROR') return error;
  if (error.extensions.reason !== undefined && error.extensions.field !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, field: error.extensions.field ?? null, reason: error.extensions.reason ?? defaultReason(error.extensions.code) },
  });
}

/**
 * Every refusal of a mutation carries `extensions.field` and
 * `extensions.reason` (docs/errors.md), whichever check made it: the
 * checks name them where they know them, this fills in the rest.
 */
export function describeWriteRefusals(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (source, args, context, info) => {
      try {
        return await resolve(source, args, context, info);
      } catch (error) {
        throw described(error);
      }
    };
  }
  return schema;
}

/**
 * A variable that does not fit its type, refused before any resolver runs:
 * the input field graphql-js names in its sentence, and whether it was missing.
 */
export function variableRefusal(message: string): { field: string | null; reason: 'REQUIRED' | 'INVALID_VALUE' } | undefined {
  if (!message.startsWith('Variable "$')) return undefined;
  const at = /at "[^".]+\.([^"]+)"/.exec(message)?.[1] ?? null;
  const missing = /Field "([^"]+)" of required type [^ ]+ was not provided/.exec(message)?.[1];
  const path = missing ? (at ? `${at}.${missing}` : missing) : at;
  return { field: path, reason: missing || /must not be null/.test(message) ? 'REQUIRED' : 'INVALID_VALUE' };
}
