// Subscribers of the change feed in separate processes (feed-subscribers.ts), for the
// feed benchmark and the load test: start them, then count what each has received.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

interface Report {
  delays: number[];
  received: number[];
  refused: number;
  open: number;
  lastAt: number;
}

/** Subscribers per process: one process holds 5,000 WebSockets comfortably. */
const perProcess = 5_000;

export interface SubscriberPool {
  /**
   * Waits until every subscriber has `each` deliveries more (or the time is up), then a little longer:
   * the delays, deliveries counted up to `each` per subscriber, when the last came, and any beyond (duplicates).
   */
  collect(each: number, ms: number): Promise<{ delays: number[]; received: number; lastAt: number; duplicated: number }>;
  close(): void;
}

/** Starts `size` subscribers of `query` on the hub's WebSocket URL, each with one connection; resolves once all are subscribed. */
export async function startSubscribers(url: string, token: string, size: number, query: string): Promise<SubscriberPool> {
  const children: ChildProcess[] = [];
  const close = () => {
    for (const child of children) child.kill();
  };
  try {
    for (let i = 0; i < size; i += perProcess) {
      children.push(
        fork(fileURLToPath(new URL('./feed-subscribers.ts', import.meta.url)), [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    const counts = children.map((_, i) => Math.min(perProcess, size - i * perProcess));
    const subscribed = await Promise.all(
      children.map((child, i) => ask<{ open: number; refused: number }>(child, { type: 'start', url, token, count: counts[i], query }, 'subscribed')),
    );
    const open = subscribed.reduce((n, s) => n + s.open, 0);
    if (open !== size) throw new Error(`only ${open} of ${size} subscribers could subscribe`);
  } catch (error) {
    close();
    throw error;
  }
  return {
    close,
    async collect(each, ms) {
      const deadline = Date.now() + ms;
      const delays: number[] = [];
      let received: number;
      let lastAt = 0;
      const perSubscriber = new Map<number, number[]>();
      const read = async () => {
        const reports = await Promise.all(children.map((child) => ask<Report>(child, { type: 'report' }, 'report')));
        reports.forEach((r, i) => {
          const counts = perSubscriber.get(i) ?? new Array(r.received.length).fill(0);
          r.received.forEach((n, j) => (counts[j] += n));
          perSubscriber.set(i, counts);
          for (const delay of r.delays) delays.push(delay); // a spread of a million overflows the stack
          lastAt = Math.max(lastAt, r.lastAt);
        });
      };
      for (;;) {
        await sleep(250);
        await read();
        received = [...perSubscriber.values()].flat().reduce((a, b) => a + Math.min(b, each), 0);
        if (received >= size * each || Date.now() > deadline) break;
      }
      await sleep(500); // anything more would be a duplicate
      await read();
      const duplicated = [...perSubscriber.values()].flat().reduce((a, b) => a + Math.max(0, b - each), 0);
      return { delays, received, lastAt, duplicated };
    },
  };
}

function ask<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== answer) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`a subscriber process exited (${code})`)));
    child.send(message);
  });
}
