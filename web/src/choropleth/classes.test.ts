import { describe, expect, it } from 'vitest';
import { changeClasses, classOf, fromEdges, legendRows, quantiles, ramp } from './classes';

describe('choropleth classes', () => {
  it('colours the metric’s own edges, so a value has the same colour every year', () => {
    const classes = fromEdges([0, 1, 3, 6, 10, 20], true)!;
    expect(classes.colours).toEqual([...ramp]);
    expect([0, 1, 2, 3, 9, 10, 25].map((v) => classOf(classes, v))).toEqual([0, 1, 1, 2, 3, 4, 4]);
  });

  it('labels count classes with whole numbers that never overlap', () => {
    const rows = legendRows(fromEdges([0, 1, 3, 6], true)!);
    expect(rows.map((r) => [r.from, r.to])).toEqual([
      [0, 0],
      [1, 2],
      [3, 6],
    ]);
  });

  it('labels other classes as "from – under to", the last closed', () => {
    const rows = legendRows(fromEdges([0, 0.25, 0.5, 1], false)!);
    expect(rows.map((r) => r.closed)).toEqual([false, false, true]);
  });

  it('offers this year’s quantiles, whole-number edges for counts, never an empty class', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 7];
    const classes = quantiles(values, true)!;
    expect(classes.edges.every(Number.isInteger)).toBe(true);
    const counts = new Set(values.map((v) => classOf(classes, v)));
    expect(counts.size).toBe(classes.colours.length);
    expect(quantiles([null, null], true)).toBeNull();
    expect(classOf(quantiles([1, 2, 3], false)!, null)).toBeNull();
  });

  it('centres changes on no change: a class of exactly 0 for counts, and 1 for ratios', () => {
    const difference = changeClasses([-5, 0, 2, 9], 'difference', true);
    expect(classOf(difference, 0)).toBe(3);
    expect(classOf(difference, 1)).toBe(4);
    expect(classOf(difference, -1)).toBe(2);
    const ratio = changeClasses([0.4, 1, 3], 'ratio', false);
    expect(classOf(ratio, 1)).toBe(3);
    expect(classOf(ratio, 0.5)).toBe(1);
    expect(classOf(ratio, 2)).toBe(6);
  });
});
