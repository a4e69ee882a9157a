import {
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { createComplexityRule, fieldExtensionsEstimator, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin, BaseContext, PersistedQueryOptions } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { maxPageSize } from './pagination';

/**
 * What one request may ask of the hub. Every refusal is a GraphQL error whose
 * `extensions.code` is one of `LimitCode` and whose message says what the limit
 * is, what the request asked for, and how to split it.
 */
export interface GraphQLLimits {
  /** Fields nested in fields along the deepest path; fragments followed; `__schema`, `__type` and `__typename` not counted. */
  maxDepth: number;
  /** Cost points per operation: 1 per field, a paginated field's contents once per item it asks for (`first`/`last`, else the default page). */
  maxCost: number;
  /** Aliases an operation executes, counting those inside a fragment each time it is spread. */
  maxAliases: number;
  /** Operations per HTTP request: 1 turns batching off (the default); N > 1 accepts JSON arrays of up to N operations. */
  maxBatch: number;
  /** Bytes of request body (after decompression). */
  maxBodyBytes: number;
  /** Whether `__schema` and `__type` may be queried. */
  introspection: boolean;
  /** Bytes of query text kept for automatic persisted queries, least recently used evicted first. */
  persistedQueryCacheBytes: number;
}

export const defaultLimits: GraphQLLimits = {
  maxDepth: 12,
  maxCost: 5_000,
  maxAliases: 30,
  maxBatch: 1,
  maxBodyBytes: 1024 * 1024,
  introspection: true,
  persistedQueryCacheBytes: 10 * 1024 * 1024,
};

/** The page a paginated field serves when neither `first` nor `last` is given (planPage's default). */
export const defaultPageSize = 20;

/** The `extensions.code` of each refusal. */
export const LimitCode = {
  /** Nested deeper than `maxDepth` (HTTP 400). */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** Would cost more than `maxCost` (HTTP 400). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** More than `maxAliases` aliases (HTTP 400). */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** A JSON array of operations while batching is off, or longer than `maxBatch` (HTTP 400). */
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  /** A body over `maxBodyBytes` (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** `__schema` or `__type` while introspection is off (HTTP 400). */
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** JSON (a body, variables, extensions, a WebSocket message) nested deeper than `maxJsonDepth` (HTTP 400). */
  JSON_TOO_DEEP: 'JSON_TOO_DEEP',
} as const;
export type LimitCode = (typeof LimitCode)[keyof typeof LimitCode];
export const limitCodes: readonly string[] = Object.values(LimitCode);

const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'more than a million');

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** A refusal: the code, a sentence, and the figures as extensions so a client can adapt without parsing the sentence. */
export function limitError(code: LimitCode, message: string, figures: Record<string, unknown> = {}, status = 400): GraphQLError {
  // `extensions.http` sets the HTTP status when the error leaves Apollo Server; Apollo removes it from the body.
  return new GraphQLError(message, { extensions: { code, ...figures, http: { status } } });
}

// ---------------------------------------------------------------- depth

/**
 * How deep a selection set nests: the number of fields on its longest path.
 * Fragments count where they are spread; introspection's own fields
 * (`__schema`, `__type`, `__typename`) are not counted and not entered.
 */
function selectionDepth(context: ValidationContext, memo: Map<string, number>) {
  const depthOf = (set: SelectionSetNode, spreading: Set<string>): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, spreading) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, spreading));
      } else {
        const name = selection.name.value;
        const known = memo.get(name);
        if (known !== undefined) {
          deepest = Math.max(deepest, known);
          continue;
        }
        const fragment = context.getFragment(name);
        // An unknown or cyclic fragment is reported by graphql's own rules.
        if (!fragment || spreading.has(name)) continue;
        spreading.add(name);
        const depth = depthOf(fragment.selectionSet, spreading);
        spreading.delete(name);
        memo.set(name, depth);
        deepest = Math.max(deepest, depth);
      }
    }
    return deepest;
  };
  return depthOf;
}

