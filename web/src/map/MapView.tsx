import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature, MapLayerMouseEvent, MapMouseEvent, VectorTileSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Camera } from '../app/view';
import { useT } from '../app/i18n';
import { areaSources, areaTiles, choroplethColour, mapStyle, pointLayers, pointTileJson, pointTileLayers, provinceBounds, sourceUrls, tiledPointLayers, unitLayer, type PointLayer, type TiledPointLayer } from './style';

// MapLibre 6 builds its worker's URL at run time; Vite ships the file and gives its URL.
maplibregl.setWorkerUrl(workerUrl);

export interface LabelFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { code: string; name: string; exemplary: boolean };
}

export interface MapViewProps {
  asOf: string;
  year: number;
  /** Each commune's class (by code) and the classes' colours. */
  classes: ReadonlyMap<string, number | null>;
  colours: readonly string[];
  labels: readonly LabelFeature[];
  visible: Record<PointLayer, boolean>;
  selected: string | null;
  camera: Camera | null;
  onSelect(code: string): void;
  onCamera(camera: Camera): void;
  /** The map once it has drawn, for exports; null when it goes away. */
  onMap(map: maplibregl.Map | null): void;
}

declare global {
  interface Window {
    /** performance.now() when the map was first idle: read by the browser tests and the start-up figure. */
    __anbinhMapIdle?: number;
  }
}

/** The communes' features, for feature state (hover, class). */
const communes = { source: 'communes', sourceLayer: unitLayer };

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
const clickable = ['communes-fill', ...pointLayers.map((l) => `${l}-clusters`), ...tiledPointLayers.map((l) => `${l}-tile-clusters`)];

/** The parts drawing a point layer, from GeoJSON (clustered here) or from the hub's tiles. */
const geojsonParts = (layer: PointLayer) => ['clusters', 'cluster-counts', 'points'].map((part) => `${layer}-${part}`);
const tileParts = (layer: TiledPointLayer) => ['tile-clusters', 'tile-counts', 'tile-points'].map((part) => `${layer}-${part}`);

/**
 * Gives a point layer the period's points: its TileJSON says whether they are
 * few enough to load whole as GeoJSON; if not, the map draws its tiles.
 * Returns how the layer is drawn now.
 */
async function loadPoints(map: maplibregl.Map, layer: TiledPointLayer, year: number): Promise<'geojson' | 'tiles'> {
  const res = await fetch(pointTileJson(layer, year));
  if (!res.ok) throw new Error(`${pointTileJson(layer, year)}: HTTP ${res.status}`);
  const tileJson = (await res.json()) as { tiles: string[]; geojson?: string };
  if (tileJson.geojson) {
    (map.getSource(layer) as GeoJSONSource).setData(tileJson.geojson);
    if (layer === 'models') (map.getSource('namedModels') as GeoJSONSource).setData(tileJson.geojson);
    return 'geojson';
  }
  const source = `${layer}Tiles`;
  const tiles = map.getSource(source) as VectorTileSource | undefined;
  if (tiles) tiles.setTiles(tileJson.tiles);
  else {
    map.addSource(source, { type: 'vector', tiles: tileJson.tiles, maxzoom: 16 });
    // Beneath the GeoJSON layer's own parts, so the drawing order of layers stays the legend's.
    for (const spec of pointTileLayers(layer)) map.addLayer(spec, `${layer}-clusters`);
  }
  return 'tiles';
}

