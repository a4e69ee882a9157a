import { describe, expect, it } from 'vitest';
import { cellRing, columns, nationalCounts, rows } from './national';

describe('the synthetic country (pnpm db:seed --scale national)', () => {
  it('has about 10,600 communes and the record counts the scale benchmark needs', () => {
    expect(nationalCounts.communes).toBe(10_640);
    expect(nationalCounts).toMatchObject({ camera_site: 500_000, commendation: 100_000, valuable_tip: 1_000_000 });
  });

  it('draws each commune as a closed ring whose edges its neighbours share exactly, the same every time', () => {
    const ring = cellRing(10, 20);
    expect(ring).toHaveLength(33);
    expect(ring[32]).toEqual(ring[0]);
    expect(cellRing(10, 20)).toEqual(ring); // deterministic
    const east = cellRing(11, 20);
    const north = cellRing(10, 21);
    // This cell's east side, read upwards, is the east neighbour's west side read downwards; likewise north.
    expect(ring.slice(8, 17)).toEqual(east.slice(24, 33).reverse());
    expect(ring.slice(16, 25)).toEqual(north.slice(0, 9).reverse());
    // Inside Vietnam's extent, with the outer edge straight.
    for (const [lon, lat] of [...cellRing(0, 0), ...cellRing(columns - 1, rows - 1)]) {
      expect(lon).toBeGreaterThanOrEqual(102.14);
      expect(lon).toBeLessThanOrEqual(109.46);
      expect(lat).toBeGreaterThanOrEqual(8.18);
      expect(lat).toBeLessThanOrEqual(23.39);
    }
    expect(
      new Set(
        cellRing(0, 5)
          .slice(24, 33)
          .map(([lon]) => lon),
      ),
    ).toEqual(new Set([102.14]));
  });
});
