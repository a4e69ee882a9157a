import { useCallback, useEffect, useRef } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { formatNumber, useT } from '../app/i18n';
import type { MetricRow } from '../app/data';
import { formatShown } from '../table/values';
import { formatChange, useHeadlines } from './HeadlineBand';
import { mapImage, type MapImageText } from './mapImage';

/**
 * The printed map: drawn again from the map's canvas just before printing (Ctrl+P fires `beforeprint`;
 * the button draws it, waits for the image, then prints).
 */
function usePrintImage(map: MapLibreMap, text: MapImageText) {
  const image = useRef<HTMLImageElement>(null);
  const latest = useRef({ map, text });
  latest.current = { map, text };
  const draw = useCallback(() => {
    const { map: current, text: words } = latest.current;
    if (current && image.current) image.current.src = mapImage(current, words).toDataURL('image/png');
  }, []);
  useEffect(() => {
    window.addEventListener('beforeprint', draw);
    return () => window.removeEventListener('beforeprint', draw);
  }, [draw]);
  const print = useCallback(async () => {
    draw();
    await image.current?.decode().catch(() => undefined);
    window.print();
  }, [draw]);
  return { image, print };
}

/**
 * The printed page: the map with its legend, scale bar and north arrow, the headline figures with their changes, the top
 * and bottom five, the source. Hidden on screen; its own chunk, loaded once the map is up. `onPrint` receives the button's action.
 */
export default function PrintBriefing({
  map,
  text,
  onPrint,
  title,
  placeName,
  unitCode,
  asOf,
  year,
  rows,
  share,
  dataVersion,
}: {
  map: MapLibreMap;
  text: MapImageText;
  onPrint: (print: () => Promise<void>) => void;
  title: string;
  placeName: string;
  unitCode: string | null;
  asOf: string;
  year: number;
  rows: readonly MetricRow[] | undefined;
  share: boolean;
  dataVersion: number;
}) {
  const t = useT();
  const { image, print } = usePrintImage(map, text);
  useEffect(() => onPrint(print), [onPrint, print]);
  const { figures } = useHeadlines(unitCode, asOf, year, dataVersion);
  const ranked = (rows ?? []).filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!);
  const list = (items: readonly MetricRow[]) => (
    <ol>
      {items.map((r) => (
        <li key={r.code}>
          {r.name} <small>({r.district})</small>: <strong>{formatShown(t.language, r.value, share)}</strong>
        </li>
      ))}
    </ol>
  );
  return (
    <section className="ab-print" aria-hidden="true">
      <h1>An Bình · {title}</h1>
      <p>
        {placeName} · {t('inYear', { year })} · <strong>{t('sampleData')}</strong>
      </p>
      <img ref={image} alt="" />
      <h2>
        {placeName} · {t('inYear', { year })} <small>({t('changeFrom', { year: year - 1 })})</small>
      </h2>
      <table>
        <tbody>
          {figures?.map((f) => (
            <tr key={f.key} data-figure={f.key}>
              <th scope="row">{t(f.label)}</th>
              <td>{formatNumber(t.language, f.value)}</td>
              <td>{formatChange(t.language, f.change)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="ab-print-lists">
        <div>
          <h2>{t('topFive')}</h2>
          {list(ranked.slice(0, 5))}
        </div>
        <div>
          <h2>{t('bottomFive')}</h2>
          {list(ranked.slice(-5).reverse())}
        </div>
      </div>
      <p className="ab-print-source">
        {t('source', { url: window.location.href, date: asOf })}. {t('sampleData')}.
      </p>
    </section>
  );
}
