import pg from 'pg';

/**
 * Wakes the feed's subscription loops when a change commits. On a real
 * PostgreSQL every writing transaction NOTIFYs (the outbox trigger), and each
 * server process LISTENs, so a write through any instance wakes subscribers of
 * all of them; the outbox stays the truth, and a slow poll covers a lost
 * notification or a reconnect. The embedded database delivers no
 * notifications between connections: there the poll is short.
 */
export class ChangeSignal {
  private waiters = new Set<() => void>();
  listening = false;

  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next notification, or after the poll interval. */
  wait(): Promise<void> {
    const ms = this.listening ? 2_000 : 250;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

export const changeSignal = new ChangeSignal();
export const changeChannel = 'anbinh_change';

/** LISTENs on a dedicated connection, reconnecting after a database restart; returns how to stop. */
export function listenForChanges(url: string, log: (message: string) => void): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => changeSignal.notify());
    next.on('error', () => undefined); // 'end' follows; reconnecting is handled there
    next.on('end', () => {
      changeSignal.listening = false;
      if (!closed) retry = setTimeout(connect, 2_000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${changeChannel}`);
      client = next;
      changeSignal.listening = true;
      changeSignal.notify(); // catch up on anything committed while not listening
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
      changeSignal.listening = false;
      await client?.end().catch(() => undefined);
    },
  };
}
