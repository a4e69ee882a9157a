// The baseline of `pnpm bench:web`: MapLibre alone, no framework, drawing what the app's map draws at first —
// the communes, district and province borders from the hub's tiles, the district names, and the models (clustered,
// with their counts) and heritage sites — from the same hub, with the same web fonts.
import * as maplibregl from 'maplibre-gl';
import latinRegular from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import vietnameseRegular from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff2?url';
import latinBold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import vietnameseBold from '@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff2?url';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './bare.css';

maplibregl.setWorkerUrl(workerUrl);
const asOf = '2021-12-31'; // the app's default view: 2021, on the map in force at its end
const tiles = (level) => [`${location.origin}/tiles/units/{z}/{x}/{y}.mvt?level=${level}&asOf=${asOf}`];
const models = await (await fetch('/tiles/models.json?from=2021-01-01&to=2021-12-31')).json();
// The unicode ranges of @fontsource/noto-sans's latin and vietnamese subsets, as the app gives them.
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
const face = (latin, vietnamese) => [
  { url: new URL(latin, location.href).href, 'unicode-range': latinRange },
  { url: new URL(vietnamese, location.href).href, 'unicode-range': vietnameseRange },
];
const map = new maplibregl.Map({
  container: 'map',
  bounds: [106.11, 20.244, 106.657, 20.729],
  fitBoundsOptions: { padding: 16 },
  style: {
    version: 8,
    'font-faces': { 'Noto Sans Regular': face(latinRegular, vietnameseRegular), 'Noto Sans Bold': face(latinBold, vietnameseBold) },
    sources: {
      communes: { type: 'vector', tiles: tiles('COMMUNE'), maxzoom: 14, promoteId: 'code' },
      districts: { type: 'vector', tiles: tiles('DISTRICT'), maxzoom: 14 },
      province: { type: 'vector', tiles: tiles('PROVINCE'), maxzoom: 14 },
      models: models.geojson
        ? { type: 'geojson', data: models.geojson, cluster: true, clusterRadius: 40, clusterMaxZoom: 13 }
        : { type: 'vector', tiles: models.tiles, maxzoom: 16 },
      heritage: { type: 'geojson', data: '/geo/heritage.geojson' },
      districtLabels: { type: 'geojson', data: `/geo/labels.geojson?level=DISTRICT&asOf=${asOf}` },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8eef2' } },
      { id: 'communes-fill', type: 'fill', source: 'communes', 'source-layer': 'units', paint: { 'fill-color': '#a1dab4', 'fill-opacity': 0.9 } },
      { id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'units', paint: { 'line-color': '#ffffff', 'line-width': 0.5 } },
      { id: 'districts-line', type: 'line', source: 'districts', 'source-layer': 'units', paint: { 'line-color': '#37474f', 'line-width': 1 } },
      { id: 'province-line', type: 'line', source: 'province', 'source-layer': 'units', paint: { 'line-color': '#263238', 'line-width': 2.2 } },
      {
        id: 'district-labels',
        type: 'symbol',
        source: 'districtLabels',
        maxzoom: 10.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Bold'], 'text-size': 13, 'text-max-width': 8 },
        paint: { 'text-color': '#263238', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
      },
      {
        id: 'models',
        type: 'circle',
        source: 'models',
        ...(models.geojson ? {} : { 'source-layer': 'models' }),
        paint: { 'circle-color': '#238b45', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      },
      ...(models.geojson
        ? [
            {
              id: 'model-counts',
              type: 'symbol',
              source: 'models',
              filter: ['has', 'point_count'],
              layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': ['Noto Sans Bold'], 'text-size': 11, 'text-allow-overlap': true },
              paint: { 'text-color': '#fff' },
            },
          ]
        : []),
      {
        id: 'heritage',
        type: 'circle',
        source: 'heritage',
        paint: { 'circle-color': '#8c510a', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      },
    ],
  },
});
map.once('idle', () => {
  window.__anbinhMapIdle ??= performance.now();
});
