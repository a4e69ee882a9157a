import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { loadConfig, startHub, type Hub } from '@anbinh/server';
import { browserAvailable, buildWeb, failOnConsoleProblems, launchBrowser, mapIdle, pixelsNear } from './browser';

const models = '#238b45';

/** The page position of a cluster of models: the middle of the first blob of their green (drawn at 0.85 opacity over any fill, hence the wide tolerance). */
async function modelCluster(page: Page): Promise<{ x: number; y: number } | null> {
  const green = await pixelsNear(page, models, 90, 2);
  if (green.length < 20) return null;
  const first = green[Math.floor(green.length / 2)];
  const blob = green.filter((p) => Math.hypot(p.x - first.x, p.y - first.y) < 20);
  return { x: blob.reduce((s, p) => s + p.x, 0) / blob.length, y: blob.reduce((s, p) => s + p.y, 0) / blob.length };
}
const zoomOf = (url: string) => Number(new URL(url).searchParams.get('at')?.split(',')[2]);
/** Screenshots for people to look at; git-ignored. */
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

// The models layer (shown by default) near Kỳ Bá at zoom 13, where each model is its own circle.
describe.skipIf(!browserAvailable)('point layers in Chromium: GeoJSON when few, the hub’s tiles when many', () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof buildWeb>>;
  beforeAll(async () => {
    web = await buildWeb();
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    web?.remove();
  });

  /** Opens the map on a hub that loads at most `geojsonMaxPoints` points whole; the URLs the page asked. */
  async function drawModels(geojsonMaxPoints: number, at: string, screenshot?: string, clickCluster = false): Promise<string[]> {
    const hub: Hub = await startHub({ ...loadConfig({}), port: 0, webDir: web.dir, database: testDatabaseConfig(2), geojsonMaxPoints }, () => undefined);
    try {
      await hub.ready;
      const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
      const consoleProblems = failOnConsoleProblems(page);
      const requested: string[] = [];
      page.on('response', (r) => {
        if (r.status() < 300) requested.push(new URL(r.url()).pathname);
      });
      await page.goto(`${hub.url}/?year=2021&at=${at}`);
      await mapIdle(page);
      // Opaque point circles are drawn in the layer's colour exactly.
      await expect.poll(async () => (await pixelsNear(page, models)).length, { timeout: 30_000 }).toBeGreaterThan(30);
      if (screenshot) await page.screenshot({ path: screenshot });
      if (clickCluster) {
        // A click on a cluster zooms in, whether the browser clustered it or a tile's cell counted it.
        const before = zoomOf(page.url());
        const spot = (await modelCluster(page))!;
        expect(spot).not.toBeNull();
        await page.mouse.click(spot.x, spot.y);
        await expect.poll(() => zoomOf(page.url()), { timeout: 10_000 }).toBeGreaterThan(before);
      }
      await page.close();
      consoleProblems();
      return requested;
    } finally {
      await hub.stop();
    }
  }

  it('loads a province’s models whole as GeoJSON, and asks for no point tiles', async () => {
    const requested = await drawModels(20_000, '106.3454,20.4460,13.00');
    expect(requested).toContain('/export/securityModels.geojson');
    await drawModels(20_000, '106.3900,20.4900,9.50', undefined, true);
    expect(requested.filter((p) => p.startsWith('/tiles/models/'))).toEqual([]);
  });

  it('draws the models from the hub’s tiles past the limit, without downloading them whole', async () => {
    const requested = await drawModels(0, '106.3454,20.4460,13.00');
    expect(requested.some((p) => /^\/tiles\/models\/13\/\d+\/\d+\.mvt$/.test(p))).toBe(true);
    expect(requested).not.toContain('/export/securityModels.geojson');
    // Further out, cells of the tiles gather them into counts.
    const out = await drawModels(0, '106.3900,20.4900,9.50', `${artifacts}map-model-tiles.png`, true);
    expect(out.some((p) => /^\/tiles\/models\/9\/\d+\/\d+\.mvt$/.test(p))).toBe(true);
  });
});
