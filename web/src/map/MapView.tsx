import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature, MapLayerMouseEvent, MapMouseEvent, VectorTileSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Camera } from '../app/view';
import { useT } from '../app/i18n';
import { areaSources, areaTiles, choroplethColour, mapStyle, pointLayers, provinceBounds, sourceUrls, unitLayer, type PointLayer } from './style';

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
const clickable = ['communes-fill', ...pointLayers.map((l) => `${l}-clusters`)];

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
    const { asOf, year, camera } = latest.current;
    const map = new maplibregl.Map({
      container: container.current!,
      style: mapStyle(asOf, year),
      ...(camera ? { center: [camera.longitude, camera.latitude] as [number, number], zoom: camera.zoom } : { bounds: provinceBounds, fitBoundsOptions: { padding: 16 } }),
      maxBounds: [[104.5, 19.5], [108.2, 21.5]],
      minZoom: 7,
      attributionControl: { compact: true, customAttribution: 'Ranh giới: GSO, OpenStreetMap contributors (ODbL) · Dữ liệu mẫu' },
      // Keeps the last frame readable, so "Download PNG" can copy it.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    mapRef.current = map;
    const urls = sourceUrls(asOf, year);
    loaded.current.set('districtLabels', urls.districtLabels); // in the style already
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
      else zoomIntoCluster(map, feature);
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
  useEffect(() => {
    const map = mapRef.current!;
    const urls = sourceUrls(props.asOf, props.year);
    const wanted: [string, string, boolean][] = [
      ['districtLabels', urls.districtLabels, true],
      ['cameras', urls.cameras, props.visible.cameras], ['mailboxes', urls.mailboxes, props.visible.mailboxes],
      ['models', urls.models, props.visible.models], ['namedModels', urls.models, props.visible.models], ['heritage', urls.heritage, props.visible.heritage],
    ];
    const apply = () => {
      for (const id of areaSources) {
        const tiles = areaTiles(id, props.asOf);
        if (loaded.current.get(id) === tiles[0]) continue;
        (map.getSource(id) as VectorTileSource).setTiles(tiles);
        loaded.current.set(id, tiles[0]);
      }
      for (const [id, url, shown] of wanted) {
        if (!shown || loaded.current.get(id) === url) continue;
        (map.getSource(id) as GeoJSONSource).setData(url);
        loaded.current.set(id, url);
      }
      for (const layer of pointLayers) {
        for (const part of ['clusters', 'cluster-counts', 'points']) map.setLayoutProperty(`${layer}-${part}`, 'visibility', props.visible[layer] ? 'visible' : 'none');
      }
      map.setLayoutProperty('named-models', 'visibility', props.visible.models ? 'visible' : 'none');
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
