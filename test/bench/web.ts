// `pnpm bench:web`: the map's weight (gzip) and its time to the first map `idle` in headless Chromium, on a production build.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadConfig, startHub } from '@anbinh/server';
import { prepareBenchDatabase } from './database';
import { launchBrowser, mapIdle } from '../src/browser';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/anbinh_bench';
const loads = 7;

const { build } = await import('vite');
const webRoot = join(repoRoot, 'web');
const dist = join(repoRoot, 'test/bench/results/web');
console.log('[bench:web] Building the web client (production)');
await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });

// The shell: index.html and what it loads before any script runs. The map: the lazily loaded chunk, its CSS and the worker.
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const shell = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1])];
const assets = readdirSync(join(dist, 'assets'));
const map = assets.filter((f) => /^(MapView-.*\.(js|css)|maplibre-gl-worker-.*\.mjs)$/.test(f)).map((f) => `assets/${f}`);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const total = (files: string[]) => files.reduce((sum, f) => sum + gz(f), 0);
for (const f of [...shell, ...map]) console.log(`  ${f.padEnd(48)} ${kB(gz(f)).padStart(10)} gzip`);
console.log(`[bench:web] shell ${kB(total(shell))} gzip (aim < 150 kB); map chunk + CSS + worker ${kB(total(map))} gzip (aim < 500 kB)`);

await prepareBenchDatabase(databaseUrl, repoRoot);
const hub = await startHub({ ...loadConfig({}), port: 0, webDir: dist, database: { url: databaseUrl, dataDir: '', poolMax: 8, preparedStatements: true } }, () => undefined);
await hub.ready;
const browser = await launchBrowser();
const times: number[] = [];
for (let i = 0; i < loads; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // a fresh context: an empty cache each time
  const page = await context.newPage();
  await page.goto(hub.url);
  times.push(await mapIdle(page));
  await context.close();
}
await browser.close();
await hub.stop();
const sorted = [...times].sort((a, b) => a - b);
console.log(`[bench:web] first map idle after navigation, ${loads} cold loads at 1280×800: median ${Math.round(sorted[loads >> 1])} ms, ` +
  `min ${Math.round(sorted[0])} ms, max ${Math.round(sorted[loads - 1])} ms (aim < 2,500 ms)`);

