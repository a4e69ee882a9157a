import { LRUCache } from 'lru-cache';

/**
 * What this server derives from the database and keeps (tiles, a metric for
 * every unit of a map) stays valid until a table it was read from changes.
 * Each table has a generation, moved on by the change feed (a write through
 * any server) and at once by a write through this one; a key carries the
 * generations of its tables, so the next read after a change computes afresh.
 */
export class Freshness {
  private generations = new Map<string, number>();
  private everything = 0;
  private derived: KeptValues;

  /** @param maxDerived how many derived values `memo` keeps, least recently used first out. */
  constructor(maxDerived = 32) {
    this.derived = new KeptValues(this, maxDerived);
  }

  /** The generations of these tables, as part of a key. */
  stamp(tables: readonly string[]): string {
    return `${this.everything}:${tables.map((t) => this.generations.get(t) ?? 0).join('.')}`;
  }

  /** A stamp that moves on with any change to any table. */
  stampAll(): string {
    let sum = this.everything;
    for (const generation of this.generations.values()) sum += generation;
    return String(sum);
  }

  changed(tables: Iterable<string>): void {
    for (const table of tables) this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
  }

  /** Something was written here: whatever it was, nothing derived before it is served again. */
  changedAnything(): void {
    this.everything++;
  }

  /** `compute()` once for all who ask for `key` until one of `tables` changes (a failure is not kept). */
  memo<T>(key: string, tables: readonly string[], compute: () => Promise<T>): Promise<T> {
    return this.derived.memo(key, tables, compute);
  }
}

/** Values derived from tables, each kept until one of its tables changes; the least recently used go first beyond `max`. */
export class KeptValues {
  private kept: LRUCache<string, { stamp: string; value: Promise<unknown> }>;

  constructor(
    private freshness: Freshness,
    max: number,
  ) {
    this.kept = new LRUCache({ max });
  }

  /** `compute()` once for all who ask for `key` until one of `tables` changes (a failure is not kept). */
  memo<T>(key: string, tables: readonly string[], compute: () => Promise<T>): Promise<T> {
    const stamp = this.freshness.stamp(tables);
    const entry = this.kept.get(key);
    if (entry?.stamp === stamp) return entry.value as Promise<T>;
    const value = compute();
    this.kept.set(key, { stamp, value });
    value.catch(() => {
      if (this.kept.peek(key)?.value === value) this.kept.delete(key);
    });
    return value;
  }
}
