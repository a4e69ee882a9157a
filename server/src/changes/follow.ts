// A partner's client for the change feed, runnable as it is:
//   pnpm run feed:follow -- --url ws://127.0.0.1:4000/graphql --token "$(pnpm run token --role partner --unit 336)" \
//     [--types COMMENDATION,CAMERA_SITE] [--unit 336] [--cursor-file .feed-cursor] [--count N]
// It prints each change as one JSON line and saves its cursor once printed, so a restart, a dropped
// connection or a server restart resumes exactly after the last change handled: nothing missed, nothing twice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { commandLine, refuse } from '@anbinh/db/command-line';

const usage = `Follows the hub's change feed and prints each change as one JSON line, saving its cursor once printed,
so that a restart resumes exactly after the last change handled.

  pnpm run feed:follow -- --url <ws(s)://hub/graphql> --token <token> [--types T1,T2] [--unit <code>] [--cursor-file <file>] [--count N]

It stops (exit 2) when the hub refuses the request for good, and retries with backoff when the hub or network fails.

Example:
  pnpm run feed:follow -- --url ws://127.0.0.1:4000/graphql --token "$(pnpm run token --role partner --unit 336)" --types COMMENDATION`;
const { values } = commandLine(usage, {
  url: { type: 'string', default: 'ws://127.0.0.1:4000/graphql' },
  token: { type: 'string' },
  types: { type: 'string' },
  unit: { type: 'string' },
  'cursor-file': { type: 'string', default: '.feed-cursor' },
  count: { type: 'string' },
});
const cursorFile = resolve(process.env.INIT_CWD ?? process.cwd(), values['cursor-file']);
let cursor: string | null = existsSync(cursorFile) ? readFileSync(cursorFile, 'utf8').trim() || null : null;
if (values.count !== undefined && !/^[1-9]\d*$/.test(values.count)) refuse(`--count must be a whole number of changes ≥ 1, not "${values.count}".`);
let remaining = values.count ? Number(values.count) : Infinity;
const query = `subscription ($after: String, $types: [ChangeType!], $unitCode: String) {
  changes(after: $after, types: $types, unitCode: $unitCode) { cursor type operation occurredAt unitCode entityId }
}`;

// What the hub refuses for good (a bad argument, a token without the right): retrying would only repeat it.
const finalCodes = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'JSON_TOO_DEEP']);
type FeedError = { message: string; extensions?: { code?: unknown } };

/** Stops for a refusal that no retry changes; returns for anything transient. */
function stopIfFinal(error: FeedError): void {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : '';
  if (code === 'RESYNC_REQUIRED') {
    console.error(`The hub no longer keeps changes that old: ${error.message} Reload your copy, delete ${cursorFile} and start again.`);
    process.exit(3);
  }
  if (finalCodes.has(code)) {
    console.error(`The hub refused the subscription (${code}): ${error.message}`);
    process.exit(4);
  }
}

console.error(cursor ? `Resuming after ${cursor}` : 'Starting from now (no cursor saved yet)');
// Transient failures are retried after 2 s, doubling to a minute while they last.
let backoff = 2_000;
while (remaining > 0) {
  const client = createClient({
    url: values.url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: values.token ? { authorization: `Bearer ${values.token.trim()}` } : {},
  });
  try {
    const variables = { after: cursor, types: values.types?.split(',').map((t) => t.trim()), unitCode: values.unit ?? null };
    for await (const result of client.iterate<{ changes: { cursor: string } }>({ query, variables })) {
      if (result.errors?.length) {
        stopIfFinal(result.errors[0]);
        throw new Error(result.errors[0].message);
      }
      const event = result.data!.changes;
      console.log(JSON.stringify(event));
      cursor = event.cursor;
      writeFileSync(cursorFile, cursor); // after handling it: a crash before this line means it comes again, never that it is lost
      backoff = 2_000;
      if (--remaining <= 0) break;
    }
  } catch (error) {
    // graphql-ws rejects with the hub's errors when it refuses the operation outright.
    if (Array.isArray(error) && error.length > 0) stopIfFinal(error[0] as FeedError);
    const reason =
      error instanceof Error
        ? error.message
        : Array.isArray(error)
          ? String((error[0] as FeedError)?.message)
          : `connection closed (${(error as { code?: number; reason?: string }).code ?? '?'} ${(error as { reason?: string }).reason ?? ''})`;
    if (/^Unauthenticated/.test((error as { reason?: string }).reason ?? '')) {
      console.error(`The hub refused the token: ${(error as { reason?: string }).reason}`);
      process.exit(2);
    }
    console.error(`${reason}; reconnecting in ${backoff / 1000} s after ${cursor ?? 'now'}`);
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 60_000);
  } finally {
    await client.dispose();
  }
}
process.exit(0);
