import { useEffect, useRef } from 'react';

/** How long to gather changes before reading again: a bulk import is one refresh, not thousands. */
const settleMs = 400;

/**
 * Keeps the map live: follows the hub's change feed over a WebSocket (as the
 * signed-in viewer, or the public) and calls `onChange` once things settle,
 * so the choropleth and an open panel are read again without a reload. After
 * a dropped connection it refreshes once more, since changes may have been
 * missed meanwhile; the map needs the latest state, not every event.
 */
export function useLiveChanges(token: string | null, onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (typeof WebSocket === 'undefined') return; // tests without a browser
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), settleMs);
    };
    let connections = 0;
    let stopped = false;
    let stop = () => {
      stopped = true;
    };
    // The WebSocket client is its own chunk: the shell paints first, the feed follows.
    void import('graphql-ws').then(({ createClient }) => {
      if (stopped) return;
      const client = createClient({
        url,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: Infinity,
        on: {
          connected: () => {
            if (++connections > 1) soon();
          },
        },
      });
      const unsubscribe = client.subscribe(
        { query: 'subscription LiveMap { changes { cursor } }' },
        { next: soon, error: () => undefined, complete: () => undefined },
      );
      stop = () => {
        unsubscribe();
        void client.dispose();
      };
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [token]);
}
