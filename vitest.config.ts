import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

// One copy of graphql: type-graphql loads the CommonJS build, so sources must too.
const graphqlCjs = createRequire(new URL('./server/package.json', import.meta.url)).resolve('graphql');

/** Files under db/, server/ and test/: each gets a database of its own. */
const database = {
  include: ['{db,server,test}/src/**/*.test.ts'],
  // Migrates and seeds once per run what each file's own database is made from.
  globalSetup: ['test/src/global-setup.ts'],
  // Gives each file its database before the file is imported.
  setupFiles: ['test/src/file-database.ts'],
};
/** Files under db/, server/ and test/ that use no database of the run's (one starts its own): spared starting one. */
const noDatabase = [
  'db/src/embedded.test.ts',
  'db/src/seed/national.test.ts',
  'db/src/seed/sample.test.ts',
  'server/src/app/layers.test.ts',
  'server/src/graphql/schema-contract.test.ts',
];
/** Files that must not run beside others (see the `alone` project). */
const alone = ['server/src/changes/feed.test.ts'];

export default defineConfig({
  resolve: { alias: { graphql: graphqlCjs } },
  test: {
    // Each file under db/, server/ and test/ has a database of its own, so files run side by side:
    // two at a time even on two cores (vitest's default would be one), as most of a file's time is spent waiting.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    // A poll waits for something to happen (a panel opening, a feed delivering);
    // on a busy shared machine that can take longer than the default second.
    expect: { poll: { timeout: 15_000 } },
    // graphql-ws imports graphql itself: inlined, it gets the one copy aliased above.
    server: { deps: { inline: ['graphql-ws'] } },
    hookTimeout: 120_000,
    projects: [
      // Pure code and web components (which choose jsdom per file with a `@vitest-environment jsdom` comment): no database.
      { extends: true, test: { name: 'unit', include: ['shared/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}', ...noDatabase] } },
      { extends: true, test: { ...database, name: 'database', exclude: [...configDefaults.exclude, ...noDatabase, ...alone] } },
      // After the others, by itself: the change feed withholds a change while any older transaction on the
      // PostgreSQL server is open, and other files' transactions (a bulk import killed half-way) would hold it back.
      { extends: true, test: { ...database, name: 'alone', include: alone, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