/** The MapLibre map. Loaded lazily: the shell renders before this chunk arrives. */
export default function MapView(props: MapViewProps) {
  const t = useT();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const latest = useRef(props);
  latest.current = props;
  /** The data URL each source holds. */
  const loaded = useRef(new Map<string, string>());

  // Create the map once; later changes go through the effects below.
  useEffect(() => {
    const { asOf, camera } = latest.current;
    const map = new maplibregl.Map({
      container: container.current!,
      style: mapStyle(asOf),
      ...(camera ? { center: [camera.longitude, camera.latitude] as [number, number], zoom: camera.zoom } : { bounds: provinceBounds, fitBoundsOptions: { padding: 16 } }),
      maxBounds: [[104.5, 19.5], [108.2, 21.5]],
      minZoom: 7,
      attributionControl: { compact: true, customAttribution: 'Ranh giới: GSO, OpenStreetMap contributors (ODbL) · Dữ liệu mẫu' },
      // Keeps the last frame readable, so "Download PNG" can copy it.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    mapRef.current = map;
    // The map opens on the sample province; a hub holding more (a country) widens it to its own extent.
    fetch('/tiles/units.json').then((res) => res.json()).then(({ bounds }: { bounds: [number, number, number, number] }) => {
      if (mapRef.current !== map || bounds.every((v, i) => Math.abs(v - provinceBounds[i]) < 0.5)) return;
      map.setMinZoom(4);
      map.setMaxBounds([[bounds[0] - 1, bounds[1] - 1], [bounds[2] + 1, bounds[3] + 1]]);
      if (!latest.current.camera) map.fitBounds(bounds, { padding: 16, animate: false });
    }).catch(() => undefined); // the province's view stays
    loaded.current.set('districtLabels', sourceUrls(asOf).districtLabels); // in the style already
    for (const id of areaSources) loaded.current.set(id, areaTiles(id, asOf)[0]);
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.getCanvas().setAttribute('aria-label', t('mapDescription'));
    map.once('idle', () => {
      window.__anbinhMapIdle ??= performance.now();
      latest.current.onMap(map);
    });

    let hovered: string | number | undefined;
    map.on('mousemove', 'communes-fill', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.id;
      if (hovered !== undefined) map.setFeatureState({ ...communes, id: hovered }, { hover: false });
      hovered = id;
      if (id !== undefined) map.setFeatureState({ ...communes, id }, { hover: true });
    });
    map.on('mouseleave', 'communes-fill', () => {
      if (hovered !== undefined) map.setFeatureState({ ...communes, id: hovered }, { hover: false });
      hovered = undefined;
    });
    for (const layer of clickable) {
      map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
    }
    map.on('click', (e: MapMouseEvent) => {
      const [feature] = map.queryRenderedFeatures(e.point, { layers: clickable });
      if (!feature) return;
      if (feature.layer.id === 'communes-fill') latest.current.onSelect(String(feature.properties.code));
      else if (feature.layer.id.endsWith('-tile-clusters')) {
        // A tile's cell: two zoom levels in, its points spread over 16 cells.
        const [longitude, latitude] = (feature.geometry as { coordinates: [number, number] }).coordinates;
        map.easeTo({ center: [longitude, latitude], zoom: Math.min(map.getZoom() + 2, 16) });
      } else zoomIntoCluster(map, feature);
    });
    map.on('moveend', (e) => {
      if ((e as { measuring?: boolean }).measuring) return; // not a camera move
      const c = map.getCenter();
      latest.current.onCamera({ longitude: c.lng, latitude: c.lat, zoom: map.getZoom() });
    });
    return () => {
      latest.current.onMap(null);
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // The map date or the year changed: the same layers, new data. Point layers load only while shown.
  const drawnAs = useRef(new Map<PointLayer, 'geojson' | 'tiles'>());
  useEffect(() => {
    const map = mapRef.current!;
    const urls = sourceUrls(props.asOf);
    const showParts = () => {
      for (const layer of pointLayers) {
        const shown = props.visible[layer];
        const tiled = drawnAs.current.get(layer) === 'tiles';
        for (const id of geojsonParts(layer)) map.setLayoutProperty(id, 'visibility', shown && !tiled ? 'visible' : 'none');
        if (layer !== 'heritage' && map.getLayer(`${layer}-tile-points`)) {
          for (const id of tileParts(layer)) map.setLayoutProperty(id, 'visibility', shown && tiled ? 'visible' : 'none');
        }
      }
      map.setLayoutProperty('named-models', 'visibility', props.visible.models && drawnAs.current.get('models') !== 'tiles' ? 'visible' : 'none');
    };
    const apply = () => {
      for (const id of areaSources) {
        const tiles = areaTiles(id, props.asOf);
        if (loaded.current.get(id) === tiles[0]) continue;
        (map.getSource(id) as VectorTileSource).setTiles(tiles);
        loaded.current.set(id, tiles[0]);
      }
      for (const [id, url, shown] of [['districtLabels', urls.districtLabels, true], ['heritage', urls.heritage, props.visible.heritage]] as const) {
        if (!shown || loaded.current.get(id) === url) continue;
        (map.getSource(id) as GeoJSONSource).setData(url);
        loaded.current.set(id, url);
      }
      for (const layer of tiledPointLayers) {
        const url = pointTileJson(layer, props.year);
        if (!props.visible[layer] || loaded.current.get(layer) === url) continue;
        loaded.current.set(layer, url);
        loadPoints(map, layer, props.year).then((mode) => {
          if (loaded.current.get(layer) !== url) return; // a later year asked meanwhile
          drawnAs.current.set(layer, mode);
          showParts();
        }, (error: unknown) => {
          loaded.current.delete(layer); // asked again next time it is shown
          console.error('[map] points not loaded', error);
        });
      }
      showParts();
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [props.asOf, props.year, props.visible]);

  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => (map.getSource('communeLabels') as GeoJSONSource).setData({ type: 'FeatureCollection', features: [...props.labels] });
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [props.labels]);

  // The choropleth: each commune's class as feature state, one colour per class.
  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => {
      map.removeFeatureState(communes);
      for (const [code, cls] of props.classes) map.setFeatureState({ ...communes, id: code }, { class: cls });
      map.setPaintProperty('communes-fill', 'fill-color', choroplethColour(props.colours));
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [props.classes, props.colours]);

  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => map.setFilter('selected-line', ['==', ['get', 'code'], props.selected ?? '']);
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [props.selected]);

  // A camera from outside (a search, Back/Forward): go there unless the map is already there.
  useEffect(() => {
    const map = mapRef.current!;
    const camera = props.camera;
    if (!camera) return;
    const c = map.getCenter();
    const near = Math.abs(c.lng - camera.longitude) < 1e-3 && Math.abs(c.lat - camera.latitude) < 1e-3 && Math.abs(map.getZoom() - camera.zoom) < 0.05;
    if (near) return;
    // The panel may have opened in the same render: measure the container first, or
    // a ResizeObserver firing mid-flight shifts the flight's end by half the panel.
    map.resize({ measuring: true });
    const target = { center: [camera.longitude, camera.latitude] as [number, number], zoom: camera.zoom };
    if (reducedMotion()) map.jumpTo(target);
    else map.flyTo({ ...target, duration: 900 });
  }, [props.camera]);

  return <div ref={container} className="ab-map" role="region" aria-label={t('map')} />;
}

async function zoomIntoCluster(map: maplibregl.Map, feature: MapGeoJSONFeature) {
  const source = map.getSource(feature.source) as GeoJSONSource;
  const clusterId = feature.properties.cluster_id as number | undefined;
  if (clusterId === undefined) return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
  const [longitude, latitude] = (feature.geometry as { coordinates: [number, number] }).coordinates;
  map.easeTo({ center: [longitude, latitude], zoom });
}
