import type { IncomingMessage, Server } from 'node:http';
import { createSourceEventStream, execute, GraphQLError, parse, specifiedRules, validate, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { withFreshLoaders, type Context } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { maxDocumentTokens } from '../graphql/limits';
import { viewerFromHeader, type Tokens } from '../access/tokens';
import { publicViewer, type Viewer } from '../access/viewer';

interface Options {
  schema: GraphQLSchema;
  tokens: Tokens;
  validationRules: ValidationRule[];
  context(viewer: Viewer, req: IncomingMessage): Context;
}

type Extra = {
  request: IncomingMessage;
  socket: { close(code: number, reason: string): void };
  viewer?: Viewer;
};

/**
 * GraphQL over WebSocket (the graphql-ws protocol) at /graphql, for the change
 * feed. The token travels in the connection_init payload, as
 * `{ "authorization": "Bearer <token>" }`: a bad one closes the socket with
 * 4401 and the reason; none means the public. Every operation passes the same
 * depth, alias and introspection limits as over HTTP.
 */
export function serveSubscriptions(server: Server, options: Options): { close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    if (req.url !== '/graphql' && !req.url?.startsWith('/graphql?')) return void socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);
  const disposable = useServer<Record<string, unknown>, Extra>({
    schema: options.schema,
    onConnect: async (ctx) => {
      const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      try {
        ctx.extra.viewer = await viewerFromHeader(options.tokens, typeof header === 'string' ? header : undefined, publicViewer);
        return true;
      } catch (error) {
        ctx.extra.socket.close(4401, `Unauthenticated: ${(error as Error).message}`.slice(0, 120)); // a close reason holds 123 bytes
        return false;
      }
    },
    context: (ctx) => options.context(ctx.extra.viewer ?? publicViewer, ctx.extra.request),
    subscribe,
    // The same masking as over HTTP: coded errors pass, anything internal becomes a generic sentence.
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e) as GraphQLError) } : result),
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e) as GraphQLError),
    onSubscribe: (_ctx, _id, payload) => {
      let document;
      try {
        document = parse(payload.query, { maxTokens: maxDocumentTokens });
      } catch (error) {
        return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
      const errors = validate(options.schema, document, [...specifiedRules, ...options.validationRules]);
      if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { ...e, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }));
      // Handed over whole, so graphql-ws neither parses nor validates again; it adds the context.
      return { schema: options.schema, document, variableValues: payload.variables, operationName: payload.operationName };
    },
  }, sockets);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}

/**
 * GraphQL's subscribe, except that each event runs with fresh loaders: a
 * subscription lives for days, and its records must be read as they are when
 * each change arrives, not as first cached (nor kept for its lifetime).
 */
async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const context = args.contextValue as Context;
  const results: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => results,
    async next() {
      const event = await events.next();
      if (event.done) return { value: undefined, done: true };
      return { value: await execute({ ...args, rootValue: event.value, contextValue: withFreshLoaders(context) }), done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
  };
  return results;
}
