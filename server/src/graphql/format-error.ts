import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { limitCodes } from './limits';
import { persistedQueryError, requestCodes } from './request-errors';
import { variableRefusal } from './write-refusals';
import { currentRequest, logger } from '../observability/log';

const clientCodes = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'RATE_LIMITED',
  'RESYNC_REQUIRED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'INVALID_UTF8',
  'UNSUPPORTED_CONTENT_ENCODING',
  'UNSUPPORTED_CHARSET',
  ...limitCodes,
  ...requestCodes,
]);

/** Codes that Apollo replaces with GRAPHQL_VALIDATION_FAILED when they come from a validation rule or a scalar; the client gets them back. */
const restoredCodes = new Set(['BAD_USER_INPUT', ...limitCodes]);

export const internalErrorMessage = 'The server failed to answer this request; it has been logged. Try again later.';
export const databaseUnavailableMessage = 'The database cannot be reached at the moment; the hub keeps trying. Retry in a few seconds.';

// Connection refused, reset or cut; the server shutting down or starting (SQLSTATE 57P01–57P03, class 08).
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Whether an error (or what caused it) says the database could not be reached, rather than that a statement failed. */
export function databaseUnreachable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (unreachableCodes.has(String(e.code))) return true;
    if (/Connection terminated|Timeout acquiring a connection|Client was closed|connection is closed/i.test(String(e.message))) return true;
  }
  return false;
}

/**
 * Keeps the errors meant for the client and hides everything else behind a
 * generic sentence, so no SQL, table name or stack trace ever leaves the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { stacktrace: _hidden, ...extensions } = formatted.extensions ?? {};
  // A scalar's BAD_USER_INPUT, or a limit's refusal, is wrapped as a validation failure by Apollo: give it its code (and sentence) back.
  const cause = original instanceof GraphQLError ? original.originalError : undefined;
  if (cause instanceof GraphQLError && restoredCodes.has(String(cause.extensions.code))) {
    const { code: restored, field, reason } = cause.extensions;
    return {
      ...formatted,
      message: cause.message,
      extensions: { ...extensions, code: restored, ...(reason !== undefined ? { field: field ?? null, reason } : {}) },
    };
  }
  const persisted =
    formatted.extensions?.code === undefined || formatted.extensions.code === 'INTERNAL_SERVER_ERROR' ? persistedQueryError(formatted.message) : undefined;
  if (persisted) return { message: persisted.message, extensions: { ...extensions, code: persisted.code } };
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? /more tha[nt] (\d+) tokens/.exec(formatted.message) : null;
  if (tokens) {
    // graphql-js words this limit tersely (and misspelt); say what to do instead.
    return {
      ...formatted,
      message: `This query is longer than the ${Number(tokens[1]).toLocaleString('en')} tokens the hub parses; split it into smaller queries.`,
      extensions,
    };
  }
  const refusal = code === 'BAD_USER_INPUT' && extensions.field == null ? variableRefusal(formatted.message) : undefined;
  if (refusal) return { ...formatted, extensions: { ...extensions, field: refusal.field, reason: extensions.reason ?? refusal.reason } };
  if (clientCodes.has(code)) return { ...formatted, extensions };
  if (databaseUnreachable(original)) {
    return { message: databaseUnavailableMessage, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  // Logged once, with the request's id, which the answer gives too: what a reader quotes when reporting it.
  logger.error({ err: original }, 'internal error');
  const requestId = currentRequest.getStore()?.id;
  return {
    message: internalErrorMessage,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}
