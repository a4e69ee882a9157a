import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One copy of graphql: type-graphql loads the CommonJS build, so sources must too.
const graphqlCjs = createRequire(new URL('./server/package.json', import.meta.url)).resolve('graphql');

export default defineConfig({
  resolve: { alias: { graphql: graphqlCjs } },
  test: {
    // Web component tests choose jsdom per file (a `@vitest-environment jsdom` comment).
    include: ['{shared,db,server,test}/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    // Starts (or resets) one PostGIS for the whole run, migrates and seeds it once.
    globalSetup: ['test/src/global-setup.ts'],
    // Every test file shares that database; running files one at a time keeps their writes apart.
    fileParallelism: false,
    testTimeout: 60_000,
    // A poll waits for something to happen (a panel opening, a feed delivering);
    // on a busy shared machine that can take longer than the default second.
    expect: { poll: { timeout: 15_000 } },
    // graphql-ws imports graphql itself: inlined, it gets the one copy aliased above.
    server: { deps: { inline: ['graphql-ws'] } },
    hookTimeout: 120_000,
  },
});
