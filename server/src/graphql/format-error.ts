import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const clientCodes = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * Keeps the errors meant for the client and hides everything else behind a
 * generic sentence, so no SQL or stack trace ever leaves the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // A scalar's own BAD_USER_INPUT error is wrapped as a validation failure by Apollo; give it its code back.
  const cause = original instanceof GraphQLError ? original.originalError : undefined;
  if (cause instanceof GraphQLError && cause.extensions.code === 'BAD_USER_INPUT') {
    return { ...formatted, message: cause.message, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (clientCodes.has(code)) {
    const { stacktrace: _hidden, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error('[graphql] internal error', original);
  return { message: 'The server failed to answer this request; it has been logged. Try again later.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
