import type { MultiPolygon, Position } from '@anbinh/shared';
import type { Random } from './random';

type Ring = Position[];
type Lonlat = [number, number];

/** Even–odd ray casting against one ring. */
function inRing([x, y]: Lonlat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i],
      [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point lies inside one of the polygons: inside its outer ring and in none of its holes. */
export function containsPoint(shape: MultiPolygon, point: Lonlat): boolean {
  return shape.coordinates.some(([outer, ...holes]) => inRing(point, outer) && !holes.some((hole) => inRing(point, hole)));
}

/** Distance in degrees from the point to the nearest edge of any ring. */
function distanceToBoundary([x, y]: Lonlat, shape: MultiPolygon): number {
  let best = Infinity;
  for (const ring of shape.coordinates.flat()) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i],
        [bx, by] = ring[i + 1];
      const dx = bx - ax,
        dy = by - ay;
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
    }
  }
  return best;
}

/** Approximate area in km² (planar, longitude scaled by the cosine of latitude: fine at commune scale). */
export function areaKm2(shape: MultiPolygon): number {
  const ringArea = (ring: Ring) => {
    let a = 0;
    for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    return Math.abs(a) / 2;
  };
  const lat = shape.coordinates[0][0][0][1];
  const degrees = shape.coordinates.reduce((sum, [outer, ...holes]) => sum + ringArea(outer) - holes.reduce((h, r) => h + ringArea(r), 0), 0);
  return degrees * 111.32 * 111.32 * Math.cos((lat * Math.PI) / 180);
}

const boxes = new WeakMap<MultiPolygon, [number, number, number, number]>();

function boundingBox(shape: MultiPolygon): [number, number, number, number] {
  let box = boxes.get(shape);
  if (!box) {
    const points = shape.coordinates.flat(2);
    box = [
      Math.min(...points.map((p) => p[0])),
      Math.min(...points.map((p) => p[1])),
      Math.max(...points.map((p) => p[0])),
      Math.max(...points.map((p) => p[1])),
    ];
    boxes.set(shape, box);
  }
  return box;
}

/** True when the point lies inside the shape and at least `margin` degrees from every edge. */
export function liesWellInside(shape: MultiPolygon, p: Lonlat, margin = 1e-5): boolean {
  return containsPoint(shape, p) && distanceToBoundary(p, shape) > margin;
}

/**
 * A uniformly random point strictly inside the shape, rounded to 6 decimals
 * (about 0.1 m) and kept at least `margin` degrees (about 1 m) from every edge,
 * so the database's own containment test agrees. With `near`, the point lies
 * within `radius` degrees (a square) of that position.
 */
export function randomPointIn(shape: MultiPolygon, rng: Random, near?: { at: Position; radius: number }, margin = 1e-5): Lonlat {
  const [minX, minY, maxX, maxY] = near
    ? [near.at[0] - near.radius, near.at[1] - near.radius, near.at[0] + near.radius, near.at[1] + near.radius]
    : boundingBox(shape);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const p: Lonlat = [round6(rng.between(minX, maxX)), round6(rng.between(minY, maxY))];
    if (liesWellInside(shape, p, margin)) return p;
  }
  throw new Error('Could not place a random point inside the polygon');
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
