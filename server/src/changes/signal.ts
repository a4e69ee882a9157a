import pg from 'pg';
import type { ChangeTail } from './tail';

export const changeChannel = 'anbinh_change';

/**
 * Wakes the change tail when a change commits. On a real PostgreSQL every
 * writing transaction NOTIFYs (the outbox trigger), and each server process
 * LISTENs on a dedicated connection, so a write through any instance reaches
 * subscribers of all of them; the outbox stays the truth, and the tail's slow
 * poll covers a lost notification. Reconnects after a database restart.
 * (The embedded database delivers no notifications between connections: there
 * the tail polls quickly instead.)
 */
export function listenForChanges(url: string, tail: ChangeTail, log: (message: string) => void): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => tail.wake());
    next.on('error', () => undefined); // 'end' follows; reconnecting is handled there
    next.on('end', () => {
      tail.listening = false;
      if (!closed) retry = setTimeout(() => void connect(), 2_000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${changeChannel}`);
      client = next;
      tail.listening = true;
      tail.wake(); // catch up on anything committed while not listening
    } catch (error) {
      log(`Change feed: cannot LISTEN (${(error as Error).message}); polling until the database answers`);
      await next.end().catch(() => undefined);
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      tail.listening = false;
      await client?.end().catch(() => undefined);
    },
  };
}
