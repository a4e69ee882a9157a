import type { Knex } from '@anbinh/db';
import type { Gazetteer } from '../geography/gazetteer';
import { compare, type FeedPosition, type OutboxChange } from './event';
import { presentPosition, readOutbox } from './outbox';

/**
 * The one reader of the outbox in a server process. Woken when a change
 * commits (LISTEN/NOTIFY, else a short poll), it reads what is new once and
 * keeps the latest changes in memory, so that ten thousand subscribers cost
 * one query per wake-up instead of ten thousand: each filters the shared
 * window by its own scope. A subscriber whose cursor lies before the window
 * reads the outbox itself until it catches up.
 */
export class ChangeTail {
  /** The window: every change after `start` up to `head`, in delivery order. */
  private window: OutboxChange[] = [];
  private start: FeedPosition;
  private headAt: FeedPosition;
  private waiting = new Set<() => void>();
  private listeners = new Set<(changes: readonly OutboxChange[]) => void>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** When a read of the outbox last succeeded. */
  private readAt = Date.now();
  /** Whether notifications arrive (then the poll is only a safety net). */
  listening = false;

  private constructor(
    private knex: Knex,
    private gazetteer: Gazetteer,
    present: FeedPosition,
    private capacity: number,
    private log: (message: string) => void,
  ) {
    this.start = present;
    this.headAt = present;
    this.schedule();
  }

  static async open(knex: Knex, gazetteer: Gazetteer, log: (message: string) => void, capacity: number): Promise<ChangeTail> {
    return new ChangeTail(knex, gazetteer, await presentPosition(knex), capacity, log);
  }

  /** Seconds behind the outbox: none when everything committed has been read, else since the last read that succeeded. */
  async lag(): Promise<number> {
    if (compare(this.headAt, await presentPosition(this.knex)) >= 0) return 0;
    return (Date.now() - this.readAt) / 1000;
  }

  /** Everything up to here has been read: the position "now" for a new subscriber. */
  get head(): FeedPosition {
    return this.headAt;
  }

  /** The changes after `from` (none yet if it lies ahead), or null when the window no longer reaches back to it. */
  since(from: FeedPosition): OutboxChange[] | null {
    if (compare(from, this.start) < 0) return null;
    let low = 0;
    let high = this.window.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.window[middle], from) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.window.slice(low);
  }

  /** Calls `wake` once, when new changes have been read; returns how to stop waiting. */
  onNext(wake: () => void): () => void {
    this.waiting.add(wake);
    return () => this.waiting.delete(wake);
  }

  /** Calls `listener` with every batch of new changes read (caches that depend on the data). */
  onChanges(listener: (changes: readonly OutboxChange[]) => void): void {
    this.listeners.add(listener);
  }

  /** A change committed somewhere: read what is new (once, however many asked meanwhile). */
  wake(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.reading = this.read().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const wake of this.waiting) wake(); // subscribers end rather than hang
    this.waiting.clear();
  }

  private schedule() {
    if (this.closed) return;
    this.timer = setTimeout(() => this.wake(), this.listening ? 2_000 : 250);
    this.timer.unref();
  }

  private async read() {
    let added = 0;
    try {
      for (;;) {
        const { changes, complete } = await readOutbox(this.knex, this.gazetteer, this.headAt, [], 1000);
        this.window.push(...changes);
        added += changes.length;
        if (changes.length > 0) for (const listener of this.listeners) listener(changes);
        const last = changes.at(-1);
        this.headAt = complete ?? (last ? { tx: last.tx, position: last.position } : this.headAt);
        if (changes.length < 1000) break;
      }
      this.readAt = Date.now();
    } catch (error) {
      this.log(`Change feed: reading the outbox failed (${(error as Error).message}); trying again shortly`);
    }
    if (this.window.length > this.capacity) {
      const dropped = this.window.splice(0, this.window.length - this.capacity);
      this.start = dropped.at(-1)!;
    }
    if (added === 0) return;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const wake of waiting) wake();
  }
}
