import { GraphQLError, Kind, OperationTypeNode } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * Codes for a request that names its operation wrongly or sends a persisted
 * query Apollo cannot use, as the GraphQL-over-HTTP and APQ conventions name
 * them, each HTTP 400 with a sentence saying what to send.
 */
export const RequestCode = {
  /** Several operations in the document and no operationName. */
  OPERATION_NAME_REQUIRED: 'OPERATION_NAME_REQUIRED',
  /** operationName names no operation of the document. */
  OPERATION_NAME_NOT_FOUND: 'OPERATION_NAME_NOT_FOUND',
  /** extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it. */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** extensions.persistedQuery.version is not 1. */
  PERSISTED_QUERY_VERSION_UNSUPPORTED: 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
} as const;
export const requestCodes: readonly string[] = Object.values(RequestCode);

const bad = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** Refuses, before anything runs, a request whose operationName selects no operation of its document, or a subscription over HTTP. */
export function operationSelectionPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw bad(
              'BAD_REQUEST',
              'Subscriptions are served over WebSocket (the graphql-ws protocol) at /graphql; over HTTP, read the same events in pages with the changes query.',
            );
          }
          if (operation) return;
          const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
          const listed = names.join(', ');
          if (request.operationName == null || request.operationName === '') {
            throw bad(RequestCode.OPERATION_NAME_REQUIRED, `The document holds ${names.length} operations (${listed}): say which to run with operationName.`);
          }
          throw bad(
            RequestCode.OPERATION_NAME_NOT_FOUND,
            `operationName "${String(request.operationName).slice(0, 100)}" names no operation of the document; its operations are ${listed}.`,
          );
        },
      };
    },
  };
}

/** Apollo's own persisted-query refusals carry no code: the code and a sentence for each, by its message. */
export function persistedQueryError(message: string): { message: string; code: string } | undefined {
  if (message === 'provided sha does not match query') {
    return {
      code: RequestCode.PERSISTED_QUERY_HASH_MISMATCH,
      message:
        'extensions.persistedQuery.sha256Hash is not the SHA-256 (hex) of the query sent with it: hash the exact query text, or leave the extension out.',
    };
  }
  if (message === 'Unsupported persisted query version') {
    return {
      code: RequestCode.PERSISTED_QUERY_VERSION_UNSUPPORTED,
      message: 'extensions.persistedQuery.version must be 1, the only version of automatic persisted queries the hub speaks.',
    };
  }
  return undefined;
}
