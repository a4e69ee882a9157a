import { GraphQLError } from 'graphql';

/** Error codes clients can branch on; the message says what to fix. */
export type ErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'RATE_LIMITED' | 'RESYNC_REQUIRED' | 'INTERNAL_SERVER_ERROR';

export function userError(message: string, code: ErrorCode = 'BAD_USER_INPUT', extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
