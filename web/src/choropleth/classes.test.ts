import { describe, expect, it } from 'vitest';
import { classify, classOf, legendRows, ramp } from './classes';

describe('choropleth classes', () => {
  it('splits values into five quantile classes with increasing colours', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const classes = classify(values)!;
    expect(classes.breaks).toEqual([20, 40, 60, 80]);
    expect(classes.colours).toEqual([...ramp]);
    expect(values.map((v) => classOf(classes, v)).filter((c) => c === 0)).toHaveLength(20);
    expect(classOf(classes, 99)).toBe(4);
  });

  it('uses fewer classes when values repeat, never an empty class', () => {
    const classes = classify([0, 0, 0, 0, 0, 0, 0, 1, 2, 2])!;
    const counts = new Map<number, number>();
    for (const v of [0, 0, 0, 0, 0, 0, 0, 1, 2, 2]) counts.set(classOf(classes, v)!, (counts.get(classOf(classes, v)!) ?? 0) + 1);
    expect(counts.size).toBe(classes.colours.length);
    expect(classes.colours.length).toBeLessThan(5);
  });

  it('has no classes without values, and leaves missing values unclassed', () => {
    expect(classify([null, null])).toBeNull();
    expect(classOf(classify([1, 2, 3])!, null)).toBeNull();
  });

  it('gives the legend bounds from the minimum to the maximum', () => {
    const rows = legendRows(classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!);
    expect(rows[0].from).toBe(1);
    expect(rows[rows.length - 1].to).toBe(10);
  });
});
