import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  plugins: [react()],
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
