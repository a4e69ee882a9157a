import type { Map as MapLibreMap } from 'maplibre-gl';

export interface MapImageText {
  title: string;
  subtitle: string;
  /** The legend's rows: a colour and what it stands for. */
  legend: { colour: string; label: string }[];
  legendTitle: string;
  north: string;
  footer: string;
}

/** A round length (1, 2 or 5 × 10ⁿ metres) that fits in `maxMetres`, and how to write it. */
export function scaleLength(maxMetres: number): { metres: number; label: string } {
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= maxMetres) ?? power;
  return { metres, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

/** Metres per CSS pixel at the map's centre (Web Mercator, 512-pixel tiles). */
export function metresPerPixel(map: MapLibreMap): number {
  return (40_075_016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
}

/**
 * The map as drawn, framed for a document: title above; legend, scale bar and north arrow on it; source and
 * sample-data notice below. The map's canvas keeps its drawing buffer, so this works at any moment, print included.
 */
export function mapImage(map: MapLibreMap, text: MapImageText): HTMLCanvasElement {
  const source = map.getCanvas();
  const r = source.width / (source.clientWidth || source.width); // device pixels per CSS pixel
  const px = (n: number) => Math.round(n * r);
  const top = px(52);
  const bottom = px(26);
  const canvas = Object.assign(document.createElement('canvas'), { width: source.width, height: source.height + top + bottom });
  const c = canvas.getContext('2d')!;
  const font = (size: number, bold = false) => `${bold ? '700 ' : ''}${px(size)}px "Noto Sans", sans-serif`;
  c.fillStyle = '#ffffff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  c.drawImage(source, 0, top);
  c.fillStyle = '#1b2429';
  c.textBaseline = 'alphabetic';
  c.font = font(18, true);
  c.fillText(text.title, px(10), px(24));
  c.font = font(13);
  c.fillText(text.subtitle, px(10), px(44));
  c.fillStyle = '#546e7a';
  c.font = font(11);
  c.fillText(text.footer, px(10), top + source.height + px(17));

  // Legend, bottom left on the map.
  const row = px(17);
  c.font = font(12);
  const width = Math.max(c.measureText(text.legendTitle).width, ...text.legend.map((l) => c.measureText(l.label).width + px(26))) + px(16);
  const height = row * (text.legend.length + 1) + px(10);
  const x = px(10);
  const y = top + source.height - height - px(10);
  c.fillStyle = 'rgba(255,255,255,0.92)';
  c.fillRect(x, y, width, height);
  c.strokeStyle = '#90a4ae';
  c.lineWidth = px(1);
  c.strokeRect(x, y, width, height);
  c.fillStyle = '#1b2429';
  c.font = font(12, true);
  c.fillText(text.legendTitle, x + px(8), y + row);
  c.font = font(12);
  text.legend.forEach((l, i) => {
    const ly = y + row * (i + 2);
    c.fillStyle = l.colour;
    c.fillRect(x + px(8), ly - px(11), px(18), px(11));
    c.strokeRect(x + px(8), ly - px(11), px(18), px(11));
    c.fillStyle = '#1b2429';
    c.fillText(l.label, x + px(32), ly);
  });

  // Scale bar, bottom right: a round length no longer than 120 CSS pixels.
  const scale = scaleLength(metresPerPixel(map) * 120);
  const bar = px(scale.metres / metresPerPixel(map));
  const bx = canvas.width - bar - px(20);
  const by = top + source.height - px(16);
  c.fillStyle = 'rgba(255,255,255,0.92)';
  c.fillRect(bx - px(8), by - px(22), bar + px(16), px(30));
  c.fillStyle = '#1b2429';
  c.fillRect(bx, by, bar, px(4));
  c.fillRect(bx, by - px(5), px(2), px(9));
  c.fillRect(bx + bar - px(2), by - px(5), px(2), px(9));
  c.font = font(12);
  c.textAlign = 'center';
  c.fillText(scale.label, bx + bar / 2, by - px(6));

  // North arrow, top right, turned with the map's bearing.
  const nx = canvas.width - px(28);
  const ny = top + px(14);
  c.fillStyle = 'rgba(255,255,255,0.92)';
  c.fillRect(nx - px(14), ny - px(4), px(28), px(44));
  c.fillStyle = '#1b2429';
  c.save();
  c.translate(nx, ny + px(11));
  c.rotate((-map.getBearing() * Math.PI) / 180);
  c.beginPath();
  c.moveTo(0, -px(11));
  c.lineTo(px(8), px(11));
  c.lineTo(0, px(6));
  c.lineTo(-px(8), px(11));
  c.closePath();
  c.fill();
  c.restore();
  c.font = font(12, true);
  c.fillText(text.north, nx, ny + px(37));
  c.textAlign = 'start';
  return canvas;
}
