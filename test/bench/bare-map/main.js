// The baseline of `pnpm bench:web`: MapLibre alone, no framework, drawing what the app's map draws at first —
// the communes, district and province borders from the hub's tiles and the models and heritage sites — from the same hub.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './bare.css';

maplibregl.setWorkerUrl(workerUrl);
const asOf = '2021-12-31'; // the app's default view: 2021, on the map in force at its end
const tiles = (level) => [`${location.origin}/tiles/units/{z}/{x}/{y}.mvt?level=${level}&asOf=${asOf}`];
const models = await (await fetch('/tiles/models.json?from=2021-01-01&to=2021-12-31')).json();
const map = new maplibregl.Map({
  container: 'map',
  bounds: [106.11, 20.244, 106.657, 20.729],
  fitBoundsOptions: { padding: 16 },
  style: {
    version: 8,
    sources: {
      communes: { type: 'vector', tiles: tiles('COMMUNE'), maxzoom: 14, promoteId: 'code' },
      districts: { type: 'vector', tiles: tiles('DISTRICT'), maxzoom: 14 },
      province: { type: 'vector', tiles: tiles('PROVINCE'), maxzoom: 14 },
      models: models.geojson
        ? { type: 'geojson', data: models.geojson, cluster: true, clusterRadius: 40, clusterMaxZoom: 13 }
        : { type: 'vector', tiles: models.tiles, maxzoom: 16 },
      heritage: { type: 'geojson', data: '/geo/heritage.geojson' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8eef2' } },
      { id: 'communes-fill', type: 'fill', source: 'communes', 'source-layer': 'units', paint: { 'fill-color': '#a1dab4', 'fill-opacity': 0.9 } },
      { id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'units', paint: { 'line-color': '#ffffff', 'line-width': 0.5 } },
      { id: 'districts-line', type: 'line', source: 'districts', 'source-layer': 'units', paint: { 'line-color': '#37474f', 'line-width': 1 } },
      { id: 'province-line', type: 'line', source: 'province', 'source-layer': 'units', paint: { 'line-color': '#263238', 'line-width': 2.2 } },
      { id: 'models', type: 'circle', source: 'models', ...(models.geojson ? {} : { 'source-layer': 'models' }), paint: { 'circle-color': '#238b45', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
      { id: 'heritage', type: 'circle', source: 'heritage', paint: { 'circle-color': '#8c510a', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
    ],
  },
});
map.once('idle', () => {
  window.__anbinhMapIdle ??= performance.now();
});
