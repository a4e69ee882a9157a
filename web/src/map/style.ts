import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import latinRegular from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import vietnameseRegular from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff2?url';
import latinBold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import vietnameseBold from '@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff2?url';
import { noDataColour } from '../choropleth/classes';
import { pointColours, type PointLayer, type TiledPointLayer } from './points';

/** Thái Bình's extent (lon/lat): where the map opens. */
export const provinceBounds: [number, number, number, number] = [106.11, 20.244, 106.657, 20.729];

// The unicode ranges of @fontsource/noto-sans's latin and vietnamese subsets, as in its CSS.
const latinRange = [
  'U+0000-00FF',
  'U+0131',
  'U+0152-0153',
  'U+02BB-02BC',
  'U+02C6',
  'U+02DA',
  'U+02DC',
  'U+0304',
  'U+0308',
  'U+0329',
  'U+2000-206F',
  'U+20AC',
  'U+2122',
  'U+2191',
  'U+2193',
  'U+2212',
  'U+2215',
  'U+FEFF',
  'U+FFFD',
];
const vietnameseRange = [
  'U+0102-0103',
  'U+0110-0111',
  'U+0128-0129',
  'U+0168-0169',
  'U+01A0-01A1',
  'U+01AF-01B0',
  'U+0300-0301',
  'U+0303-0304',
  'U+0308-0309',
  'U+0323',
  'U+0329',
  'U+1EA0-1EF9',
  'U+20AB',
];
const absolute = (url: string) => new URL(url, window.location.href).href;
const face = (latin: string, vietnamese: string) => [
  { url: absolute(latin), 'unicode-range': latinRange },
  { url: absolute(vietnamese), 'unicode-range': vietnameseRange },
];
const regular = ['Noto Sans Regular'];
const bold = ['Noto Sans Bold'];

/** The areas are vector tiles from the hub (one source layer, `units`): a country's communes do not fit in GeoJSON. */
export const unitLayer = 'units';
/** A vector-tile URL template of the hub (built by hand: URL() would escape the braces). */
const unitTiles = (level: string, asOf: string) => [`${window.location.origin}/tiles/units/{z}/{x}/{y}.mvt?level=${level}&asOf=${asOf}`];
export const areaSources = ['communes', 'districts', 'province'] as const;
export const areaLevels: Record<(typeof areaSources)[number], string> = { communes: 'COMMUNE', districts: 'DISTRICT', province: 'PROVINCE' };
export const areaTiles = (source: (typeof areaSources)[number], asOf: string) => unitTiles(areaLevels[source], asOf);

/** The level the choropleth fills: communes, or districts (`level=district` in the URL). */
export type MapLevel = 'commune' | 'district';
export const fillLayer = (level: MapLevel) => (level === 'district' ? 'districts-fill' : 'communes-fill');

/** The map's credit line, in the reader's language. */
export const attribution = {
  vi: 'Ranh giới: Tổng cục Thống kê, những người đóng góp OpenStreetMap (ODbL)',
  en: 'Boundaries: General Statistics Office, OpenStreetMap contributors (ODbL)',
} as const;

/** The pattern of units whose value is withheld: dark diagonal lines over grey, unlike any class colour. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 8;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const line = (x + y) % size < 2;
      data.set(line ? [84, 110, 122, 255] : [217, 217, 217, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

/** Where the heritage sites' GeoJSON comes from. */
export const heritageUrl = '/geo/heritage.geojson';

/** Label points of units (the app reads them for search and fly-to, and gives them to the map). */
export interface LabelFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { code: string; name: string; exemplary: boolean };
}
const labelData = (features: readonly LabelFeature[]) => ({ type: 'FeatureCollection' as const, features: [...features] });

/** The models the report names: the heritage-site self-management models, drawn apart and never clustered. */
const namedModel: ExpressionSpecification = ['==', ['get', 'kind'], 'HERITAGE_SITE_SELF_MANAGEMENT'];

const empty = { type: 'FeatureCollection' as const, features: [] };
const clustered = (data: typeof empty, filter?: ExpressionSpecification): SourceSpecification => ({
  type: 'geojson',
  data,
  cluster: true,
  clusterRadius: 40,
  clusterMaxZoom: 13,
  ...(filter ? { filter } : {}),
});

/**
 * A count always shows, and keeps its bubble's room from labels placed after it
 * (the district names, which move aside); commune names are placed before it.
 */
