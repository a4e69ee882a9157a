/** The value at quantile `q` (0–1) of numbers sorted ascending, by the nearest rank below; NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** The numbers sorted ascending, leaving the argument as it was. */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
