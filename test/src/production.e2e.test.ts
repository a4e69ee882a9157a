import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, testDatabaseConfig } from '@anbinh/db/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/**
 * `pnpm build:deploy <folder>` and then the folder alone, as an operator runs it: `node` and production dependencies,
 * no tsx, Vite or sources. It builds the web client and the server unless the repository's build is current.
 */
describe('a production deploy', () => {
  const target = join(mkdtempSync(join(tmpdir(), 'anbinh-deploy-')), 'anbinh');
  let hub: ChildProcess | undefined;
  let base = '';
  let output = '';

  beforeAll(async () => {
    await run(process.execPath, [join(root, 'server/build.js'), '--deploy', target], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    hub = spawn(process.execPath, ['server/dist/main.js'], {
      cwd: target,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: testDatabaseConfig().url,
        DATABASE_PREPARED_STATEMENTS: String(!inject('databaseEmbedded')),
        PORT: String(port),
      },
    });
    hub.stdout!.on('data', (chunk) => (output += chunk));
    hub.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 120_000;
    while ((await fetch(`${base}/readyz`).catch(() => undefined))?.status !== 200) {
      if (hub.exitCode !== null || Date.now() > deadline) throw new Error(`The deployed hub did not become ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 240_000);

  afterAll(() => {
    hub?.kill('SIGKILL');
    rmSync(join(target, '..'), { recursive: true, force: true });
  });

  it('holds production dependencies only: no tsx, Vite, esbuild or vitest, and no sources', () => {
    for (const dev of ['tsx', 'vite', 'esbuild', 'vitest', 'typescript']) expect(existsSync(join(target, 'server/node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(target, 'server/src'))).toBe(false);
  });

  it('serves the map’s script, compressed and immutable', async () => {
    const page = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script, page).toBeDefined();
    const answer = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-encoding')).toBe('gzip');
    expect(answer.headers.get('cache-control')).toMatch(/immutable/);
    // fetch has unpacked it: the built script, whole.
    expect(await answer.text()).toBe(readFileSync(join(target, 'web/dist', script!), 'utf8'));
  });

  it('answers GraphQL from its database, and logs JSON lines', async () => {
    const answer = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ report(year: 2021) { selfManagementModels } }' }),
    });
    expect(await answer.json()).toEqual({ data: { report: { selfManagementModels: 1447 } } });
    expect(output.trim().split('\n').at(-1)).toMatch(/^\{"level":\d+,/);
  });

  it('runs its command lines with node alone', async () => {
    const { stdout } = await run(process.execPath, ['server/dist/db.js', '--help'], { cwd: target });
    expect(stdout).toContain('pnpm db:dump');
  });
});
