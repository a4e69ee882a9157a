// @ts-check
// `pnpm build`: the web client (Vite) and the hub's commands bundled for Node (esbuild), so production runs
// with plain `node` and its production dependencies. Plain JavaScript, so `pnpm start` can check the build without tsx.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The commands a deploy runs: the hub and every command line, by the name of their bundle in server/dist. */
const entryPoints = {
  main: 'server/src/main.ts',
  access: 'server/src/access/cli.ts',
  import: 'server/src/imports/cli.ts',
  follow: 'server/src/changes/follow.ts',
  db: 'db/src/cli.ts',
};

/** What the build is made from: a change to any of these makes it stale. */
const inputs = [
  'shared/src',
  'db/src',
  'server/src',
  'web/src',
  'web/public',
  'web/index.html',
  'web/ide.html',
  'web/vite.config.ts',
  'server/build.js',
].concat(
  ['', 'shared/', 'db/', 'server/', 'web/'].map((dir) => `${dir}package.json`),
  ['pnpm-lock.yaml', 'tsconfig.base.json'],
);
const stampFile = join(root, 'server/dist/build.json');

/** A digest of every input file's path and contents (tests left out: they are not built). */
export function inputsDigest() {
  const hash = createHash('sha256');
  const files = [];
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    if (!input.includes('.')) {
      for (const entry of readdirSync(path, { recursive: true, withFileTypes: true }))
        if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    } else files.push(path);
  }
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Whether server/dist and web/dist hold a build of the current sources. */
export function isCurrent() {
  if (!existsSync(stampFile) || !existsSync(join(root, 'web/dist/index.html'))) return false;
  return JSON.parse(readFileSync(stampFile, 'utf8')).inputs === inputsDigest();
}

/**
 * Builds the web client into `webOut` and the bundles into `serverOut` (server/dist, which sits two levels below the
 * root like every source file's folder). Workspace code is bundled; npm packages stay imports, resolved from node_modules.
 */
export async function build(serverOut = join(root, 'server/dist'), webOut = join(root, 'web/dist')) {
  const digest = inputsDigest();
  const [{ build: bundle }, { build: buildWeb }] = await Promise.all([import('esbuild'), import('vite')]);
  // The production build of React, whatever the caller's NODE_ENV (a test runner sets "test").
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildWeb({
      root: join(root, 'web'),
      configFile: join(root, 'web/vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: webOut, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  rmSync(serverOut, { recursive: true, force: true });
  await bundle({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([name, file]) => [name, join(root, file)])),
    outdir: serverOut,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    tsconfig: join(root, 'tsconfig.base.json'),
    // MikroORM and type-graphql name entities and types after their classes.
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
    plugins: [npmPackagesExternal, sourceLocations],
  });
  writeFileSync(join(serverOut, 'build.json'), JSON.stringify({ inputs: digest }) + '\n');
}

/**
 * npm packages stay imports, so each must be a production dependency of the server itself (the bundle imports
 * db's too): production installs only those, and an undeclared one would be found in development only.
 * @type {import('esbuild').Plugin}
 */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(build) {
    const declared = Object.keys(JSON.parse(readFileSync(join(root, 'server/package.json'), 'utf8')).dependencies);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@anbinh/')) return undefined;
      const name = args.path
        .split('/')
        .slice(0, args.path.startsWith('@') ? 2 : 1)
        .join('/');
      if (!args.path.startsWith('node:') && !builtinModules.includes(name) && !declared.includes(name))
        return { errors: [{ text: `${name} is imported by ${relative(root, args.importer)} but is not in server/package.json's dependencies` }] };
      return { path: args.path, external: true };
    });
  },
};

/**
 * A module that finds files beside itself (`new URL('../../data/', import.meta.url)`) keeps finding them from the bundle:
 * its `import.meta.url` becomes where its source lies relative to the bundle's folder, two levels below the root.
 * @type {import('esbuild').Plugin}
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    const asIfInRepo = join(root, 'server/dist');
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.split(sep).includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(asIfInRepo, args.path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * A folder holding only what production runs, laid out like the repository: `server/` with the bundles and the
 * server's production dependencies (`pnpm deploy --prod`), `web/dist`, `db/data`, and a package.json whose scripts
 * run them with plain `node`. `.env` and `.data/` go beside it, as in the repository.
 * @param {string} target
 */
export async function deploy(target) {
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} is not empty: give a new or empty folder`);
  mkdirSync(target, { recursive: true });
  execFileSync('pnpm', ['--filter', '@anbinh/server', 'deploy', '--prod', '--config.node-linker=hoisted', join(target, 'server')], {
    cwd: root,
    stdio: 'inherit',
  });
  // The repository's own build when it is current (after `pnpm build` or `pnpm start`), else one made here.
  if (isCurrent()) for (const dir of ['server/dist', 'web/dist']) cpSync(join(root, dir), join(target, dir), { recursive: true });
  else await build(join(target, 'server/dist'), join(target, 'web/dist'));
  cpSync(join(root, 'db/data'), join(target, 'db/data'), { recursive: true });
  const node = 'node --enable-source-maps';
  const db = `${node} server/dist/db.js`;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(
    join(target, 'package.json'),
    JSON.stringify(
      {
        name: 'anbinh-deploy',
        private: true,
        type: 'module',
        engines: manifest.engines,
        scripts: {
          start: `${node} --max-semi-space-size=64 server/dist/main.js`,
          'db:migrate': `${db} migrate`,
          'db:seed': `${db} seed`,
          'db:dump': `${db} dump`,
          'db:restore': `${db} restore`,
          token: `${node} server/dist/access.js token`,
          'user:add': `${node} server/dist/access.js user:add`,
          import: `${node} server/dist/import.js`,
          'feed:follow': `${node} server/dist/follow.js`,
        },
      },
      null,
      2,
    ) + '\n',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, deploy: { type: 'string' } } });
  if (values.deploy) {
    await deploy(values.deploy);
    console.log(`[anbinh] Deployed to ${values.deploy}: start it there with \`npm start\` (Node 22 or later; production dependencies only).`);
  } else if (values['if-stale'] && isCurrent()) {
    console.log('[anbinh] The build is current.');
  } else {
    const started = Date.now();
    console.log('[anbinh] Building the web client and the server…');
    await build();
    console.log(`[anbinh] Built in ${((Date.now() - started) / 1000).toFixed(1)} s (server/dist, web/dist).`);
  }
}
