import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature, MapMouseEvent, VectorTileSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Camera } from '../app/view';
import { useT } from '../app/i18n';
import {
  areaSources,
  areaTiles,
  attribution,
  fillLayer,
  hatchImage,
  heritageUrl,
  type LabelFeature,
  lineParts,
  lineTileLayers,
  mapStyle,
  type MapLevel,
  pointTileLayers,
  provinceBounds,
  unitLayer,
  withheldFilter,
} from './style';
import { pointIndex, pointLayers, pointTileJson, tiledPointLayers, type PointLayer, type TiledPointLayer } from './points';
import { describeLine, yearTileJson, type LayerEntry } from './layers';

// MapLibre 6 builds its worker's URL at run time; Vite ships the file and gives its URL.
maplibregl.setWorkerUrl(workerUrl);

/** What the map fills its units with: each unit's class (by code), the classes' colours, the units whose value is withheld (hatched). */
export interface Fill {
  classes: ReadonlyMap<string, number | null>;
  colours: readonly string[];
  withheld: readonly string[];
}

export interface MapViewProps {
  asOf: string;
  year: number;
  level: MapLevel;
  fill: Fill;
  /** The text shown next to the pointer over a unit (its name and value), or null for none. */
  describe: (code: string) => string | null;
  labels: readonly LabelFeature[];
  districtLabels: readonly LabelFeature[];
  /** Which layers are shown: the point layers, and the hub's line layers by id. */
  visible: Record<string, boolean>;
  /** The hub's line layers (patrol routes…), drawn from its tiles when shown. */
  lineLayers: readonly LayerEntry[];
  /** A click on one record of a layer (a model's point, a route): the layer's id and the record's id as drawn (a tile's database id, or the GeoJSON export's global id). */
  onRecord: (layer: string, id: number | string) => void;
  selected: string | null;
  camera: Camera | null;
  onSelect: (code: string) => void;
  onCamera: (camera: Camera) => void;
  /** The map once it has drawn, for exports; null when it goes away. */
  onMap: (map: maplibregl.Map | null) => void;
}

declare global {
  interface Window {
    /** performance.now() when the map was first idle: read by the browser tests and the start-up figure. */
    __anbinhMapIdle?: number;
  }
}

/** A level's features, for feature state (hover, class). */
const unitsOf = (level: MapLevel) => ({ source: level === 'district' ? 'districts' : 'communes', sourceLayer: unitLayer });

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
/** What answers a click, topmost first: exemplary places, clusters, single records (points, then lines), then the level's units. */
const answering = (level: MapLevel, lines: readonly LayerEntry[]) => [
  'exemplary-places',
  ...pointLayers.map((l) => `${l}-clusters`),
  ...tiledPointLayers.map((l) => `${l}-tile-clusters`),
  'named-models',
  ...tiledPointLayers.flatMap((l) => [`${l}-points`, `${l}-tile-points`]),
  ...lines.map((l) => `${l.id}-route-hit`),
  fillLayer(level),
];
/** The point layer a single record's point is drawn by (named-models draws models). */
const pointLayerOf = (layerId: string) => (layerId === 'named-models' ? 'models' : /^(\w+)-(?:tile-)?points$/.exec(layerId)?.[1]);

/** How far a bottom sheet (the place panel on a phone) covers the map, in pixels. */
function sheetOver(map: maplibregl.Map): number {
  const sheet = map.getContainer().closest('.ab-main')?.querySelector('.ab-panel');
  if (!sheet) return 0;
  const mapBox = map.getContainer().getBoundingClientRect();
  const box = sheet.getBoundingClientRect();
  if (box.width < mapBox.width * 0.9) return 0; // a side panel, beside the map
  return Math.max(0, mapBox.bottom - box.top);
}

/**
 * Runs `apply` once the style's sources and layers exist. Not `load`, which waits for every tile and fires once
 * only: data given then would be fetched after the first tiles, not with them, and a later change would be lost.
 */
function whenStyled(map: maplibregl.Map, apply: () => void): void {
  if (map.style?._loaded) apply();
  else map.once('style.load', apply);
}

/** The parts drawing a point layer, from GeoJSON (clustered here) or from the hub's tiles. */
const geojsonParts = (layer: PointLayer) => ['clusters', 'cluster-counts', 'points'].map((part) => `${layer}-${part}`);
const tileParts = (layer: TiledPointLayer) => ['tile-clusters', 'tile-counts', 'tile-points'].map((part) => `${layer}-${part}`);