export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const depthOf = selectionDepth(context, new Map());
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth <= maxDepth) return;
        const error = limitError(
          LimitCode.QUERY_TOO_DEEP,
          `This query nests fields ${depth} levels deep; the hub answers at most ${maxDepth} ` +
            '(each field inside another counts one level, fragments included: { adminUnits { nodes { name } } } is 3). ' +
            'Ask for the deeper part in a second query, starting from the codes or ids the first one returns.',
          { depth, maxDepth },
        );
        context.reportError(new GraphQLError(error.message, { nodes: [operation], extensions: error.extensions }));
      },
    };
  };
}

// ---------------------------------------------------------------- aliases

export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    const memo = new Map<string, number>();
    const aliasesIn = (set: SelectionSetNode, spreading: Set<string>): number => {
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.alias) total += 1;
          if (selection.selectionSet) total += aliasesIn(selection.selectionSet, spreading);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += aliasesIn(selection.selectionSet, spreading);
        } else {
          const name = selection.name.value;
          const known = memo.get(name);
          if (known !== undefined) {
            total += known;
            continue;
          }
          const fragment = context.getFragment(name);
          if (!fragment || spreading.has(name)) continue;
          spreading.add(name);
          const aliases = aliasesIn(fragment.selectionSet, spreading);
          spreading.delete(name);
          memo.set(name, aliases);
          total += aliases;
        }
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        const aliases = aliasesIn(operation.selectionSet, new Set());
        if (aliases <= maxAliases) return;
        const error = limitError(
          LimitCode.TOO_MANY_ALIASES,
          `This operation uses ${count(aliases)} aliases (those inside a fragment count each time it is spread); ` +
            `the hub accepts at most ${maxAliases} per operation. ` +
            `Split it into several requests of at most ${maxAliases} aliases, or ask a list field once ` +
            '(e.g. adminUnits(search: …) or a page with first:) instead of aliasing one field many times.',
          { aliases, maxAliases },
        );
        context.reportError(new GraphQLError(error.message, { nodes: [operation], extensions: error.extensions }));
      },
    };
  };
}

// ---------------------------------------------------------------- introspection

/** Replaces Apollo's own rule so that the refusal carries a code of its own and says where the schema is published. */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    const error = limitError(
      LimitCode.INTROSPECTION_DISABLED,
      `Introspection (${node.name.value}) is turned off on this hub (GRAPHQL_INTROSPECTION=false). ` +
        'The schema is published as server/schema.graphql in the An Bình repository; ' +
        'remove __schema and __type from the query, or ask the hub’s operator to turn introspection on.',
    );
    context.reportError(new GraphQLError(error.message, { nodes: [node], extensions: error.extensions }));
  },
});

/** The checks every operation passes besides GraphQL's own, over HTTP and WebSocket alike: depth, aliases and, when it is off, introspection. */
export function validationRules(limits: Pick<GraphQLLimits, 'maxDepth' | 'maxAliases' | 'introspection'>): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), ...(limits.introspection ? [] : [noIntrospectionRule])];
}

// ---------------------------------------------------------------- cost

/**
 * A paginated field (one with a `first` or `last` argument) returns up to that
 * many items, so its contents count once per item: 1 + items × contents.
 * `first`/`last` are capped at the page-size limit (more is refused anyway);
 * without either, the default page counts.
 */
export const paginationEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return undefined;
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : defaultPageSize;
  const items = Math.min(Math.max(asked, 0), maxPageSize);
  return 1 + childComplexity * items;
};

/**
 * Estimators, first answer wins: a `complexity` a field declares
 * (type-graphql's `@Field({ complexity })`), then the page multiplier, then 1
 * per field plus its contents.
 */
