import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests run when Chromium is installed. CI sets BROWSER_TESTS=required,
 * so there a missing browser fails the run instead of skipping these tests.
 */
export const browserAvailable = existsSync(chromiumPath);
if (!browserAvailable) {
  const message = `Chromium not found at ${chromiumPath} (install Debian's chromium, or set CHROMIUM_PATH): the browser tests are skipped.`;
  if (process.env.BROWSER_TESTS === 'required') throw new Error(message);
  console.warn(`[browser] ${message}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** A production build of the web client in a temporary directory, from the current sources. */
export async function buildWeb(): Promise<{ dir: string; remove(): void }> {
  const { build } = await import('vite');
  const root = fileURLToPath(new URL('../../web', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'anbinh-web-'));
  // Vitest sets NODE_ENV=test, which would give React's development build; users get the production one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Requests that leave `origin` (data: and blob: URLs stay in the page). */
export function foreign(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Waits for the map's first `idle` and returns its time since navigation (ms). */
export async function mapIdle(page: Page): Promise<number> {
  await page.waitForFunction(() => window.__anbinhMapIdle !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => window.__anbinhMapIdle!);
}

declare global {
  interface Window {
    __anbinhMapIdle?: number;
  }
}

/**
 * Records the page's console errors and warnings and its uncaught errors; the
 * returned check throws if there were any, so a test fails on them.
 */
export function failOnConsoleProblems(page: Page): () => void {
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium's software GL reports its own performance notes (a readback of the canvas) as warnings: not the page's.
    if (message.text().includes('GL Driver Message')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return () => {
    if (problems.length > 0) throw new Error(`The page logged problems:\n${problems.join('\n')}`);
  };
}

/** Where a longitude/latitude lies on the page, for a map centred on `center` at `zoom` (MapLibre's 512-pixel Web Mercator). */
export async function pagePoint(page: Page, center: [number, number], zoom: number, at: [number, number]): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const world = 512 * 2 ** zoom;
  const mercator = ([lon, lat]: [number, number]) => [
    ((lon + 180) / 360) * world,
    ((1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2) * world,
  ];
  const [cx, cy] = mercator(center);
  const [x, y] = mercator(at);
  return { x: box.x + box.width / 2 + x - cx, y: box.y + box.height / 2 + y - cy };
}

/** The page positions (CSS pixels) of the map canvas's pixels within `tolerance` of a colour, every `step`th pixel. */
export async function pixelsNear(page: Page, hex: string, tolerance = 12, step = 1): Promise<{ x: number; y: number }[]> {
  return page.evaluate(
    ({ hex, tolerance, step }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!;
      const box = canvas.getBoundingClientRect();
      const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
      const context = copy.getContext('2d')!;
      context.drawImage(canvas, 0, 0);
      const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
      const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const scale = box.width / canvas.width;
      const found: { x: number; y: number }[] = [];
      for (let y = 0; y < copy.height; y += step) {
        for (let x = 0; x < copy.width; x += step) {
          const p = (y * copy.width + x) * 4;
          if (Math.abs(pixels[p] - rgb[0]) + Math.abs(pixels[p + 1] - rgb[1]) + Math.abs(pixels[p + 2] - rgb[2]) < tolerance)
            found.push({ x: box.x + x * scale, y: box.y + y * scale });
        }
      }
      return found;
    },
    { hex, tolerance, step },
  );
}
