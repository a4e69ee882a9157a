import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Writes a .br and a .gz beside every text file of the build, at full strength, so the hub serves them without compressing per request. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'anbinh-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|mjs|css|html|json|svg|txt|pbf|wasm|map)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Lets the map page ask for the map's chunk (and what it imports, and its CSS) with the shell's own files:
 * otherwise its download waits until the shell's script has run.
 */
function preloadMap(): Plugin {
  return {
    name: 'anbinh-preload-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { path, bundle }) {
        if (!bundle || !path.endsWith('/index.html')) return;
        const map = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/map/MapView.tsx'));
        if (map?.type !== 'chunk') throw new Error('The map chunk (src/map/MapView.tsx) is missing from the build.');
        const href = (file: string) => `/${file}`;
        const fresh = (file: string) => !html.includes(`"${href(file)}"`); // the shell's own files are asked for already
        return [
          ...[map.fileName, ...map.imports]
            .filter(fresh)
            .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: href(file) }, injectTo: 'head' as const })),
          ...[...(map.viteMetadata?.importedCss ?? [])]
            .filter(fresh)
            .map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: href(file) }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress(), preloadMap()],
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre (≈ 1 MB, in the lazily loaded map chunk) and Monaco (IDE page only) are large by nature; sizes are measured by `pnpm bench:web`.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      // Two pages: the map, and the GraphQL IDE that the hub serves to a browser opening /graphql.
      // GraphiQL and Monaco are reachable only from ide.html, so the map's bundle never carries them.
      input: { main: page('index.html'), ide: page('ide.html') },
      onwarn(warning, warn) {
        // GraphiQL's modules open with React Compiler's "use no memo"; bundled code does not need it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use no memo"')) return;
        warn(warning);
      },
    },
  },
  // Monaco's language workers are bundled (graphiql/setup-workers/vite), never fetched from a CDN.
  worker: { format: 'es' },
});
