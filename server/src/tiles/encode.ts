import { fromVectorTileJs, type VectorTileFeatureLike } from '@maplibre/vt-pbf';
import type Point from '@mapbox/point-geometry';

/** Tiles are 4096 units a side, with 64 units of buffer so strokes and symbols do not break at tile edges. */
export const extent = 4096;
export const buffer = 64;

/** The tile (z, x, y) holding a lon/lat point at a zoom. */
export function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/**
 * The geometry column of a tile's features. PostGIS built with protobuf-c
 * makes it with ST_AsMVTGeom and the tile with ST_AsMVT. The embedded
 * PostGIS lacks protobuf-c, so there the same clipping, scaling to the tile's
 * grid and ring orientation (exteriors clockwise on screen) are done in SQL,
 * and the tile is encoded here (`encodeTile`).
 */
export function tileGeometry(nativeMvt: boolean) {
  return (mercator: string, shape: 'polygon' | 'line' | 'point'): string => {
    if (nativeMvt) return `ST_AsMVTGeom(${mercator}, tile.env, ${extent}, ${buffer}, true)`;
    const width = '(ST_XMax(tile.env) - ST_XMin(tile.env))';
    const scale = `(${extent} / ${width})`;
    const bounds = `ST_Expand(tile.env, ${width} * ${buffer / extent})`;
    const clipped =
      shape === 'polygon'
        ? `ST_ForcePolygonCW(ST_ClipByBox2D(${mercator}, ${bounds}))`
        : shape === 'line'
          ? `ST_CollectionExtract(ST_Intersection(${mercator}, ${bounds}), 2)`
          : mercator;
    return `ST_AsGeoJSON(ST_SnapToGrid(ST_Affine(${clipped}, ${scale}, 0, 0, -${scale}, -ST_XMin(tile.env) * ${scale}, ST_YMax(tile.env) * ${scale}), 1), 0)`;
  };
}

type Position = [number, number];
type TileGeoJSON =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: TileGeoJSON[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] };

/** MVT type and geometry (points, lines or rings) of a feature in tile coordinates; null when nothing drawable is left. */
function shapeOf(geometry: TileGeoJSON): { type: 1 | 2 | 3; parts: Position[][] } | null {
  switch (geometry.type) {
    case 'Point':
      return { type: 1, parts: [[geometry.coordinates]] };
    case 'MultiPoint':
      return geometry.coordinates.length ? { type: 1, parts: [geometry.coordinates] } : null;
    case 'LineString':
    case 'MultiLineString': {
      // Snapped to the tile's grid, a short line may collapse onto one point: nothing to draw.
      const lines = (geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates).filter((line) => line.length >= 2);
      return lines.length ? { type: 2, parts: lines } : null;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      const rings = polygons.flatMap((rings) => (rings[0]?.length >= 4 ? rings.filter((ring) => ring.length >= 4) : []));
      return rings.length ? { type: 3, parts: rings } : null;
    }
    case 'GeometryCollection': {
      const polygons = geometry.geometries.filter(
        (g): g is Extract<TileGeoJSON, { type: 'Polygon' | 'MultiPolygon' }> => g.type === 'Polygon' || g.type === 'MultiPolygon',
      );
      return polygons.length
        ? shapeOf({ type: 'MultiPolygon', coordinates: polygons.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) })
        : null;
    }
    default:
      return null;
  }
}

/** One MVT layer from rows of `id`, attributes and `geom` (tile-coordinate GeoJSON text, as `tileGeometry` makes without protobuf-c). */
export function encodeTile(name: string, rows: Record<string, unknown>[]): Buffer {
  const features: VectorTileFeatureLike[] = [];
  for (const { id, geom, ...attributes } of rows) {
    const shape = typeof geom === 'string' ? shapeOf(JSON.parse(geom) as TileGeoJSON) : null;
    if (!shape) continue;
    const properties = Object.fromEntries(
      Object.entries(attributes).filter((entry): entry is [string, string | number | boolean] => entry[1] !== null && entry[1] !== undefined),
    );
    features.push({
      type: shape.type,
      properties,
      id: typeof id === 'number' ? id : undefined,
      extent,
      loadGeometry: () => shape.parts.map((part) => part.map(([x, y]) => ({ x, y }) as Point)),
    });
  }
  if (features.length === 0) return Buffer.alloc(0);
  return Buffer.from(fromVectorTileJs({ layers: { [name]: { version: 2, name, extent, length: features.length, feature: (i) => features[i] } } }));
}
