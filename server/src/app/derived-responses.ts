import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Kind, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { todayInVietnam } from '@anbinh/shared';
import { LRUCache } from 'lru-cache';
import type { Freshness } from '../changes/freshness';
import type { Context } from '../graphql/context';

/**
 * Root fields whose answer is derived from the records and the geography alone
 * (counts, sums, rates), the same for everyone with the same rights: a
 * country's choropleth is 10,640 values, and executing and serialising them
 * cost more than computing them. Their whole response is kept until any record
 * changes (a write here, or any server's through the change feed).
 */
const derivedFields = new Set(['metricValues', 'aggregate', 'report', 'metrics']);

/** The root fields of a query, or undefined when it has anything else at its root (fragments included). */
function rootFields(operation: OperationDefinitionNode): string[] | undefined {
  const names: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    names.push(selection.name.value);
  }
  return names;
}

interface Kept {
  stamp: string;
  response: GraphQLResponse;
}

/**
 * @param freshness the tables' generations (every table a record or audit entry lives in moves them)
 * @param maxResponses how many responses are kept, least recently used first out
 */
/** Answers given from memory and computed (for the metrics). */
export interface AnswerCacheCounts {
  hits: number;
  misses: number;
}

export function derivedResponsesPlugin(
  freshness: Freshness,
  counts: AnswerCacheCounts = { hits: 0, misses: 0 },
  maxResponses = 32,
): ApolloServerPlugin<Context> {
  const kept = new LRUCache<string, Kept>({ max: maxResponses });
  return {
    async requestDidStart() {
      let key: string | undefined;
      let stamp = '';
      let hit = false;
      return {
        async responseForOperation({ operation, queryHash, request, contextValue }) {
          if (operation.operation !== OperationTypeNode.QUERY) return null;
          const fields = rootFields(operation);
          if (!fields?.length || !fields.every((f) => f === '__typename' || derivedFields.has(f))) return null;
          const { role, units } = contextValue.viewer;
          // Today's date (in Vietnam, as the API's defaults) is in the key: an answer read "as of today" changes at midnight.
          key = JSON.stringify([queryHash, request.operationName ?? null, request.variables ?? {}, role, [...units].sort(), todayInVietnam()]);
          // Taken before computing: a change while it computes makes this answer stale at once.
          stamp = freshness.stampAll();
          const entry = kept.get(key);
          if (!entry || entry.stamp !== stamp) {
            counts.misses++;
            return null;
          }
          counts.hits++;
          hit = true;
          return entry.response;
        },
        async willSendResponse({ response }) {
          if (!key || hit || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          kept.set(key, { stamp, response: { http: { status: undefined, headers: new HeaderMap() }, body: response.body } });
        },
      };
    },
  };
}
