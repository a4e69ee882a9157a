// `pnpm bench:web`: the map's weight (gzip) and its time to the first map `idle` in headless Chromium, on a production build,
// against a bare MapLibre page (bare-map/) that draws the same units and points from the same hub in the same Chromium.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { availableParallelism, loadavg } from 'node:os';
import { loadConfig, startHub } from '@anbinh/server';
import { prepareBenchDatabase } from './database';
import { launchBrowser, mapIdle } from '../src/browser';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench';
const loads = 9;

const { build } = await import('vite');
const webRoot = join(repoRoot, 'web');
const dist = join(repoRoot, 'test/bench/results/web');
console.log('[bench:web] Building the web client (production)');
await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
// The bare page bundles the web client's own MapLibre (no CDN), served by the hub under /bare-map/.
const fromWeb = createRequire(join(webRoot, 'package.json'));
const maplibreDir = dirname(fromWeb.resolve('maplibre-gl/package.json'));
const fontsDir = dirname(fromWeb.resolve('@fontsource/noto-sans/package.json'));
await build({
  root: fileURLToPath(new URL('bare-map/', import.meta.url)),
  configFile: false,
  base: '/bare-map/',
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^maplibre-gl(\/.*)?$/, replacement: `${maplibreDir}$1` },
      { find: /^@fontsource\/noto-sans(\/.*)?$/, replacement: `${fontsDir}$1` },
    ],
  },
  build: { outDir: join(dist, 'bare-map'), emptyOutDir: true, chunkSizeWarningLimit: 3000 },
  worker: { format: 'es' },
});

// The shell: index.html and what it loads before any script runs, but for the map's own chunk and CSS, which it asks for
// beside the shell and which are counted with the map. The map: that chunk, its CSS and the worker.
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const assets = readdirSync(join(dist, 'assets'));
const map = assets.filter((f) => /^(MapView-.*\.(js|css)|maplibre-gl-worker-.*\.mjs)$/.test(f)).map((f) => `assets/${f}`);
const shell = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]).filter((f) => !map.includes(f))];
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const total = (files: string[]) => files.reduce((sum, f) => sum + gz(f), 0);
for (const f of [...shell, ...map]) console.log(`  ${f.padEnd(48)} ${kB(gz(f)).padStart(10)} gzip`);
console.log(`[bench:web] shell ${kB(total(shell))} gzip (aim < 100 kB); map chunk + CSS + worker ${kB(total(map))} gzip (aim < 500 kB)`);

await prepareBenchDatabase(databaseUrl, repoRoot);
const hub = await startHub(
  { ...loadConfig({}), port: 0, webDir: dist, database: { url: databaseUrl, dataDir: '', poolMax: 8, preparedStatements: true } },
  () => undefined,
);
await hub.ready;
const browser = await launchBrowser();
const times = { app: [] as number[], bare: [] as number[] };
const load = () => loadavg()[0].toFixed(1);
const loadAtStart = load();
// Alternating app and bare loads, so a busy moment of the machine weighs on both alike; the first pair warms Chromium and the hub, unmeasured.
for (let i = -1; i < loads; i++) {
  for (const [which, path] of [
    ['app', '/'],
    ['bare', '/bare-map/'],
  ] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // a fresh context: an empty cache each time
    const page = await context.newPage();
    await page.goto(`${hub.url}${path}`);
    const idle = await mapIdle(page);
    if (i >= 0) times[which].push(idle);
    await context.close();
  }
}
await browser.close();
await hub.stop();
const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1];
const summary = (list: number[]) => `median ${Math.round(median(list))} ms, min ${Math.round(Math.min(...list))} ms, max ${Math.round(Math.max(...list))} ms`;
console.log(
  `[bench:web] first map idle after navigation, ${loads} cold loads each at 1280×800: app ${summary(times.app)}; bare MapLibre page ${summary(times.bare)}`,
);
console.log(
  `[bench:web] app ÷ bare MapLibre page, medians: ${(median(times.app) / median(times.bare)).toFixed(2)} (aim ≤ 1.3); load average ${loadAtStart} at start, ${load()} at end, on ${availableParallelism()} cores`,
);
