import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { LRUCache } from 'lru-cache';
import type { BaseContext } from '../graphql/context';
import { withLoaders } from './context';
import { formatError } from '../graphql/format-error';
import { maxDocumentTokens } from '../graphql/limits';
import { checkJsonValueDepth } from '../http/envelope';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import { publicViewer, type Viewer } from '../access/viewer';
import type { Knex } from '@anbinh/db';
import { trustedText } from '../trusted-documents/trusted-documents';

interface Options {
  schema: GraphQLSchema;
  tokens: Tokens;
  validationRules: ValidationRule[];
  /** What a subscription keeps for its lifetime (each event gets its own loaders). */
  context(viewer: Viewer, address: string | null): BaseContext;
  /** The caller's address, from the upgrade request. */
  address(req: IncomingMessage): string | null;
  /** Where registered documents are read, for tokens with `docs: trusted`. */
  primary: Knex;
}

type Extra = {
  socket: { close(code: number, reason: string): void };
  viewer?: Viewer;
};

/**
 * What the connection keeps of its upgrade request: the address. graphql-ws
 * only stores the request it is given in `extra`, and the whole
 * IncomingMessage (headers, streams) would be held for the socket's life.
 */
type UpgradeRequest = { address: string | null };

/**
 * GraphQL over WebSocket (the graphql-ws protocol) at /graphql, for the change
 * feed. The token travels in the connection_init payload, as
 * `{ "authorization": "Bearer <token>" }`: a bad one closes the socket with
 * 4401 and the reason; none means the public. Every operation passes the same
 * depth, alias and introspection limits as over HTTP.
 */
export function serveSubscriptions(server: Server, options: Options): { connections(): number; close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url !== '/graphql' && !req.url?.startsWith('/graphql?')) return void socket.destroy();
    const address = options.address(req);
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, { address } satisfies UpgradeRequest));
  };
  server.on('upgrade', onUpgrade);
  const documents = new CheckedDocuments(options.schema, [...specifiedRules, ...options.validationRules]);
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          ctx.extra.viewer = await viewerFromHeader(options.tokens, typeof header === 'string' ? header : undefined);
          (ctx as { connectionParams?: unknown }).connectionParams = undefined; // the token is verified: not kept in memory for the connection's life
          return true;
        } catch (error) {
          ctx.extra.socket.close(4401, `Unauthenticated: ${(error as Error).message}`.slice(0, 120)); // a close reason holds 123 bytes
          return false;
        }
      },
      context: (ctx) => options.context(ctx.extra.viewer ?? publicViewer, (ctx.extra.request as unknown as UpgradeRequest).address),
      subscribe,
      // The same masking as over HTTP: coded errors pass, anything internal becomes a generic sentence.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(formatted) } : result),
      onError: (_ctx, _id, _payload, errors) => errors.map(formatted),
      onSubscribe: async (ctx, _id, payload) => {
        let query = payload.query;
        try {
          checkJsonValueDepth(payload.variables);
          checkJsonValueDepth(payload.extensions);
          if (ctx.extra.viewer?.docs === 'trusted') query = await trustedText(options.primary, payload);
        } catch (error) {
          const { http: _status, ...extensions } = (error as GraphQLError).extensions;
          return [new GraphQLError((error as GraphQLError).message, { extensions })];
        }
        const checked = documents.check(query);
        if (Array.isArray(checked)) return checked;
        // Handed over whole, so graphql-ws neither parses nor validates again; it adds the context.
        return { schema: options.schema, document: checked, variableValues: payload.variables, operationName: payload.operationName };
      },
    },
    sockets,
  );
  return {
    connections: () => sockets.clients.size,
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}

/** An error as the client gets it: masked like over HTTP, a variable that does not fit its type as BAD_USER_INPUT. */
function formatted(error: GraphQLError): GraphQLError {
  const shown = asUserInput(error);
  return formatError(shown.toJSON(), shown) as GraphQLError;
}

/** A variable that does not fit its type is the caller's to fix, as over HTTP (where Apollo says so): BAD_USER_INPUT, not an internal error. */
function asUserInput(error: GraphQLError): GraphQLError {
  if (error.extensions.code !== undefined || error.nodes?.length !== 1 || error.nodes[0].kind !== Kind.VARIABLE_DEFINITION) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Subscription documents, parsed and validated once per text: partners' many
 * subscriptions mostly send the same few, and the one document object is
 * what lets them share each event's result (below).
 */
class CheckedDocuments {
  private checked = new LRUCache<string, DocumentNode | GraphQLError[]>({ max: 1_000 });

  constructor(
    private schema: GraphQLSchema,
    private rules: ValidationRule[],
  ) {}

  check(query: string): DocumentNode | GraphQLError[] {
    let checked = this.checked.get(query);
    if (!checked) {
      checked = this.parseAndValidate(query);
      this.checked.set(query, checked);
    }
    return checked;
  }

  private parseAndValidate(query: string): DocumentNode | GraphQLError[] {
    let document;
    try {
      document = parse(query, { maxTokens: maxDocumentTokens });
    } catch (error) {
      return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { ...e, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }));
    return document;
  }
}

/** Each event's results, by what they depend on: shared by every subscriber who asked the same thing with the same rights. */
const sharedResults = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
const documentIds = new WeakMap<DocumentNode, number>();
let documentsSeen = 0;

/**
 * What an event's result depends on besides the event: the document, its
 * variables and operation, and what the viewer may read (role, units, change
 * types; not who it is, which no field under a subscription shows).
 */
function resultKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (!id) documentIds.set(args.document, (id = ++documentsSeen));
  const { viewer } = args.contextValue as BaseContext;
  return JSON.stringify([id, args.variableValues ?? null, args.operationName ?? null, viewer.role, viewer.units, viewer.changeTypes ?? null]);
}

/**
 * GraphQL's subscribe, except that each event runs with fresh loaders (a
 * subscription lives for days: its records are read as they are when each
 * change arrives, not as first cached), and its result is computed once for
 * all the subscribers who share the event, the document and the rights.
 */
async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const context = args.contextValue as BaseContext;
  const key = resultKey(args);
  const run = (event: object) => Promise.resolve(execute({ ...args, rootValue: event, contextValue: withLoaders(context) }));
  const results: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => results,
    // Promise chains rather than an async function: nothing suspended per subscriber while it waits.
    next() {
      return events.next().then((event): Promise<IteratorResult<ExecutionResult>> | IteratorResult<ExecutionResult> => {
        if (event.done) return { value: undefined, done: true };
        const change = event.value as object;
        let byKey = sharedResults.get(change);
        if (!byKey) sharedResults.set(change, (byKey = new Map()));
        let result = byKey.get(key);
        if (!result) byKey.set(key, (result = run(change)));
        return result.then((value) => ({ value, done: false }));
      });
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
  };
  return results;
}
