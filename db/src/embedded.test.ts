import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir, startEmbeddedPostgis } from './embedded';

describe('the embedded data directory lock', () => {
  const dataDir = () => join(mkdtempSync(join(tmpdir(), 'anbinh-lock-')), 'pglite');

  it('refuses a second owner while the first holds it, and frees it on release', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.pid}.*PGLITE_DATA_DIR`));
    release();
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, '2147483646');
    expect(() => lockDataDir(dir)()).not.toThrow();
  });
});

describe('the embedded server with several connections', () => {
  it('keeps each connection’s answers its own, errors included, under concurrent extended-protocol queries', async () => {
    const { default: pg } = await import('pg');
    const server = await startEmbeddedPostgis({ maxConnections: 4 });
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        return client;
      }),
    );
    try {
      const rounds = Array.from({ length: 30 }, (_, i) => i);
      const [failing, good, prepared] = await Promise.all([
        Promise.allSettled(rounds.map((i) => clients[0].query('select $1::int / 0 as x', [i]))),
        Promise.all(rounds.map((i) => clients[1].query('select $1::int * 2 as x', [i]))),
        Promise.all(rounds.map((i) => clients[2].query({ name: 'triple', text: 'select $1::int * 3 as x', values: [i] }))),
      ]);
      expect(failing.every((r) => r.status === 'rejected' && /division by zero/.test(String(r.reason)))).toBe(true);
      expect(good.map((r) => r.rows[0].x)).toEqual(rounds.map((i) => i * 2));
      expect(prepared.map((r) => r.rows[0].x)).toEqual(rounds.map((i) => i * 3));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await server.stop();
    }
  }, 240_000); // a cold start (initdb and PostGIS), beside another test file
});