export const costEstimators: ComplexityEstimator[] = [fieldExtensionsEstimator(), paginationEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** More selections than this in one operation is refused as too complex without being costed. */
const maxCostedNodes = 10_000;

/**
 * The cost of the operation that will run. Arguments that fail to coerce skip
 * their field, as execution will; variables that fail to coerce cost nothing,
 * as nothing will run.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  let cost = 0;
  const rule = createComplexityRule({
    maximumComplexity: Number.MAX_VALUE,
    estimators: costEstimators,
    variables,
    operationName,
    maxQueryNodes: maxCostedNodes,
    onComplete: (complexity) => {
      cost = complexity;
    },
  }) as unknown as ValidationRule;
  try {
    validate(schema, document, [rule], { maxErrors: Number.POSITIVE_INFINITY });
  } catch (error) {
    // graphql-query-complexity throws when the operation has more selections than it will visit.
    if (error instanceof GraphQLError) return Number.POSITIVE_INFINITY;
    throw error;
  }
  return cost;
}

export function costLimitError(cost: number, maxCost: number): GraphQLError {
  return limitError(
    LimitCode.QUERY_TOO_COMPLEX,
    `This query would cost ${count(cost)} points; the hub answers at most ${count(maxCost)} per request. ` +
      `Every field costs 1, and the contents of a paginated field count once per item asked for (first/last, ${defaultPageSize} when not given). ` +
      'Ask for smaller pages or fewer fields, or split the query into several requests.',
    { cost: Number.isFinite(cost) ? cost : null, maxCost },
  );
}

/** Costs each operation once it is resolved (the variables are known then) and refuses it before it runs. */
/**
 * Apollo hands back the same parsed document for a repeated query, so its cost
 * per operation and variables is computed once (a full validation pass) and kept
 * with the document; a few variable sets per document are remembered.
 */
const costs = new WeakMap<DocumentNode, LRUCache<string, number>>();
function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
  let known = costs.get(document);
  if (!known) costs.set(document, (known = new LRUCache({ max: 20 })));
  let cost = known.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, variables, operationName);
    known.set(key, cost);
  }
  return cost;
}

export function costLimitPlugin<TContext extends BaseContext>(maxCost: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation }) {
          // Without an operation (none matches operationName) nothing runs: execution reports why.
          if (!operation) return;
          const cost = cachedOperationCost(schema, document, request.variables, operation.name?.value);
          if (cost > maxCost) throw costLimitError(cost, maxCost);
        },
      };
    },
  };
}

// ---------------------------------------------------------------- batches and bodies

export function batchError(operations: number, maxBatch: number): GraphQLError {
  const message =
    maxBatch <= 1
      ? `This hub does not accept batched requests: the body is an array of ${operations} operations. ` +
        'Send each operation in its own request (HTTP keep-alive makes that cheap), or combine root fields into one operation.'
      : `This request batches ${operations} operations; the hub accepts at most ${maxBatch} per request. ` +
        `Send them in several requests of at most ${maxBatch}.`;
  return limitError(LimitCode.BATCH_TOO_LARGE, message, { operations, maxBatch });
}

/** Arrays and objects nested in one another in any JSON the hub reads; a MultiPolygon argument needs about ten. */
export const maxJsonDepth = 32;

export function jsonTooDeepError(): GraphQLError {
  return limitError(
    LimitCode.JSON_TOO_DEEP,
    `The JSON nests arrays and objects more than ${maxJsonDepth} levels deep; the hub reads at most ${maxJsonDepth}. Flatten the variables or the geometry.`,
    { limit: maxJsonDepth },
  );
}

export function payloadTooLargeError(bodyBytes: number | undefined, maxBodyBytes: number): GraphQLError {
  const size = bodyBytes === undefined ? 'is larger than that' : `is ${count(bodyBytes)} bytes`;
  return limitError(
    LimitCode.PAYLOAD_TOO_LARGE,
    `The hub accepts request bodies of at most ${count(maxBodyBytes)} bytes (${formatBytes(maxBodyBytes)}); this one ${size}. ` +
      'Split the query into several requests, and pass long inputs as variables rather than repeating them in the query.',
    { bodyBytes: bodyBytes ?? null, maxBodyBytes },
    413,
  );
}

// ---------------------------------------------------------------- persisted queries

type QueryCache = NonNullable<PersistedQueryOptions['cache']>;

/**
 * The automatic-persisted-query store: query text by SHA-256, bounded in
 * bytes, the least recently used evicted first; honours a TTL when given one.
 */
export class BoundedQueryCache implements QueryCache {
  private readonly entries: LRUCache<string, string>;

  constructor(maxBytes: number) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (value, key) => Buffer.byteLength(key) + Buffer.byteLength(value) });
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    this.entries.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : {});
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}

/** More tokens than any real query has (the IDE's full introspection query has about 300): the parser stops there. */
export const maxDocumentTokens = 20_000;