/**
 * Gives a point layer the period's points: its TileJSON says whether they are
 * few enough to load whole as GeoJSON; if not, the map draws its tiles.
 * Returns how the layer is drawn now.
 */
async function loadPoints(map: maplibregl.Map, layer: TiledPointLayer, year: number): Promise<'geojson' | 'tiles'> {
  const tileJson = await pointIndex(layer, year);
  if (tileJson.geojson) {
    const drawn = [(map.getSource(layer) as GeoJSONSource).setData(tileJson.geojson)];
    if (layer === 'models') drawn.push((map.getSource('namedModels') as GeoJSONSource).setData(tileJson.geojson));
    Promise.all(drawn).catch((error: unknown) => console.error('[map] points not drawn', error));
    return 'geojson';
  }
  const source = `${layer}Tiles`;
  const tiles = map.getSource<VectorTileSource>(source);
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
  /** Whether the map still shows the province as fitted above the sheet (see below). */
  const fitted = useRef(false);
  /** The unit under the pointer (or last tapped): its name and value beside it. */
  // Kept at a place, not a pixel, so it follows the unit while the map flies to it.
  const [tip, setTip] = useState<{ at: maplibregl.LngLat; code: string } | { at: maplibregl.LngLat; text: string } | null>(null);
  // The reader's language, for the text over a route (the map's handlers are made once).
  const language = useRef(t.language);
  language.current = t.language;

  // Create the map once; later changes go through the effects below.
  useEffect(() => {
    const { asOf, camera } = latest.current;
    const map = new maplibregl.Map({
      container: container.current!,
      // Withheld units known already are hatched from the first tiles: a filter set later lays the tiles out again.
      style: mapStyle(asOf, latest.current.level, latest.current.fill.withheld, { communes: latest.current.labels, districts: latest.current.districtLabels }),
      ...(camera
        ? { center: [camera.longitude, camera.latitude] as [number, number], zoom: camera.zoom }
        : { bounds: provinceBounds, fitBoundsOptions: { padding: 16 } }),
      maxBounds: [
        [104.5, 19.5],
        [108.2, 21.5],
      ],
      minZoom: 7,
      attributionControl: false, // added in the reader's language below
      // Keeps the last frame readable, so "Download PNG" can copy it.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    mapRef.current = map;
    // On a phone with the place panel open, the province fits above the sheet and below the time slider. As the map's
    // own padding, not the fit's, so the centre it reports is the one above the sheet and going back there moves nothing.
    let fittedTo = '';
    const fitAboveSheet = () => {
      const sheet = sheetOver(map);
      if (sheet <= 0) return;
      const slider = map.getContainer().parentElement?.querySelector('.ab-timeline')?.getBoundingClientRect();
      const top = slider ? Math.max(0, slider.bottom - map.getContainer().getBoundingClientRect().top) : 0;
      const canvas = map.getCanvas();
      const layout = [top, sheet, canvas.clientWidth, canvas.clientHeight].map(Math.round).join(' ');
      if (layout === fittedTo) return; // nothing moved: fitting again would only send the same camera round
      fittedTo = layout;
      map.setPadding({ top, left: 0, right: 0, bottom: sheet });
      map.fitBounds(provinceBounds, { padding: 8, animate: false }); // little room between the slider and the sheet
    };
    // Opened on a place with no camera: the province is fitted above the sheet until the reader or a search moves the map.
    fitted.current = !camera && Boolean(latest.current.selected);
    // The bands above the map, the sheet and the time slider settle after the map opens (some arrive in their own
    // chunks, over the map, so the map is not resized): the fit follows each of them, until the reader moves the map.
    const stage = map.getContainer().closest('.ab-main');
    const sizes = new ResizeObserver(() => follow());
    const arrivals = new MutationObserver(() => {
      sizes.disconnect();
      stage?.querySelectorAll('.ab-panel, .ab-timeline').forEach((element) => sizes.observe(element));
      follow();
    });
    // A band moved by another (the controls growing once the metric catalogue arrives) changes no size the observers
    // see: the layout is also read a few times a second, cheaply, until it has stood still for a while.
    let settled = 0;
    const watch = window.setInterval(() => {
      const before = fittedTo;
      follow();
      settled = fittedTo === before ? settled + 1 : 0;
      if (settled > 40) window.clearInterval(watch);
    }, 250);
    const follow = () => {
      if (fitted.current) return fitAboveSheet();
      arrivals.disconnect();
      sizes.disconnect();
      window.clearInterval(watch);
    };
    if (stage && fitted.current) {
      arrivals.observe(stage, { childList: true, subtree: true });
      stage.querySelectorAll('.ab-panel, .ab-timeline').forEach((element) => sizes.observe(element));
    }
    follow();
    map.on('resize', follow);
    map.on('movestart', (e) => {
      if (e.originalEvent) fitted.current = false;
    });
    // The map opens on the sample province; a hub holding more (a country) widens it to its own extent.
    fetch('/tiles/units.json')
      .then((res) => res.json())
      .then(({ bounds }: { bounds: [number, number, number, number] }) => {
        if (mapRef.current !== map || bounds.every((v, i) => Math.abs(v - provinceBounds[i]) < 0.5)) return;
        map.setMinZoom(4);
        map.setMaxBounds([
          [bounds[0] - 1, bounds[1] - 1],
          [bounds[2] + 1, bounds[3] + 1],
        ]);
        if (!latest.current.camera) map.fitBounds(bounds, { padding: 16, animate: false });
      })
      .catch(() => undefined); // the province's view stays
    for (const id of areaSources) loaded.current.set(id, areaTiles(id, asOf)[0]);
    // The withheld units' hatching is drawn here, not fetched: made when a layer first needs it.
    map.setMissingStyleImageResolver((id) => {
      if (id === 'withheld-hatch' && !map.hasImage(id)) map.addImage(id, hatchImage());
    });
    map.once('idle', () => {
      window.__anbinhMapIdle ??= performance.now();
      latest.current.onMap(map);
    });

    let hovered: { level: MapLevel; id: string | number } | undefined;
    const unhover = () => {
      if (hovered) map.setFeatureState({ ...unitsOf(hovered.level), id: hovered.id }, { hover: false });
      hovered = undefined;
    };
    /** The topmost feature at a point among the layers that answer and exist now (tiled point layers come and go). */
    const featureAt = (point: maplibregl.PointLike) => {
      const layers = answering(latest.current.level, latest.current.lineLayers).filter(
        (id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none',
      );
      return map.queryRenderedFeatures(point, { layers })[0] as MapGeoJSONFeature | undefined;
    };
    const showTip = (feature: MapGeoJSONFeature | undefined, point: maplibregl.Point) => {
      const level = latest.current.level;
      const line = feature?.layer.id.endsWith('-route-hit') ? latest.current.lineLayers.find((l) => l.id === feature.sourceLayer) : undefined;
      if (line) {
        unhover();
        setTip({ at: map.unproject(point), text: describeLine(line, feature!.properties, language.current) });
        return;
      }
      if (!feature || feature.layer.id !== fillLayer(level) || feature.id === undefined) {
        unhover();
        setTip(null);
        return;
      }
      if (hovered?.id !== feature.id) {
        unhover();
        hovered = { level, id: feature.id };
        map.setFeatureState({ ...unitsOf(level), id: feature.id }, { hover: true });
      }
      setTip({ at: map.unproject(point), code: String(feature.id) });
    };
    map.on('mousemove', (e: MapMouseEvent) => {
      const feature = featureAt(e.point);
      map.getCanvas().style.cursor = feature ? 'pointer' : '';
      showTip(feature, e.point);
    });
    // A tap's emulated mouse leaves the canvas when the sheet opens over the tapped point: the tapped unit's text stays.
    let touching = false;
    for (const type of ['pointerdown', 'pointermove'] as const)
      map.getCanvasContainer().addEventListener(type, (e) => {
        touching = e.pointerType === 'touch';
      });
    map.on('mouseout', () => {
      if (!touching) showTip(undefined, new maplibregl.Point(0, 0));
    });
    map.on('click', (e: MapMouseEvent) => {
      const feature = featureAt(e.point);
      // A tap has no hover: it shows the same text.
      showTip(feature, e.point);
      if (!feature) return;
      const id = feature.layer.id;
      const pointLayer = pointLayerOf(id);
      // The GeoJSON export names a record by its global id (MapLibre numbers its features itself); a tile by its database id.
      const recordId: unknown = typeof feature.properties.id === 'string' ? feature.properties.id : feature.id;
      if (id === 'exemplary-places' || id === fillLayer(latest.current.level)) latest.current.onSelect(String(feature.properties.code));
      else if (pointLayer || id.endsWith('-route-hit')) {
        if (typeof recordId === 'number' || (typeof recordId === 'string' && recordId)) latest.current.onRecord(pointLayer ?? feature.sourceLayer!, recordId);
      } else if (id.endsWith('-tile-clusters')) {
        // A tile's cell: two zoom levels in, its points spread over 16 cells.
        const [longitude, latitude] = (feature.geometry as { coordinates: [number, number] }).coordinates;
        map.easeTo({ center: [longitude, latitude], zoom: Math.min(map.getZoom() + 2, 16) });
      } else zoomIntoCluster(map, feature).catch((error: unknown) => console.error('[map] cluster not expanded', error));
    });
    map.on('dragstart', () => setTip(null));
    map.on('move', () => setTip((current) => current && { ...current }));
    map.on('moveend', (e) => {
      if ((e as { measuring?: boolean }).measuring) return; // not a camera move
      const c = map.getCenter();
      latest.current.onCamera({ longitude: c.lng, latitude: c.lat, zoom: map.getZoom() });
    });
    return () => {
      arrivals.disconnect();
      sizes.disconnect();
      window.clearInterval(watch);
      latest.current.onMap(null);
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // The controls speak the reader's language: made again when it changes.
  useEffect(() => {
    const map = mapRef.current!;
    map._locale = {
      ...map._locale,
      'NavigationControl.ZoomIn': t('zoomIn'),
      'NavigationControl.ZoomOut': t('zoomOut'),
      'AttributionControl.ToggleAttribution': t('credits'),
    };
    const navigation = new maplibregl.NavigationControl({ showCompass: false });
    const credits = new maplibregl.AttributionControl({ compact: true, customAttribution: attribution[t.language] });
    map.addControl(navigation, 'top-right');
    map.addControl(credits, 'bottom-right');
    map.getCanvas().setAttribute('aria-label', t('mapDescription'));
    return () => {
      if (mapRef.current !== map) return; // the map went away with its controls
      map.removeControl(navigation);
      map.removeControl(credits);
    };
  }, [t]);

  // The map date or the year changed: the same layers, new data. Point layers load only while shown.
  const drawnAs = useRef(new Map<PointLayer, 'geojson' | 'tiles'>());
  useEffect(() => {
    const map = mapRef.current!;
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
      if (props.visible.heritage && !loaded.current.has('heritage')) {
        (map.getSource('heritage') as GeoJSONSource).setData(heritageUrl).catch((error: unknown) => {
          loaded.current.delete('heritage'); // asked again next time it is shown
          console.error('[map] heritage not loaded', error);
        });
        loaded.current.set('heritage', heritageUrl);
      }
      for (const layer of tiledPointLayers) {
        const url = pointTileJson(layer, props.year);
        if (!props.visible[layer] || loaded.current.get(layer) === url) continue;
        loaded.current.set(layer, url);
        loadPoints(map, layer, props.year).then(
          (mode) => {
            if (loaded.current.get(layer) !== url) return; // a later year asked meanwhile
            drawnAs.current.set(layer, mode);
            showParts();
          },
          (error: unknown) => {
            loaded.current.delete(layer); // asked again next time it is shown
            console.error('[map] points not loaded', error);
          },
        );
      }
      showParts();
    };
    whenStyled(map, apply);
  }, [props.asOf, props.year, props.visible]);

  // The hub's line layers: each one's TileJSON for the year asked for when first shown and when the year changes, drawn beneath the points.
  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => {
      props.lineLayers.forEach((layer, i) => {
        const shown = Boolean(props.visible[layer.id]);
        const key = `line:${layer.id}`;
        const url = yearTileJson(layer, props.year);
        if (map.getLayer(`${layer.id}-route`)) for (const id of lineParts(layer.id)) map.setLayoutProperty(id, 'visibility', shown ? 'visible' : 'none');
        if (!shown || loaded.current.get(key) === url) return;
        loaded.current.set(key, url);
        fetch(url)
          .then((res) => {
            if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
            return res.json() as Promise<{ tiles: string[] }>;
          })
          .then(({ tiles }) => {
            if (loaded.current.get(key) !== url) return; // a later year asked meanwhile
            const source = map.getSource<VectorTileSource>(`${layer.id}Tiles`);
            if (source) source.setTiles(tiles);
            else {
              map.addSource(`${layer.id}Tiles`, { type: 'vector', tiles, maxzoom: 16 });
              for (const spec of lineTileLayers(layer.id, i)) map.addLayer(spec, 'district-labels');
            }
            const on = latest.current.visible[layer.id] ? 'visible' : 'none';
            for (const id of lineParts(layer.id)) map.setLayoutProperty(id, 'visibility', on);
          })
          .catch((error: unknown) => {
            loaded.current.delete(key); // asked again next time it is shown
            console.error('[map] lines not loaded', error);
          });
      });
    };
    whenStyled(map, apply);
  }, [props.lineLayers, props.visible, props.year]);

  // The labels the map holds (those it was made with, at first): new ones only are given to it.
  const labelled = useRef({ communeLabels: props.labels, districtLabels: props.districtLabels });
  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => {
      for (const [id, features] of [
        ['communeLabels', props.labels],
        ['districtLabels', props.districtLabels],
      ] as const) {
        if (labelled.current[id] === features) continue;
        (map.getSource(id) as GeoJSONSource)
          .setData({ type: 'FeatureCollection', features: [...features] })
          .catch((error: unknown) => console.error('[map] labels not drawn', error));
        labelled.current[id] = features;
      }
    };
    whenStyled(map, apply);
  }, [props.labels, props.districtLabels]);

  // The choropleth: each unit's class's colour as feature state; withheld units hatched.
  useEffect(() => {
    const map = mapRef.current!;
    const level = props.level;
    const fill = props.fill;
    const apply = () => {
      for (const shown of ['commune', 'district'] as const) {
        const on = shown === level ? 'visible' : 'none';
        map.setLayoutProperty(fillLayer(shown), 'visibility', on);
        map.setLayoutProperty(`${unitsOf(shown).source}-withheld`, 'visibility', on);
        map.removeFeatureState(unitsOf(shown));
      }
      for (const [code, cls] of fill.classes) map.setFeatureState({ ...unitsOf(level), id: code }, { colour: cls === null ? null : fill.colours[cls] });
      map.setFilter(`${unitsOf(level).source}-withheld`, withheldFilter(fill.withheld));
    };
    whenStyled(map, apply);
  }, [props.fill, props.level]);

  useEffect(() => {
    const map = mapRef.current!;
    const apply = () => {
      for (const id of ['selected-line', 'selected-district-line']) map.setFilter(id, ['==', ['get', 'code'], props.selected ?? '']);
    };
    whenStyled(map, apply);
  }, [props.selected]);

  // A camera from outside (a search, Back/Forward): go there unless the map is already there.
  useEffect(() => {
    const map = mapRef.current!;
    const camera = props.camera;
    if (!camera) return;
    // The panel may have opened in the same render: measure the container first, or
    // a ResizeObserver firing mid-flight shifts the flight's end by half the panel.
    map.resize({ measuring: true });
    // On a phone the place lands above the sheet, not under it.
    const sheet = sheetOver(map);
    const c = map.getCenter();
    const near = Math.abs(c.lng - camera.longitude) < 1e-3 && Math.abs(c.lat - camera.latitude) < 1e-3 && Math.abs(map.getZoom() - camera.zoom) < 0.05;
    if (near && Math.abs((map.getPadding().bottom ?? 0) - sheet) < 1) return;
    fitted.current = false;
    const target = {
      center: [camera.longitude, camera.latitude] as [number, number],
      zoom: camera.zoom,
      padding: { top: 0, left: 0, right: 0, bottom: sheet },
    };
    if (reducedMotion()) map.jumpTo(target);
    else map.flyTo({ ...target, duration: 900 });
  }, [props.camera]);

  const tipText = tip && ('text' in tip ? tip.text : props.describe(tip.code));
  const tipAt = tip && mapRef.current?.project(tip.at);
  return (
    <>
      <div ref={container} className="ab-map" role="region" aria-label={t('map')} />
      {tipAt && tipText && (
        <div className="ab-tip" role="tooltip" style={{ left: tipAt.x, top: tipAt.y }}>
          {tipText}
        </div>
      )}
    </>
  );
}

async function zoomIntoCluster(map: maplibregl.Map, feature: MapGeoJSONFeature) {
  const source = map.getSource(feature.source) as GeoJSONSource;
  const clusterId = feature.properties.cluster_id as number | undefined;
  if (clusterId === undefined) return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
  const [longitude, latitude] = (feature.geometry as { coordinates: [number, number] }).coordinates;
  map.easeTo({ center: [longitude, latitude], zoom });
}
