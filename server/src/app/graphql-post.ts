import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context';
import { internalErrorMessage } from '../graphql/format-error';
import { batchError, payloadTooLargeError } from '../graphql/limits';
import { checkJsonTextDepth, decodeUtf8 } from '../http/envelope';
import { logger } from '../observability/log';
import { acceptedCoding, compress, compressFrom } from '../http/accept-encoding';
import { addVary } from '../http/cors';

export interface GraphQLPostOptions {
  /** Apollo once the database is ready; undefined while the hub starts. */
  apollo(): ApolloServer<Context> | undefined;
  context(req: IncomingMessage): Promise<Context>;
  maxBodyBytes: number;
  maxBatch: number;
  /** CORS headers for this request (the same middleware Express runs). */
  cors(req: IncomingMessage, res: ServerResponse): void;
}

export const startingMessage = 'The hub is starting: its database is being prepared. Retry in a few seconds.';

/**
 * `POST /graphql` with an uncompressed JSON body, the way API clients and the
 * web app ask, served on Node's own request and response: Express's routing,
 * prototype swaps and body parser cost a large share of a small query's CPU
 * (the analysts' bench shows it). Anything else (GET, other media types, compressed bodies) returns
 * false and goes through Express, which answers it as before.
 */
export function graphqlPost(options: GraphQLPostOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || !(req.url === '/graphql' || req.url?.startsWith('/graphql?'))) return false;
    if (!/^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i.test(req.headers['content-type'] ?? '')) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    options.cors(req, res);
    const apollo = options.apollo();
    if (!apollo) {
      sendGraphQLError(req, res, 503, startingMessage, { code: 'SERVICE_UNAVAILABLE' });
      req.resume();
      return true;
    }
    readBody(req, options.maxBodyBytes)
      .then(
        (bytes) => answer(apollo, options, req, res, bytes),
        (error: BodyTooLarge | Error) => {
          if (error instanceof BodyTooLarge) sendRefusal(req, res, payloadTooLargeError(error.bytes, options.maxBodyBytes));
          else sendGraphQLError(req, res, 400, `The request body could not be read (${error.message}); send it again.`, { code: 'BAD_REQUEST' });
        },
      )
      .catch((error: unknown) => {
        logger.error({ err: error }, 'graphql request failed');
        if (!res.headersSent) sendGraphQLError(req, res, 500, internalErrorMessage, { code: 'INTERNAL_SERVER_ERROR' });
        else res.destroy();
      });
    return true;
  };
}

async function answer(apollo: ApolloServer<Context>, options: GraphQLPostOptions, req: IncomingMessage, res: ServerResponse, bytes: Buffer) {
  let body: unknown;
  try {
    const text = decodeUtf8(bytes);
    checkJsonTextDepth(text);
    body = parseStrictJson(text);
  } catch (error) {
    if (error instanceof GraphQLError) return sendRefusal(req, res, error);
    sendGraphQLError(
      req,
      res,
      400,
      `The request body is not valid JSON (${(error as Error).message}). Send a JSON object such as {"query": "{ __typename }"}.`,
      { code: 'BAD_REQUEST' },
    );
    return;
  }
  if (Array.isArray(body) && (options.maxBatch <= 1 || body.length > options.maxBatch)) {
    sendRefusal(req, res, batchError(body.length, options.maxBatch));
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const search = req.url!.slice('/graphql'.length);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // Compressed as Express's answers are: this path runs before Express.
    const text = response.body.string;
    const coding = Buffer.byteLength(text) >= compressFrom ? acceptedCoding(req.headers['accept-encoding'], ['br', 'gzip']) : undefined;
    addVary(res, 'Accept-Encoding');
    if (!coding) return void res.end(text);
    const body = await compress(text, coding);
    res.setHeader('Content-Encoding', coding);
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

class BodyTooLarge extends Error {
  constructor(readonly bytes: number | undefined) {
    super('body too large');
  }
}

/** The body's bytes, refused past `max` (by its declared length at once, else as they arrive). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > max) {
    req.resume(); // read and drop it, so the connection can carry the answer
    return Promise.reject(new BodyTooLarge(declared));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(undefined));
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, bytes)));
    req.once('error', reject);
  });
}

/** JSON as Express's parser takes it: an empty body is {}, and only an object or an array is accepted. */
function parseStrictJson(text: string): unknown {
  const start = text.search(/\S/);
  if (start === -1) return {};
  if (text[start] !== '{' && text[start] !== '[')
    throw new SyntaxError(`Unexpected token ${JSON.stringify(text[start])}: the body must be a JSON object or array`);
  return JSON.parse(text);
}

const responseTypes = ['application/json', 'application/graphql-response+json'] as const;

/** The media type to answer in: the client's preferred of the two, by its Accept header's q-values (JSON when it names neither). */
function answerType(accept: string | undefined): string {
  if (!accept) return responseTypes[0];
  let best: { type: string; q: number } | undefined;
  for (const range of accept.split(',')) {
    const [name, ...params] = range.trim().toLowerCase().split(';');
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2) ?? 1,
    );
    for (const type of responseTypes) {
      const matches = name === type || name === '*/*' || name === 'application/*';
      if (matches && q > 0 && (!best || q > best.q)) best = { type, q };
    }
  }
  return best?.type ?? responseTypes[0];
}

/** A refusal made before Apollo Server sees the request, shaped like any GraphQL error response. */
export function sendGraphQLError(req: IncomingMessage, res: ServerResponse, status: number, message: string, extensions: Record<string, unknown>): void {
  res.statusCode = status;
  res.setHeader('Content-Type', `${answerType(req.headers.accept)}; charset=utf-8`);
  res.end(JSON.stringify({ errors: [{ message, extensions }] }));
}

/** The same, for one of the limits' refusals (its HTTP status travels in `extensions.http`). */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, error: GraphQLError): void {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  sendGraphQLError(req, res, http?.status ?? 400, error.message, extensions);
}