const bubbleRoom = { 'text-allow-overlap': true, 'text-ignore-placement': false, 'text-padding': 12 } as const;

function pointLayersFor(id: PointLayer): LayerSpecification[] {
  const colour = pointColours[id];
  return [
    {
      id: `${id}-clusters`,
      type: 'circle',
      source: id,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': colour,
        'circle-opacity': 0.85,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
        'circle-radius': ['step', ['get', 'point_count'], 11, 10, 14, 50, 18],
      },
    },
    {
      id: `${id}-cluster-counts`,
      type: 'symbol',
      source: id,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': bold, 'text-size': 11, ...bubbleRoom },
      paint: { 'text-color': '#fff' },
    },
    {
      id: `${id}-points`,
      type: 'circle',
      source: id,
      filter: ['!', ['has', 'point_count']],
      paint: { 'circle-color': colour, 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
    },
  ];
}

const count: ExpressionSpecification = ['coalesce', ['get', 'count'], 1];

/** The layers drawing a point layer from the hub's tiles: a cell's count below zoom 12, each point above. */
export function pointTileLayers(id: TiledPointLayer): LayerSpecification[] {
  const colour = pointColours[id];
  const source = `${id}Tiles`;
  return [
    {
      id: `${id}-tile-clusters`,
      type: 'circle',
      source,
      'source-layer': id,
      filter: ['>', count, 1],
      paint: {
        'circle-color': colour,
        'circle-opacity': 0.85,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
        'circle-radius': ['step', count, 11, 10, 14, 50, 18, 1000, 22],
      },
    },
    {
      id: `${id}-tile-counts`,
      type: 'symbol',
      source,
      'source-layer': id,
      filter: ['>', count, 1],
      layout: {
        'text-field': ['case', ['>=', count, 1000], ['concat', ['to-string', ['/', ['round', ['/', count, 100]], 10]], 'k'], ['to-string', count]],
        'text-font': bold,
        'text-size': 11,
        ...bubbleRoom,
      },
      paint: { 'text-color': '#fff' },
    },
    {
      id: `${id}-tile-points`,
      type: 'circle',
      source,
      'source-layer': id,
      filter: ['<=', count, 1],
      paint: {
        'circle-color': colour,
        'circle-radius': ['case', namedModel, 8, 5],
        // The named models keep their ring once the points carry their kind (zoom 12 and above).
        'circle-stroke-color': ['case', namedModel, '#ffd600', '#fff'],
        'circle-stroke-width': ['case', namedModel, 3, 1.5],
      },
    },
  ];
}

/** Colours of the hub's line layers, in the order it lists them: unlike the choropleth's ramp and the points'. */
const lineColours = ['#c51b7d', '#e6550d', '#54278f'] as const;
export const lineColour = (index: number) => lineColours[index % lineColours.length];

/** The layers drawing one of the hub's line layers (patrol routes): a white casing, the line, and a wider invisible line the pointer finds. */
export function lineTileLayers(id: string, index: number): LayerSpecification[] {
  const common = { type: 'line' as const, source: `${id}Tiles`, 'source-layer': id };
  return [
    {
      ...common,
      id: `${id}-route-casing`,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 3.5, 14, 8] },
    },
    {
      ...common,
      id: `${id}-route`,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': lineColour(index), 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 14, 5] },
    },
    { ...common, id: `${id}-route-hit`, paint: { 'line-color': '#000000', 'line-opacity': 0, 'line-width': 14 } },
  ];
}
/** The parts drawing a line layer. */
export const lineParts = (id: string) => ['route-casing', 'route', 'route-hit'].map((part) => `${id}-${part}`);

