import { GraphQLError } from 'graphql';
import { jsonTooDeepError, maxJsonDepth } from '../graphql/limits';

/**
 * Checks of a request's envelope that hold for every door (POST and GET
 * /graphql, WebSocket messages), made before anything is parsed further:
 * bytes are UTF-8, and JSON nests no deeper than `maxJsonDepth`.
 */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function invalidUtf8Error(): GraphQLError {
  return new GraphQLError('The request body is not valid UTF-8 text: send JSON encoded as UTF-8 (and say so with Content-Type: application/json).', {
    extensions: { code: 'INVALID_UTF8', http: { status: 400 } },
  });
}

/** The bytes as text, refused (INVALID_UTF8) when they are not UTF-8, rather than searched with replacement characters. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalidUtf8Error();
  }
}

/** Refuses JSON text nesting past the limit, by a scan of its brackets outside strings (so at any depth, without parsing it). */
export function checkJsonTextDepth(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxJsonDepth) throw jsonTooDeepError();
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** The same for a value already parsed (a WebSocket message, Express's body), walked without recursion. */
export function checkJsonValueDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > maxJsonDepth) throw jsonTooDeepError();
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}
