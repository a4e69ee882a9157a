import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { divisions } from '@anbinh/shared';
import { legendRows, noDataColour } from '../choropleth/classes';
import { Legend } from '../choropleth/Legend';
import { useChoropleth } from '../choropleth/useChoropleth';
import type { MapViewProps } from '../map/MapView';
import { pointIndex, tiledPointLayers } from '../map/points';
import { globalId, useLayerIndex } from '../map/layers';
import { useClient } from 'urql';
import { SearchBox } from '../search/SearchBox';
import type { MapImageText } from '../briefing/mapImage';
import { useLabels, useMetricCatalogue, useMetricRows, type CatalogueMetric } from './data';
import { canWrite, type Session } from './session';
import { useLiveChanges } from './live';
import { SignIn } from './SignIn';
import type * as Downloads from './downloads';
import { LanguageContext, translate } from './i18n';
import { defaultView, divisionOf, mapDate, useView, years, type View } from './view';

// The map (MapLibre and its worker) is its own chunk: the shell, the controls and the table come first.
// Its download starts with the shell's own script, not after React's first render.
const mapChunk = import('../map/MapView');
const MapView = lazy(() => mapChunk) as unknown as ComponentType<MapViewProps>;
// The printed page and the downloads, loaded once the map is up or when asked for.
const PrintBriefing = lazy(() => import('../briefing/PrintBriefing'));
// A download that fails (its chunk not loaded, the canvas refused) is logged and the page stays as it was.
const download = (make: (chosen: typeof Downloads) => unknown) => {
  import('./downloads').then(make).catch((error: unknown) => console.error('[download] failed', error));
};
// The time slider (with the change view's choice) and the district map's list of communes follow the first paint.
const TimeSlider = lazy(() => import('../map/TimeSlider').then((m) => ({ default: m.TimeSlider })));
const DistrictCommunes = lazy(() => import('../map/DistrictCommunes').then((m) => ({ default: m.DistrictCommunes })));
// The headline band's figures arrive by their own request: its code need not hold up the shell either.
const HeadlineBand = lazy(() => import('../briefing/HeadlineBand').then((m) => ({ default: m.HeadlineBand })));
// A place's panel, loaded when a place is first opened.
const PlacePanel = lazy(() => import('../panel/PlacePanel').then((m) => ({ default: m.PlacePanel })));
// The table (with last year's values and the districts' subtotals) is read when first shown.
const TableView = lazy(() => import('../table/PlaceTable'));
// A record's panel (a model with its routes), loaded when a record is first opened.
const RecordPanel = lazy(() => import('../panel/RecordPanel'));

// Models and heritage sites on by default; cameras, mailboxes (the densest layers) and the hub's line layers on request.
const defaultLayers: Record<string, boolean> = { cameras: false, mailboxes: false, models: true, heritage: true };

/** A metric the client does not know yet (a link to one a record type declares), named by its id until the hub's catalogue answers. */
const pending = (id: string): CatalogueMetric => ({ id, label: { vi: id, en: id }, unit: { vi: '', en: '' }, kind: 'COUNT', definition: { vi: '', en: '' } });
const placeZoom = 12;
const districtZoom = 10.3;