/** The whole style: our own geography as the base map, the choropleth, point layers and labels. No request leaves the origin. */
export function mapStyle(
  asOf: string,
  level: MapLevel,
  withheld: readonly string[],
  labels: { communes: readonly LabelFeature[]; districts: readonly LabelFeature[] },
): StyleSpecification {
  return {
    version: 8,
    'font-faces': { 'Noto Sans Regular': face(latinRegular, vietnameseRegular), 'Noto Sans Bold': face(latinBold, vietnameseBold) },
    sources: {
      // Feature state (hover, the choropleth's class) is keyed by the commune's code.
      communes: { type: 'vector', tiles: areaTiles('communes', asOf), maxzoom: 14, promoteId: 'code' },
      districts: { type: 'vector', tiles: areaTiles('districts', asOf), maxzoom: 14, promoteId: 'code' },
      province: { type: 'vector', tiles: areaTiles('province', asOf), maxzoom: 14 },
      // Labels and exemplary places: read by the app, which also needs them for search and fly-to; the map is given them, not asking again.
      districtLabels: { type: 'geojson', data: labelData(labels.districts) },
      communeLabels: { type: 'geojson', data: labelData(labels.communes) },
      // Point layers get their data when first shown (see MapView): a hidden layer costs no download.
      cameras: clustered(empty),
      mailboxes: clustered(empty),
      models: clustered(empty, ['!', namedModel]),
      namedModels: { type: 'geojson', data: empty, filter: namedModel },
      heritage: clustered(empty),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8eef2' } },
      ...unitFill('communes', level === 'commune', level === 'commune' ? withheld : []),
      ...unitFill('districts', level === 'district', level === 'district' ? withheld : []),
      {
        id: 'communes-line',
        type: 'line',
        source: 'communes',
        'source-layer': unitLayer,
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 12, 1.2] },
      },
      {
        id: 'districts-line',
        type: 'line',
        source: 'districts',
        'source-layer': unitLayer,
        paint: { 'line-color': '#37474f', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 12, 2] },
      },
      { id: 'province-line', type: 'line', source: 'province', 'source-layer': unitLayer, paint: { 'line-color': '#263238', 'line-width': 2.2 } },
      {
        id: 'selected-line',
        type: 'line',
        source: 'communes',
        'source-layer': unitLayer,
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#ff6f00', 'line-width': 3.5 },
      },
      {
        id: 'selected-district-line',
        type: 'line',
        source: 'districts',
        'source-layer': unitLayer,
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#ff6f00', 'line-width': 4 },
      },
      // Beneath the points: placed after the counts, so the names move off the bubbles.
      {
        id: 'district-labels',
        type: 'symbol',
        source: 'districtLabels',
        maxzoom: 10.5,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': bold,
          'text-size': 13,
          'text-max-width': 8,
          'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
          'text-radial-offset': 1.2,
        },
        paint: { 'text-color': '#263238', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
      },
      ...pointLayersFor('cameras'),
      ...pointLayersFor('mailboxes'),
      ...pointLayersFor('models'),
      ...pointLayersFor('heritage'),
      {
        id: 'named-models',
        type: 'circle',
        source: 'namedModels',
        paint: { 'circle-color': pointColours.models, 'circle-radius': 8, 'circle-stroke-color': '#ffd600', 'circle-stroke-width': 3 },
      },
      {
        id: 'exemplary-places',
        type: 'circle',
        source: 'communeLabels',
        filter: ['==', ['get', 'exemplary'], true],
        paint: { 'circle-color': '#ffd600', 'circle-radius': 9, 'circle-stroke-color': '#b71c1c', 'circle-stroke-width': 2.5 },
      },
      {
        id: 'commune-labels',
        type: 'symbol',
        source: 'communeLabels',
        minzoom: 10,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': regular,
          'text-size': 11.5,
          'text-max-width': 7,
          'text-variable-anchor': ['center', 'top', 'bottom'],
        },
        paint: { 'text-color': '#1b2429', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.3 },
      },
    ],
  };
}

/**
 * A level's fill and the hatching of its withheld units (their codes are its filter). The fill reads each unit's colour
 * from its feature state: an expression that never changes, so a new year or metric repaints the tiles without laying them out again.
 */
function unitFill(source: 'communes' | 'districts', shown: boolean, withheld: readonly string[]): LayerSpecification[] {
  const visibility = shown ? 'visible' : 'none';
  return [
    {
      id: `${source}-fill`,
      type: 'fill',
      source,
      'source-layer': unitLayer,
      layout: { visibility },
      paint: {
        'fill-color': ['to-color', ['coalesce', ['feature-state', 'colour'], noDataColour]],
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.7, 0.9],
      },
    },
    {
      id: `${source}-withheld`,
      type: 'fill',
      source,
      'source-layer': unitLayer,
      layout: { visibility },
      filter: withheldFilter(withheld),
      paint: { 'fill-pattern': 'withheld-hatch' },
    },
  ];
}

/** The units whose value is withheld, by code. */
export const withheldFilter = (codes: readonly string[]): ExpressionSpecification => ['in', ['get', 'code'], ['literal', [...codes]]];
