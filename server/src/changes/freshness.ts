import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';

/** Days from `from` to `to` inclusive (YYYY-MM-DD); `to` null: still open. */
export interface Span {
  from: string;
  to: string | null;
}

/**
 * What a write changed: a table, and where and when, as far as known. Without
 * `atoms` it counts as anywhere, without `days` as any time.
 */
export interface Change {
  table: string;
  /** The atoms of territory its rows lay in, before and after. */
  atoms?: readonly string[];
  /** The days its rows covered, before and after. */
  days?: readonly Span[];
}

/** A change to one row, `rowKey` naming it (its table and id), as a write here and the change feed both know it. */
export type Write = Change & { rowKey: string };

const put = (counts: LRUCache<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const take = (counts: LRUCache<string, number>, key: string) => {
  const count = counts.get(key);
  if (!count) return false;
  if (count === 1) counts.delete(key);
  else counts.set(key, count - 1);
  return true;
};

/**
 * What a kept value was read from: tables, and, when it counted only part of
 * the territory or of time, which (without them: all of it).
 */
export interface Reach {
  tables: readonly string[];
  atoms?: ReadonlySet<string>;
  period?: { from: string; to: string };
}

/** How many recent changes are remembered; a value kept from before the oldest is computed afresh. */
const remembered = 4_096;

const overlaps = (change: Change, reach: Reach) =>
  reach.tables.includes(change.table) &&
  (!change.atoms || !reach.atoms || change.atoms.some((atom) => reach.atoms!.has(atom))) &&
  (!change.days || !reach.period || change.days.some((d) => d.from <= reach.period!.to && (d.to === null || d.to >= reach.period!.from)));

/**
 * What this server derives from the database and keeps (tiles, a metric for
 * every unit of a map, whole answers) stays valid until a write changes what
 * it was read from: its tables, in its territory, in its period. Writes through
 * this server are told at once (with what they wrote: see `audit`), others'
 * through the change feed; each moves its table's generation and is remembered
 * a while, so a kept value is checked against the changes made since.
 */
export class Freshness {
  private generations = new Map<string, number>();
  private everything = 0;
  /** Changes by sequence number, the latest `remembered` at least; 'everything' stands for a change of anything. */
  private log: { seq: number; change: Change | 'everything' }[] = [];
  private seq = 0;
  private derived: KeptValues;
  /** Rows being written here, or written, whose report by the change feed is still to come; forgotten after a while. */
  private told = new LRUCache<string, number>({ max: 10_000, ttl: 60_000 });

  /** @param maxDerived how many derived values `memo` keeps, least recently used first out. */
  constructor(maxDerived = 32) {
    this.derived = new KeptValues(this, maxDerived);
  }

  /** The generations of these tables, as part of a key (for values kept whatever their territory and period: tiles). */
  stamp(tables: readonly string[]): string {
    return `${this.everything}:${tables.map((t) => this.generations.get(t) ?? 0).join('.')}`;
  }

  /** Where the changes stand now: pass it to `unchangedSince` with what a value computed from now on reads. */
  mark(): number {
    return this.seq;
  }

  /** Whether no change after `mark` (and up to `until`, by default now) reaches what `reaches` read. */
  unchangedSince(mark: number, reaches: readonly Reach[], until = this.seq): boolean {
    if (mark >= until) return true;
    if (this.log.length === 0 || this.log[0].seq > mark + 1) return false; // forgotten: assume the worst
    for (let i = this.log.length - 1; i >= 0 && this.log[i].seq > mark; i--) {
      if (this.log[i].seq > until) continue;
      const { change } = this.log[i];
      if (change === 'everything' || reaches.some((reach) => overlaps(change, reach))) return false;
    }
    return true;
  }

  /** Changes, each to a table (a bare name: anywhere, at any time). */
  changed(changes: Iterable<Change | string>): void {
    for (const item of changes) {
      const change = typeof item === 'string' ? { table: item } : item;
      this.remember(change);
      this.generations.set(change.table, (this.generations.get(change.table) ?? 0) + 1);
    }
  }

  /**
   * A row is being written through this server (inside its transaction): the
   * change feed's report of it, which knows less than the write, is not counted;
   * the write tells what it changed once committed (`wrote`), or that it failed.
   */
  writing(rowKey: string): void {
    put(this.told, rowKey);
  }

  /** Writes committed through this server, told before their answer leaves, with where and when they wrote. */
  wrote(writes: readonly Write[]): void {
    this.changed(writes.map(({ rowKey: _, ...change }) => change));
  }

  /** Writes that did not commit: no report of them will come. Counted all the same (whatever happened, nothing is lost by it). */
  failed(writes: readonly Write[]): void {
    for (const write of writes) take(this.told, write.rowKey);
    this.wrote(writes);
  }

  /** Changes the change feed reports, by any server: those written here are told by the write itself. */
  fromFeed(changes: readonly Write[]): void {
    for (const { rowKey, ...change } of changes) if (!take(this.told, rowKey)) this.changed([change]);
  }

  /** Something was written here and what is not known: nothing derived before it is served again. */
  changedAnything(): void {
    this.remember('everything');
    this.everything++;
  }

  /** `compute()` once for all who ask for `key` until a change reaches it (a failure is not kept). */
  memo<T>(key: string, reach: Reach | readonly string[], compute: () => Promise<T>): Promise<T> {
    return this.derived.memo(key, reach, compute);
  }

  private remember(change: Change | 'everything') {
    this.log.push({ seq: ++this.seq, change });
    if (this.log.length > remembered * 2) this.log = this.log.slice(-remembered);
  }
}

/**
 * What a value or an answer read, collected while it is computed: the reach of
 * each kept value it used and, when `statements`, the tables of each statement
 * it ran itself.
 */
export class Reads {
  private tables = new Set<string>();
  private narrow = new Map<string, Reach>();
  /** Kept values used, whose reads may still grow while they compute. */
  private used = new Set<Reads>();

  /** @param statements whether to note the tables of the statements run (turned on for an answer to keep) */
  constructor(public statements: boolean) {}

  use(reads: Reads): void {
    if (reads !== this) this.used.add(reads);
  }

  add(reach: Reach): void {
    if (!reach.atoms && !reach.period) for (const table of reach.tables) this.tables.add(table);
    else this.narrow.set(JSON.stringify([reach.tables, reach.period, reach.atoms && [...reach.atoms]]), reach);
  }

  reaches(): Reach[] {
    return [{ tables: [...this.tables] }, ...this.narrow.values(), ...[...this.used].flatMap((r) => r.reaches())];
  }
}

const collecting = new AsyncLocalStorage<Reads | undefined>();

/** Runs `compute` collecting what it reads into `reads`. */
export function collectReads<T>(reads: Reads, compute: () => T): T {
  return collecting.run(reads, compute);
}

/** What is being collected where this runs, if anything. */
export function currentReads(): Reads | undefined {
  return collecting.getStore();
}

/** Notes a statement's tables for the answer being computed, if one collects them. */
export function noteStatement(tables: () => readonly string[]): void {
  const reads = collecting.getStore();
  if (reads?.statements) reads.add({ tables: tables() });
}

/** Values derived from tables, each kept until a change reaches it; the least recently used go first beyond `max`. */
export class KeptValues {
  private kept: LRUCache<string, { mark: number; reads: Reads; value: Promise<unknown> }>;

  constructor(
    private freshness: Freshness,
    max: number,
  ) {
    this.kept = new LRUCache({ max });
  }

  /** `compute()` once for all who ask for `key` until a change reaches what it read (a failure is not kept). */
  memo<T>(key: string, reachOrTables: Reach | readonly string[], compute: () => Promise<T>): Promise<T> {
    const reach = 'tables' in reachOrTables ? reachOrTables : { tables: reachOrTables };
    const mark = this.freshness.mark();
    let entry = this.kept.get(key);
    if (entry && this.freshness.unchangedSince(entry.mark, entry.reads.reaches())) {
      entry.mark = mark; // checked up to now: the next check starts here
    } else {
      // What it reads: `reach` for its own statements, and what the kept values it uses read.
      const reads = new Reads(false);
      reads.add(reach);
      // The mark is taken before computing: a change while it computes makes this value stale at once.
      const value = collectReads(reads, compute);
      entry = { mark, reads, value };
      this.kept.set(key, entry);
      value.catch(() => {
        if (this.kept.peek(key)?.value === value) this.kept.delete(key);
      });
    }
    // Whoever uses this value depends on what it read.
    currentReads()?.use(entry.reads);
    return entry.value as Promise<T>;
  }
}

/**
 * Notes, for the answer being computed, the tables each statement run on
 * `knex` names (of `tables`, the schema's): a name in the text is read or
 * written, and naming more than it reads only makes an answer kept less long.
 */
export function noteStatementsOn(knex: { on(event: 'query', listener: (query: { sql: string }) => void): unknown }, tables: readonly string[]): void {
  if (tables.length === 0) return;
  const names = new RegExp(`\\b(${tables.map((t) => t.replace(/[^\w]/g, '')).join('|')})\\b`, 'g');
  const named = new LRUCache<string, string[]>({ max: 2_000 });
  const tablesIn = (sql: string) => {
    let found = named.get(sql);
    if (!found) named.set(sql, (found = [...new Set(sql.match(names) ?? [])]));
    return found;
  };
  knex.on('query', ({ sql }) => noteStatement(() => tablesIn(sql)));
}