export function App({ session, onSession }: { session: Session | null; onSession: (session: Session | null) => void }) {
  const [view, update] = useView();
  const language = view.language;
  const t = (id: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(language, id, values);
  const asOf = mapDate(view);
  const catalogue = useMetricCatalogue(view.level === 'district' ? 'DISTRICT' : 'COMMUNE');
  const known = catalogue.metrics.find((m) => m.id === view.metric);
  const metric = useMemo(() => known ?? pending(view.metric), [known, view.metric]);
  const share = metric.kind === 'RATE';
  // A link to a metric the hub does not have: its default, once the hub has said so.
  useEffect(() => {
    if (catalogue.fromHub && !known) update({ metric: defaultView.metric });
  }, [catalogue.fromHub, known, update]);
  // Raised after a write here or anywhere (the change feed), so the choropleth and the open panel are read again.
  const [dataVersion, setDataVersion] = useState(0);
  useLiveChanges(session?.token ?? null, () => setDataVersion((v) => v + 1));
  const choropleth = useChoropleth(view, asOf, dataVersion, metric);
  const { rows, error } = choropleth;
  // On the district map, the chosen district's communes are listed.
  const communeRows = useMetricRows(view.metric, view.year, asOf, dataVersion, 'COMMUNE', view.level !== 'district').rows;
  const communeLabels = useLabels('COMMUNE', asOf);
  const districtLabels = useLabels('DISTRICT', asOf);
  const [visible, setVisible] = useState(defaultLayers);
  // The hub's layers: its line layers are drawn and listed from it, and a clicked record is described by it.
  const layers = useLayerIndex();
  const lineLayers = useMemo(() => layers.filter((l) => l.geometry === 'line'), [layers]);
  const [record, setRecord] = useState<{ layer: string; id: string } | null>(null);
  const recordLayer = record && layers.find((l) => l.id === record.layer);
  const client = useClient();
  // A clicked record opens its panel; a route that belongs to a record the map draws (a model's) opens that record's.
  const openRecord = useCallback(
    async (layerId: string, id: number | string) => {
      const layer = layers.find((l) => l.id === layerId);
      if (!layer?.record) return;
      const own = typeof id === 'number' ? globalId(layer.record.type, id) : id;
      if (layer.geometry === 'line') {
        for (const reference of layer.record.references) {
          const owner = layers.find((l) => l.record?.type === reference.type);
          if (!owner || !/^\w+$/.test(reference.field + layer.record.type)) continue;
          const { data } = await client
            .query<{ node: Record<string, { id: string } | null> | null }>(
              `query Owner($id: ID!) { node(id: $id) { ... on ${layer.record.type} { ${reference.field} { id } } } }`,
              {
                id: own,
              },
            )
            .toPromise();
          const ownerId = data?.node?.[reference.field]?.id;
          if (ownerId) return setRecord({ layer: owner.id, id: ownerId });
        }
      }
      setRecord({ layer: layer.id, id: own });
    },
    [client, layers],
  );
  const [showTable, setShowTable] = useState(false);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  // The shown point layers' TileJSON is asked for now, beside the map's chunk, not once the map has started.
  useEffect(() => {
    for (const layer of tiledPointLayers) if (visible[layer]) void pointIndex(layer, view.year).catch(() => undefined); // the map reports it
  }, [visible, view.year]);
  useEffect(() => {
    document.documentElement.lang = language; // screen readers pick their voice from it
  }, [language]);

  const chosenDistrict = view.level === 'district' ? rows?.find((r) => r.code === view.place) : undefined;
  const districtCommunes = useMemo(
    () => (chosenDistrict && communeRows ? communeRows.filter((r) => r.district === chosenDistrict.name) : []),
    [chosenDistrict, communeRows],
  );

  // Where focus was when a place opened, so closing the panel (Escape or ×) returns there.
  const opener = useRef<HTMLElement | null>(null);
  const select = useCallback(
    (code: string, also: Partial<View> = {}) => {
      if (!document.activeElement?.closest('.ab-panel')) opener.current = document.activeElement as HTMLElement | null;
      const district = districtLabels.find((f) => f.properties.code === code);
      const label = district ?? communeLabels.find((f) => f.properties.code === code);
      setRecord(null); // a place's panel takes the record's place
      const change: Partial<View> = { ...also, place: code };
      const zoom = district ? districtZoom : Math.max(placeZoom, view.camera?.zoom ?? 0);
      if (label) change.camera = { longitude: label.geometry.coordinates[0], latitude: label.geometry.coordinates[1], zoom };
      update(change);
    },
    [communeLabels, districtLabels, update, view.camera?.zoom],
  );

  const closePlace = useCallback(() => {
    update({ place: null });
    const back = opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>('.maplibregl-canvas');
    requestAnimationFrame(() => back?.focus());
  }, [update]);

  const title = `${metric.label[language]} · ${view.year}${view.since === null ? '' : ` ${t('sinceYear', { year: view.since })}`}`;
  const filename = `anbinh-${view.metric}-${view.year}`;
  const placeName = (view.place && [...communeLabels, ...districtLabels].find((f) => f.properties.code === view.place)?.properties.name) || t('wholeProvince');
  const headlineUnit = view.place && placeName !== t('wholeProvince') ? view.place : null; // a place not on this map: the province
  const { classes } = choropleth;
  const imageText: MapImageText = {
    title: `An Bình · ${title}`,
    subtitle: `${placeName} · ${divisionOf(view).label[language]} · ${t('sampleData')}`,
    legendTitle: `${metric.label[language]} (${metric.unit[language]})`,
    legend: [
      ...(classes ? legendRows(classes).map((r) => ({ colour: r.colour, label: `${choropleth.edge(r.from)} – ${choropleth.edge(r.to)}` })) : []),
      { colour: noDataColour, label: t('noData') },
    ],
    north: t('north'),
    footer: t('source', { url: window.location.origin, date: asOf }),
  };
  const [print, setPrint] = useState<{ run: () => Promise<void> } | null>(null);
  const onPrint = useCallback((run: () => Promise<void>) => setPrint({ run }), []);
  return (
    <LanguageContext.Provider value={language}>
      <div className="ab-app" lang={language}>
        <header className="ab-top">
          <div className="ab-brand">
            <h1>{t('appTitle')}</h1>
            <p>{t('appSubtitle')}</p>
          </div>
          <p className="ab-sample" role="note" title={t('sampleData')}>
            <strong>{t('sampleBadge')}</strong>
            <span> · {t('sampleNote')}</span>
          </p>
          <nav className="ab-nav">
            <button
              type="button"
              lang={language === 'vi' ? 'en' : 'vi'}
              aria-label={t('languageLabel')}
              onClick={() => update({ language: language === 'vi' ? 'en' : 'vi' })}
            >
              {t('language')}
            </button>
            <SignIn session={session} onChange={onSession} />
            <a href="/graphql">GraphQL</a>
          </nav>
        </header>

        <div className="ab-controls" role="group" aria-label={t('map')}>
          <label>
            <span>{t('metric')}</span>
            <select aria-label={t('metric')} value={view.metric} onChange={(e) => update({ metric: e.target.value })}>
              {(known ? catalogue.metrics : [...catalogue.metrics, metric]).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label[language]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('year')}</span>
            <select aria-label={t('year')} value={view.year} onChange={(e) => update({ year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('geography')}</span>
            <select aria-label={t('geography')} value={view.geography} onChange={(e) => update({ geography: e.target.value as View['geography'] })}>
              <option value="auto">
                {t('geographyAuto')} — {divisionOf({ year: view.year, geography: 'auto' }).label[language]}
              </option>
              {divisions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label[language]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('levelLabel')}</span>
            <select aria-label={t('levelLabel')} value={view.level} onChange={(e) => update({ level: e.target.value as View['level'], place: null })}>
              <option value="commune">{t('levelCommune')}</option>
              <option value="district">{t('levelDistrict')}</option>
            </select>
          </label>
          <SearchBox asOf={asOf} onChoose={select} />
          <div className="ab-actions">
            <button type="button" aria-pressed={showTable} onClick={() => setShowTable((s) => !s)}>
              {showTable ? t('showMap') : t('showTable')}
            </button>
            <button
              type="button"
              disabled={!rows}
              onClick={() =>
                rows &&
                download(({ downloadCsv }) =>
                  downloadCsv(rows, {
                    year: view.year,
                    share,
                    filename: `${filename}.csv`,
                    notes: { WITHHELD: t('withheld'), NOT_APPLICABLE: t('notApplicable') },
                    header: [
                      t('year'),
                      t('unitCode'),
                      t('place'),
                      t('district'),
                      `${metric.label[language]} (${share ? '%' : metric.unit[language]})`,
                      t('note'),
                    ],
                  }),
                )
              }
            >
              {t('exportCsv')}
            </button>
            <button type="button" disabled={!map} onClick={() => map && download(({ downloadPng }) => downloadPng(map, imageText, `${filename}.png`))}>
              {t('exportPng')}
            </button>
            <button type="button" disabled={!print} onClick={() => void print?.run()}>
              {t('printBriefing')}
            </button>
          </div>
        </div>

        <Suspense fallback={<section className="ab-headline" aria-busy="true" />}>
          <HeadlineBand unitCode={headlineUnit} placeName={placeName} asOf={asOf} year={view.year} dataVersion={dataVersion} />
        </Suspense>

        <main className="ab-main">
          <div className="ab-stage">
            {/* While the table covers the map, the map and its controls leave the tab order and the accessibility tree. */}
            <div className="ab-mapframe" inert={showTable}>
              <Suspense fallback={<div className="ab-map ab-map-loading">{t('loading')}</div>}>
                <MapView
                  asOf={asOf}
                  year={view.year}
                  level={view.level}
                  fill={choropleth.fill}
                  describe={choropleth.describe}
                  labels={communeLabels}
                  districtLabels={districtLabels}
                  visible={visible}
                  lineLayers={lineLayers}
                  onRecord={(layer, id) => void openRecord(layer, id).catch((error: unknown) => console.error('[map] record not opened', error))}
                  selected={view.place}
                  camera={view.camera}
                  onSelect={select}
                  onCamera={(camera) => update({ camera })}
                  onMap={setMap}
                />
              </Suspense>
              <Legend
                title={view.since === null ? metric.label[language] : `${metric.label[language]}, ${t('sinceYear', { year: view.since })}`}
                unit={metric.unit[language]}
                choropleth={choropleth}
                classMode={view.classes}
                changing={view.since !== null}
                onClassMode={(classes) => update({ classes })}
                visible={visible}
                lineLayers={lineLayers}
                onToggle={(layer, on) => setVisible((v) => ({ ...v, [layer]: on }))}
              />
              <Suspense fallback={null}>
                <TimeSlider view={view} update={update} />
                {chosenDistrict && (
                  <DistrictCommunes name={chosenDistrict.name} communes={districtCommunes} onSelect={(code) => select(code, { level: 'commune' })} />
                )}
              </Suspense>
            </div>
            {error && (
              <p className="ab-error" role="alert">
                {t('failed')}: {error.graphQLErrors[0]?.message ?? error.message}
              </p>
            )}
            {showTable && rows && (
              <section className="ab-table-view" aria-label={t('table')}>
                <Suspense fallback={<p>{t('loading')}</p>}>
                  <TableView
                    rows={rows}
                    caption={`${title} — ${t('table')}`}
                    share={share}
                    year={view.year}
                    metric={view.metric}
                    asOf={asOf}
                    dataVersion={dataVersion}
                    onSelect={select}
                  />
                </Suspense>
              </section>
            )}
          </div>
          {record && recordLayer?.record && (
            <Suspense
              fallback={
                <aside className="ab-panel" aria-busy="true">
                  <p>{t('loading')}</p>
                </aside>
              }
            >
              <RecordPanel layer={{ ...recordLayer, record: recordLayer.record }} id={record.id} dataVersion={dataVersion} onClose={() => setRecord(null)} />
            </Suspense>
          )}
          {view.place && !record && (
            <Suspense
              fallback={
                <aside className="ab-panel" aria-busy="true">
                  <p>{t('loading')}</p>
                </aside>
              }
            >
              <PlacePanel
                code={view.place}
                asOf={asOf}
                year={view.year}
                onClose={closePlace}
                onSelect={select}
                writable={canWrite(session)}
                dataVersion={dataVersion}
                onWritten={() => setDataVersion((v) => v + 1)}
              />
            </Suspense>
          )}
        </main>
        {map && (
          <Suspense fallback={null}>
            <PrintBriefing
              map={map}
              text={imageText}
              onPrint={onPrint}
              title={title}
              placeName={placeName}
              unitCode={headlineUnit}
              asOf={asOf}
              year={view.year}
              rows={rows}
              share={share}
              dataVersion={dataVersion}
            />
          </Suspense>
        )}
      </div>
    </LanguageContext.Provider>
  );
}
