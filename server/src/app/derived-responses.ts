import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Kind, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { todayInVietnam } from '@anbinh/shared';
import { LRUCache } from 'lru-cache';
import { currentReads, type Freshness, type Reads } from '../changes/freshness';
import type { Context } from '../graphql/context';

/**
 * Root fields whose answer is derived from the records and the geography alone
 * (counts, sums, rates), the same for everyone with the same rights: a
 * country's choropleth is 10,640 values, and executing and serialising them
 * cost more than computing them. Their whole response is kept until a write
 * reaches what it read (its tables; the territory and period of the kept
 * values it used), here or through any server's change feed.
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
  /** Changes up to here are known not to reach it. */
  mark: number;
  reads: Reads;
  response: GraphQLResponse;
}

/** Answers given from memory (kept, or computed once for several askers) and computed (for the metrics). */
export interface AnswerCacheCounts {
  hits: number;
  misses: number;
}

/** How long askers wait for the one computing an answer before computing it themselves. */
const waitMs = 10_000;

/**
 * @param freshness the changes made (by tables, territory and period), here and through the change feed
 * @param maxResponses how many responses are kept, least recently used first out
 */
export function derivedResponsesPlugin(
  freshness: Freshness,
  counts: AnswerCacheCounts = { hits: 0, misses: 0 },
  maxResponses = 32,
): ApolloServerPlugin<Context> {
  const kept = new LRUCache<string, Kept>({ max: maxResponses });
  /** Answers being computed, so that those asking meanwhile wait for it instead of computing it again. */
  const computing = new Map<string, Promise<Kept | undefined>>();
  return {
    async requestDidStart() {
      let key: string | undefined;
      let computed: ((entry: Kept | undefined) => void) | undefined;
      let mark = 0;
      let reads: Reads | undefined;
      return {
        async responseForOperation({ operation, queryHash, request, contextValue }) {
          if (operation.operation !== OperationTypeNode.QUERY) return null;
          const fields = rootFields(operation);
          if (!fields?.length || !fields.every((f) => f === '__typename' || derivedFields.has(f))) return null;
          // What the execution reads is collected per HTTP request (hub.ts); without it, nothing is kept.
          reads = currentReads();
          if (!reads) return null;
          const { role, units } = contextValue.viewer;
          // Today's date (in Vietnam, as the API's defaults) is in the key: an answer read "as of today" changes at midnight.
          key = JSON.stringify([queryHash, request.operationName ?? null, request.variables ?? {}, role, [...units].sort(), todayInVietnam()]);
          const now = freshness.mark();
          // Fresh as of when this request came: a change after that is one its asker could not have seen yet.
          const fresh = (entry: Kept | undefined) => entry && freshness.unchangedSince(entry.mark, entry.reads.reaches(), now) && entry;
          let entry = fresh(kept.get(key));
          const pending = entry ? undefined : computing.get(key);
          if (pending) entry = fresh(await Promise.race([pending, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs))]));
          if (entry) {
            // Checked up to now, so the next check starts here (a waiter's answer began before its wait).
            if (!pending) entry.mark = now;
            counts.hits++;
            return entry.response;
          }
          counts.misses++;
          // Taken before computing: a change while it computes makes this answer stale at once.
          mark = now;
          reads.statements = true;
          if (!computing.has(key)) {
            const done = new Promise<Kept | undefined>((resolve) => (computed = resolve));
            computing.set(key, done);
          }
          return null;
        },
        async willSendResponse({ response }) {
          if (!key || !reads?.statements) return;
          reads.statements = false;
          const ok = response.body.kind === 'single' && !response.body.singleResult.errors;
          const entry = ok ? { mark, reads, response: { http: { status: undefined, headers: new HeaderMap() }, body: response.body } } : undefined;
          if (entry) kept.set(key, entry);
          if (computed) {
            computing.delete(key);
            computed(entry);
          }
        },
      };
    },
  };
}
