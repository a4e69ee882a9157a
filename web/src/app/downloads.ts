import type { Map as MapLibreMap } from 'maplibre-gl';
import { toCsv } from '@anbinh/shared';
import type { MetricRow } from './data';

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The choropleth's table as CSV (UTF-8 with BOM, so Excel shows Vietnamese). */
export function downloadCsv(rows: readonly MetricRow[], header: [string, string, string, string], filename: string) {
  save(new Blob([toCsv(header, rows.map((r) => [r.code, r.name, r.district, r.value]))], { type: 'text/csv;charset=utf-8' }), filename);
}

/** The map as drawn, with a caption band (title, year, "sample data") under it, as PNG. */
export async function downloadPng(map: MapLibreMap, caption: string, filename: string) {
  const source = map.getCanvas();
  const band = Math.round(28 * window.devicePixelRatio);
  const canvas = Object.assign(document.createElement('canvas'), { width: source.width, height: source.height + band });
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0);
  context.fillStyle = '#1b2429';
  context.font = `${Math.round(14 * window.devicePixelRatio)}px "Noto Sans", sans-serif`;
  context.fillText(caption, 8 * window.devicePixelRatio, source.height + band * 0.68);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) save(blob, filename);
}
