/**
 * A seeded pseudo-random source (mulberry32): the same seed always yields the
 * same sequence, so generated sample data is reproducible.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One item, drawn in proportion to its weight (a linear scan: for short lists). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    return new WeightedTable(items, weight).pick(this);
  }

  /** A few distinct items, in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set(this.shuffle(items.map((_, i) => i)).slice(0, count));
    return items.filter((_, i) => chosen.has(i));
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /**
   * Splits `total` into `parts` integers of at least `min` that sum to it exactly.
   * Shares are skewed (many small, a few large), as real batches are.
   */
  partition(total: number, parts: number, min = 1): number[] {
    const free = total - parts * min;
    if (parts < 1 || free < 0) throw new Error(`Cannot split ${total} into ${parts} parts of at least ${min}`);
    const weights = Array.from({ length: parts }, () => 0.2 + 3 * this.next() ** 2);
    return apportion(free, weights).map((share) => min + share);
  }
}

/** Largest-remainder apportionment: integers in proportion to `weights` that sum to `total` exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) out[byRemainder[k][1]]++;
  return out;
}

/** Items with cumulative weights, for repeated weighted draws by binary search. */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    let sum = 0;
    for (const item of items) this.cumulative.push((sum += weight(item)));
    this.total = sum;
    if (!(sum > 0)) throw new Error('A weighted draw needs at least one positive weight');
  }

  pick(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0,
      hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
