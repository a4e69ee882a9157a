import { GraphQLError } from 'graphql';

/** Error codes clients can branch on; the message says what to fix. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'RESYNC_REQUIRED'
  | 'PERSISTED_QUERY_NOT_ALLOWED'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Why a value was refused, stable across wordings (docs/errors.md lists them):
 * forms pick their own sentence by it, and by `extensions.field`.
 */
export type RefusalReason =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'INVALID_CURSOR'
  | 'IN_THE_FUTURE'
  | 'INVALID_FORMAT'
  | 'INVALID_DATE'
  | 'INVALID_ID'
  | 'WRONG_TYPE'
  | 'NOT_FOUND'
  | 'NOT_IN_TERRITORY'
  | 'OUTSIDE_UNIT'
  | 'INVALID_GEOMETRY'
  | 'VERSION_CONFLICT'
  | 'ALREADY_ENDED'
  | 'NOTHING_TO_CHANGE'
  | 'NOT_ALLOWED'
  | 'SEARCH_WITHOUT_WORDS'
  | 'INVALID_VALUE'
  | 'UNKNOWN_COLUMN';

export function userError(message: string, code: ErrorCode = 'BAD_USER_INPUT', extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** A refusal of one input field: the code, the field's name and why, with a sentence saying what to send instead. */
export function fieldError(field: string | null, reason: RefusalReason, message: string, code: ErrorCode = 'BAD_USER_INPUT'): GraphQLError {
  return userError(message, code, { field, reason });
}

/** The HTTP status of a coded error answered outside GraphQL (exports, tiles): its own, else by its code; undefined for anything else. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const own = (error.extensions.http as { status?: number } | undefined)?.status;
  return own ?? ({ BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403 } as Record<string, number>)[String(error.extensions.code)];
}

/** The reason a refusal carries when its source named none: by its code. */
export function defaultReason(code: unknown): RefusalReason {
  return code === 'CONFLICT' ? 'VERSION_CONFLICT' : code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? 'NOT_ALLOWED' : 'INVALID_VALUE';
}
