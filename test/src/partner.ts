import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A partner that follows the feed as the guide says: on any end or error it
 * reconnects and resubscribes after the last cursor it received.
 */
export function followFeed(url: string, token: string, from: string, options: { types: string[]; webSocketImpl?: unknown }) {
  const received: { cursor: string; entityId: string }[] = [];
  let client: Client | undefined;
  let stopped = false;
  let reconnects = 0;
  const subscribe = () => {
    if (stopped) return;
    client = createClient({
      url,
      webSocketImpl: options.webSocketImpl ?? WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const again = () => {
      void client?.dispose();
      reconnects++;
      setTimeout(subscribe, 300);
    };
    client.subscribe(
      {
        query: `subscription ($after: String) { changes(after: $after, types: [${options.types.join(', ')}]) { cursor entityId } }`,
        variables: { after: received.at(-1)?.cursor ?? from },
      },
      {
        next: (value) => {
          if (value.data) received.push((value.data as { changes: { cursor: string; entityId: string } }).changes);
        },
        error: again,
        complete: again,
      },
    );
  };
  subscribe();
  return {
    received,
    /** How many times it had to connect again. */
    reconnects: () => reconnects,
    stop: () => {
      stopped = true;
      void client?.dispose();
    },
  };
}
