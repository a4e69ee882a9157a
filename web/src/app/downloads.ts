import type { Map as MapLibreMap } from 'maplibre-gl';
import { toCsv } from '@anbinh/shared';
import type { MetricRow } from './data';
import { roundedAsShown } from '../table/values';
import { mapImage, type MapImageText } from '../briefing/mapImage';

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The table as CSV (UTF-8 with BOM, so Excel shows Vietnamese): year, unit code, name, district, the value
 * rounded as the table shows it, and a note saying why a cell has no value.
 */
export function downloadCsv(
  rows: readonly MetricRow[],
  options: {
    year: number;
    share: boolean;
    header: [year: string, code: string, name: string, district: string, value: string, note: string];
    notes: Record<'WITHHELD' | 'NOT_APPLICABLE', string>;
    filename: string;
  },
) {
  const body = rows.map((r) => [
    options.year,
    r.code,
    r.name,
    r.district,
    roundedAsShown(r.value, options.share),
    r.status === 'PUBLISHED' ? '' : options.notes[r.status],
  ]);
  save(new Blob([toCsv(options.header, body)], { type: 'text/csv;charset=utf-8' }), options.filename);
}

/** The map as drawn, with its title, legend, scale bar, north arrow and source, as PNG. */
export async function downloadPng(map: MapLibreMap, text: MapImageText, filename: string) {
  const blob = await new Promise<Blob | null>((resolve) => mapImage(map, text).toBlob(resolve, 'image/png'));
  if (blob) save(blob, filename);
}
